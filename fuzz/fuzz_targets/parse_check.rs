//! Catalog bytes → parse → lower → check → render → fmt: never a panic.
#![no_main]

include!("../harness.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| parse_check(data));
