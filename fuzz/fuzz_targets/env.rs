//! Fuzz target `env`: see `fuzz_support::env` (fuzz/src/checks.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_support::env(data));
