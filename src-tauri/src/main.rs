//! The `govmat-desktop` binary: everything lives in the library so tests can reach it.

// Without a console window on Windows release builds; Linux and macOS are unaffected.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    govmat_desktop::run();
}
