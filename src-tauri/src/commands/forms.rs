//! Meeting boards where their answers already are: the Forms import shown before it writes
//! anything, the template for building the form, and paper ballots to print.
//!
//! The import reads the chosen file once. The mapping and what the import would do are shown
//! from those bytes, which Rust keeps (never the page) until the person confirms or cancels, so
//! what is imported is exactly what was shown, and the page never names a path.

use std::sync::Mutex;

use govmat::{ImportOutcome, ImportPreview};
use tauri::{AppHandle, Runtime, State};

use super::{body, lock, Reply};
use crate::{files, Board, Renderer};

/// The file read for the import being confirmed: its round, its name for messages, its bytes.
#[derive(Default)]
pub struct PendingImport(pub Mutex<Option<Pending>>);

pub struct Pending {
    round_id: i64,
    name: String,
    bytes: Vec<u8>,
    replace: bool,
}

/// Asks for the export of a form, reads it and answers the mapping and what the import would
/// do, writing nothing; `None` when the person cancels the dialog.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_preview<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    pending: State<'_, PendingImport>,
    round_id: i64,
    replace: bool,
) -> Reply<Option<ImportPreview>> {
    let Some(path) = files::pick_import(&app) else {
        return Ok(None);
    };
    let (name, bytes) = govmat::read_import_file(&path).map_err(body)?;
    let preview = lock(&board.0)
        .preview_bytes_into_round(round_id, &name, &bytes, replace)
        .map_err(body)?;
    *pending.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Pending {
        round_id,
        name,
        bytes,
        replace,
    });
    Ok(Some(preview))
}

/// As [`import_preview`], for an export dropped on the window: the body is the file's bytes, and
/// headers carry the round (`x-round-id`), the replace choice (`x-replace`, `1` or `0`) and the
/// file's bare name (`x-file-name`, percent-encoded; used only in messages).
#[tauri::command]
pub async fn import_preview_dropped(
    board: State<'_, Board>,
    pending: State<'_, PendingImport>,
    request: tauri::ipc::Request<'_>,
) -> Reply<ImportPreview> {
    let invalid = |m: &str| body(govmat::Error::Invalid(m.into()));
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(invalid("the dropped file's bytes did not arrive"));
    };
    let header = |key: &str| request.headers().get(key).and_then(|v| v.to_str().ok());
    let round_id = header("x-round-id")
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| invalid("which round the file is for did not arrive"))?;
    let replace = header("x-replace") == Some("1");
    let name = header("x-file-name")
        .map(|v| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default();
    let name = govmat::bare_file_name(&name);
    if bytes.len() as u64 > govmat::MAX_IMPORT_BYTES {
        return Err(invalid(&format!(
            "{name}: file is {} bytes; the limit is {}",
            bytes.len(),
            govmat::MAX_IMPORT_BYTES
        )));
    }
    let preview = lock(&board.0)
        .preview_bytes_into_round(round_id, &name, bytes, replace)
        .map_err(body)?;
    *pending.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Pending {
        round_id,
        name,
        bytes: bytes.clone(),
        replace,
    });
    Ok(preview)
}

/// Imports the file last shown by [`import_preview`] into the same round, all or nothing.
/// Replacing members already in the round takes the board's roster PIN (`pin`); a refused
/// import keeps the file waiting, so a mistyped PIN does not mean choosing the file again.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_confirm(
    board: State<'_, Board>,
    pending: State<'_, PendingImport>,
    round_id: i64,
    pin: Option<String>,
) -> Reply<ImportOutcome> {
    let held = pending.0.lock().unwrap_or_else(|e| e.into_inner()).take();
    let Some(p) = held.filter(|p| p.round_id == round_id) else {
        return Err(body(govmat::Error::Invalid(
            "no file is waiting to be imported into this round: choose the export again".into(),
        )));
    };
    let done = {
        let mut g = lock(&board.0);
        match (&pin, p.replace) {
            (Some(pin), true) => {
                g.replace_bytes_into_round(p.round_id, &p.name, &p.bytes, pin, govmat::unix_now())
            }
            _ => g.import_bytes_into_round(p.round_id, &p.name, &p.bytes, p.replace),
        }
    };
    if done.is_err() {
        *pending.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(p);
    }
    done.map_err(body)
}

/// Forgets the file shown, when the person decides not to import it.
#[tauri::command]
pub async fn import_cancel(pending: State<'_, PendingImport>) -> Reply<()> {
    *pending.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    Ok(())
}

/// Saves the guide for building the round's form (questions and options to paste) where the
/// person chooses, and the CSV of headers the import maps beside it; answers both paths.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_forms_template<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    round_id: i64,
) -> Reply<Option<Vec<String>>> {
    let (t, stem) = {
        let g = lock(&board.0);
        let t = g.round_forms_template(round_id).map_err(body)?;
        let name = g.export_file_name(round_id, "txt").map_err(body)?;
        (t, name)
    };
    let suggested = format!(
        "{} - form questions.txt",
        stem.strip_suffix(".txt").unwrap_or(&stem)
    );
    let Some(guide) = files::save_as(&app, &suggested, "Text", "txt") else {
        return Ok(None);
    };
    let csv = guide.with_extension("csv");
    if csv == guide {
        return Err(body(govmat::Error::Invalid(
            "choose a name that does not end in .csv: the CSV is saved beside it".into(),
        )));
    }
    govmat::write_atomically(&guide, t.guide.as_bytes()).map_err(body)?;
    govmat::write_atomically(&csv, t.csv.as_bytes()).map_err(body)?;
    Ok(Some(vec![
        guide.display().to_string(),
        csv.display().to_string(),
    ]))
}

/// Saves paper ballots for the round (one per member, each with its own code) as a PDF.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_paper_ballots<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    renderer: State<'_, Renderer>,
    round_id: i64,
    members: Option<usize>,
) -> Reply<Option<String>> {
    let stem = lock(&board.0)
        .export_file_name(round_id, "pdf")
        .map_err(body)?;
    let suggested = format!(
        "{} - paper ballots.pdf",
        stem.strip_suffix(".pdf").unwrap_or(&stem)
    );
    let Some(path) = files::save_as(&app, &suggested, "PDF", "pdf") else {
        return Ok(None);
    };
    let pdf = lock(&renderer.0)
        .ballot_pdf(round_id, members)
        .map_err(body)?;
    govmat::write_atomically(&path, &pdf.bytes).map_err(body)?;
    Ok(Some(path.display().to_string()))
}
