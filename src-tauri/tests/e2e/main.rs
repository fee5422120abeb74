//! The desktop's end-to-end tests in one binary (one link instead of twelve): the built
//! `govmat-desktop` in a real WebKitGTK window, driven through `tauri-driver`. Each file is a
//! module; `../support/` starts the driver and holds the shared steps. The tests take turns (the
//! driver's `Driver` holds a process-wide lock while a window is open), so one window at a time
//! shares the machine, as when they were separate binaries.
//!
//! Needs a display (run under `xvfb-run -a`), `tauri-driver` and Debian's `webkit2gtk-driver`.

#[path = "../../../tests/http/mod.rs"]
mod http;
#[path = "../support/mod.rs"]
mod support;

mod a11y;
mod benchmark;
mod collaborative;
mod devices;
mod forms;
mod import;
mod journey;
mod present;
mod record;
mod results;
mod roster;
mod safety;
