//! Fuzz target `api_documents`: see `fuzz_support::api_documents` (fuzz/src/checks.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_support::api_documents(data));
