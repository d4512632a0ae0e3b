//! Fuzz target `directory_json`: see `fuzz_support::directory_json` (fuzz/src/checks.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_support::directory_json(data));
