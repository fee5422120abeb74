//! Where files come from and go to: the native open and save dialogs, chosen on the Rust side so
//! the window itself never gets file-system or dialog permissions. Writing goes through the API's
//! one atomic writer.
//!
//! With the `test-hooks` feature (the end-to-end test's build only), `GOVMAT_E2E_SAVE_DIR`
//! replaces the save dialog with a fixed folder, because WebDriver cannot drive a native GTK
//! dialog. The app `make run` opens is built without it.

use std::path::PathBuf;

use govmat::{ExportFormat, PackFile};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

fn filter_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Pdf => "PDF report",
        ExportFormat::Docx => "Word report",
        ExportFormat::SummaryPdf => "PDF board summary",
        ExportFormat::SummaryDocx => "Word board summary",
        ExportFormat::Xlsx => "Excel workbook",
        ExportFormat::Csv => "CSV (comma-separated values)",
        ExportFormat::Json => "JSON data",
    }
}

/// Asks where to save `suggested`; `None` when the person cancels.
pub fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    suggested: &str,
    format: ExportFormat,
) -> Option<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(dir) = std::env::var_os("GOVMAT_E2E_SAVE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join(suggested));
    }
    app.dialog()
        .file()
        .set_title("Save the report")
        .set_file_name(suggested)
        .add_filter(filter_name(format), &[format.extension()])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for the export of a form (XLSX or CSV) to import; `None` when the person cancels. In
/// `test-hooks` builds, `GOVMAT_E2E_IMPORT` names the file instead.
pub fn pick_import<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(file) = std::env::var_os("GOVMAT_E2E_IMPORT").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(file));
    }
    app.dialog()
        .file()
        .set_title("Choose the export of the form (XLSX or CSV)")
        .add_filter("Forms export", &["xlsx", "csv"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks where to save `suggested` as a file of one kind (`filter`, `extension`); `None` when the
/// person cancels. The collaborative's pack and report, and the database backup, use it.
pub fn save_as<R: Runtime>(
    app: &AppHandle<R>,
    suggested: &str,
    filter: &str,
    extension: &str,
) -> Option<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(dir) = std::env::var_os("GOVMAT_E2E_SAVE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join(suggested));
    }
    app.dialog()
        .file()
        .set_title("Save")
        .set_file_name(suggested)
        .add_filter(filter, &[extension])
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for a mapping file saved before (`govmat import --save-map`, or the window's "Save this
/// mapping"); `None` when the person cancels. In `test-hooks` builds, `GOVMAT_E2E_MAP` names the
/// file instead.
pub fn pick_map<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(file) = std::env::var_os("GOVMAT_E2E_MAP").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(file));
    }
    app.dialog()
        .file()
        .set_title("Choose a saved mapping of the form's columns")
        .add_filter("Column mapping", &["toml"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for a backup to restore; `None` when the person cancels. In `test-hooks` builds,
/// `GOVMAT_E2E_RESTORE` names the file instead, because WebDriver cannot drive the dialog.
pub fn pick_backup<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(file) = std::env::var_os("GOVMAT_E2E_RESTORE").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(file));
    }
    app.dialog()
        .file()
        .set_title("Restore govmat from a backup")
        .add_filter("govmat database", &["db"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for results pack files under the dialog's `title` and reads them (each checked for size
/// and text, not yet as a pack); `None` when the person cancels.
pub fn pick_packs<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
) -> govmat::Result<Option<Vec<PackFile>>> {
    let paths = pack_paths(app, title);
    if paths.is_empty() {
        return Ok(None);
    }
    paths
        .iter()
        .map(|p| PackFile::read(p))
        .collect::<govmat::Result<Vec<_>>>()
        .map(Some)
}

/// The pack files chosen in the dialog; empty when cancelled. With `test-hooks`,
/// `GOVMAT_E2E_PACKS` (paths separated by the platform's path separator) replaces the dialog.
fn pack_paths<R: Runtime>(app: &AppHandle<R>, title: &str) -> Vec<PathBuf> {
    #[cfg(feature = "test-hooks")]
    if let Some(list) = std::env::var_os("GOVMAT_E2E_PACKS").filter(|d| !d.is_empty()) {
        return std::env::split_paths(&list).collect();
    }
    app.dialog()
        .file()
        .set_title(title)
        .add_filter("govmat results pack", &["govmat-pack", "json"])
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect()
}
