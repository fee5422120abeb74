//! The `govmat-desktop` binary: everything lives in the library so tests can reach it.

// Without a console window on Windows release builds; Linux and macOS are unaffected.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before Tauri starts its threads: the time zone is read only while there is one.
    govmat::capture_local_offset();
    if !govmat_desktop::webview::available() {
        std::process::exit(1);
    }
    govmat_desktop::run();
}
