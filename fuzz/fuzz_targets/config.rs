//! errgen.yaml text → parse and validate → every problem rendered: never a
//! panic.
#![no_main]

include!("../harness.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| config(data));
