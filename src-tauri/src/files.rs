//! Where files come from and go to: the native open and save dialogs, chosen and written on the
//! Rust side so the window itself never gets file-system or dialog permissions.
//!
//! `GOVMAT_E2E_SAVE_DIR` replaces the save dialog with a fixed folder, because WebDriver cannot
//! drive a native GTK dialog; the end-to-end test sets it and nothing else should.

use std::path::{Path, PathBuf};

use govmat::ErrorBody;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The kinds of file the app writes, with what the save dialog calls them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Xlsx,
    Csv,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    fn filter_name(self) -> &'static str {
        match self {
            Format::Pdf => "PDF report",
            Format::Xlsx => "Excel workbook",
            Format::Csv => "CSV (comma-separated values)",
            Format::Json => "JSON data",
        }
    }
}

/// Asks where to save `suggested`; `None` when the person cancels.
pub fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    suggested: &str,
    format: Format,
) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GOVMAT_E2E_SAVE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join(suggested));
    }
    app.dialog()
        .file()
        .set_title("Save the report")
        .set_file_name(suggested)
        .add_filter(format.filter_name(), &[format.extension()])
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

/// Writes the whole file next to its destination, then renames it into place, so a half-written
/// report never sits where the board expects a finished one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ErrorBody> {
    let fail = |e: std::io::Error| ErrorBody {
        code: "io",
        message: format!("could not save {}: {e}", path.display()),
    };
    let tmp = path.with_extension("govmat-partial");
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}
