//! The benchmark's baseline: a bare Tauri window (same Tauri build, no govmat, no state) that
//! loads a one-line page and prints `drawn` when the page has loaded, for
//! `scripts/bench-desktop.sh` to time from outside the process.

use tauri::webview::PageLoadEvent;
use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        // A one-line page from a custom scheme: no asset lookup, no data-URL feature.
        .register_uri_scheme_protocol("bare", |_ctx, _request| {
            tauri::http::Response::builder()
                .header("content-type", "text/html")
                .body(b"<!doctype html><title>bare</title><p>bare</p>".to_vec())
                .expect("a response")
        })
        .setup(|app| {
            WebviewWindowBuilder::new(
                app,
                "bare",
                WebviewUrl::CustomProtocol("bare://localhost/".parse()?),
            )
            .title("bare")
            .inner_size(1280.0, 860.0)
            .build()?;
            Ok(())
        })
        .on_page_load(|_, payload| {
            if payload.event() == PageLoadEvent::Finished {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "drawn");
                let _ = out.flush();
            }
        })
        .run(context)
        .expect("the bare window could not start");
}
