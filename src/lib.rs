#![recursion_limit = "256"]
//! Tổ công tác: the library holds everything the browser and the server share (pages,
//! shared types, server function signatures); `main.rs` is server-only start-up.

pub mod codes;
pub mod accounts;
pub mod app;
pub mod auth;
pub mod calendar;
pub mod dashboard;
pub mod evaluation;
pub mod review;
pub mod periodic;
pub mod error;
pub mod groups;
pub mod helpers;
pub mod home;
pub mod i18n;
pub mod org;
pub mod people;
pub mod recommendations;
pub mod reports;
pub mod ui;
pub mod workdays;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::load_document_pages_in_full();
    // the page's texts first (without them every text would show its key); if they cannot
    // be loaded the page stays the server's, whose forms work without the wasm
    wasm_bindgen_futures::spawn_local(async {
        match i18n::load_text().await {
            Ok(()) => leptos::mount::hydrate_lazy(app::App),
            Err(e) => web_sys::console::warn_2(&"texts not loaded, page not hydrated:".into(), &e),
        }
    });
}
