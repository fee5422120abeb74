//! Where files come from and go to: the native open and save dialogs, chosen on the Rust side so
//! the window itself never gets file-system or dialog permissions. Writing goes through the API's
//! one atomic writer.
//!
//! With the `test-hooks` feature (the end-to-end test's build only), `GOVMAT_E2E_SAVE_DIR`
//! replaces the save dialog with a fixed folder, because WebDriver cannot drive a native GTK
//! dialog. The app `make run` opens is built without it.

use std::path::PathBuf;

use govmat::ExportFormat;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

fn filter_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Pdf => "PDF report",
        ExportFormat::Docx => "Word report",
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

/// Asks for a Forms CSV export to import; `None` when the person cancels.
pub fn pick_csv<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    app.dialog()
        .file()
        .set_title("Choose a Forms export (CSV)")
        .add_filter("CSV export", &["csv"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}
