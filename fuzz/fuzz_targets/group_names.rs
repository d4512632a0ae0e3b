//! Fuzz target `group_names`: see `fuzz_support::group_names` (fuzz/src/checks.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_support::group_names(data));
