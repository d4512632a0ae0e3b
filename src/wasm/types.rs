//! The TypeScript declarations of every input and output type.
//!
//! They live in `types.d.ts` beside this file (so editors check them and a
//! native test, `tests/wasm_types.rs`, can hold them against the Rust
//! catalogues) and are appended verbatim to the generated `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");
