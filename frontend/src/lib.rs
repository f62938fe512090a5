//! The hydrate entry: the WASM that makes the server-rendered hall's islands
//! (the few interactive parts of its pages) interactive.

// The islands are exported from the app crate; using it links them in.
#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console for debug builds only: the hook's
    // formatting is a few kilobytes of the release WASM (panic = "abort").
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
