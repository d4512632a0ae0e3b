//! Fuzz target `request_headers`: see `fuzz_support::request_headers` (fuzz/src/checks.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_support::request_headers(data));
