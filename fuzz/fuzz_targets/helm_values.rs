//! Fuzz target `helm_values`: see `fuzz_support::helm_values` (fuzz/src/checks.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_support::helm_values(data));
