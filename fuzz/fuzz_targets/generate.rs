//! Catalog bytes that check clean → every target with every option value
//! that changes output, the OpenAPI YAML and JSON read back, and `diff`
//! against mutated copies: never a panic.
#![no_main]

include!("../harness.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| generate(data));
