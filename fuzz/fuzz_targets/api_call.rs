//! Fuzz target `api_call`: see `fuzz_support::api_call` (fuzz/src/checks.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_support::api_call(data));
