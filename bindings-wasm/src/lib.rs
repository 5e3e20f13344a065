//! WebAssembly bindings of scaleplan (placeholder while core lands).
use wasm_bindgen::prelude::*;

/// The version of scaleplan.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
