//! The shared WebAssembly tests (`tests/wasm_common`), run in Node:
//! `wasm-pack test --node -- --test node` or
//! `cargo test --target wasm32-unknown-unknown --test node` with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner`.
#![cfg(target_arch = "wasm32")]

mod wasm_common;
