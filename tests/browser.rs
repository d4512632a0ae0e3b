//! The shared WebAssembly tests (`tests/wasm_common`), run in headless
//! Chromium: `wasm-pack test --headless --chrome -- --test browser` or
//! `cargo test --target wasm32-unknown-unknown --test browser` with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner`
//! (Chromium flags in `webdriver.json`).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod wasm_common;
