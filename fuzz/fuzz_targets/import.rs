//! Markdown bytes → import → parse → check: never a panic, always a catalog
//! that parses.
#![no_main]

include!("../harness.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| import(data));
