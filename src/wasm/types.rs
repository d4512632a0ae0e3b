//! The TypeScript declarations of every input and output type.
//!
//! `types.d.ts` beside this file is generated from the wire declarations
//! (`crate::typescript`, written by `scripts/build.sh`; `tests/typescript.rs`
//! fails when it differs) and appended verbatim to the generated `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");
