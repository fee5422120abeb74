//! Meeting boards where their answers already are: the Forms import shown before it writes
//! anything, the template for building the form, and paper ballots to print and key in.
//!
//! The import reads the chosen file once. The mapping and what the import would do are shown
//! from those bytes, which Rust keeps (never the page) until the person confirms or cancels, so
//! what is imported is exactly what was shown, and the page never names a path. The mapping the
//! preview used (a saved mapping file, and the uses the person chose for columns) is kept with
//! the bytes in the same way, in the mapping file's own format, so it can be saved for next year
//! and the CLI's `--map` reads it.

use std::sync::Mutex;

use govmat::{BallotKey, ImportOutcome, ImportPreview, PaperCodes};
use serde::{Deserialize, Serialize};
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
    /// The mapping the preview was read through: its name for messages and its TOML text.
    map: Option<(String, String)>,
}

fn take_pending(pending: &PendingImport) -> Option<Pending> {
    pending.0.lock().unwrap_or_else(|e| e.into_inner()).take()
}

fn put_pending(pending: &PendingImport, p: Pending) {
    *pending.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(p);
}

/// The file waiting for this round, or the error saying there is none (and nothing changes).
fn waiting(pending: &PendingImport, round_id: i64) -> Result<Pending, govmat::ErrorBody> {
    let held = take_pending(pending);
    match held {
        Some(p) if p.round_id == round_id => Ok(p),
        other => {
            if let Some(p) = other {
                put_pending(pending, p);
            }
            Err(body(govmat::Error::Invalid(
                "no file is waiting to be imported into this round: choose the export again".into(),
            )))
        }
    }
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
    // The window names the file as the person knows it, not by its folder (the dialog chose it).
    let name = govmat::bare_file_name(&name);
    let preview = lock(&board.0)
        .preview_in_round(round_id, &name, &bytes, replace, None)
        .map_err(body)?;
    put_pending(
        &pending,
        Pending {
            round_id,
            name,
            bytes,
            replace,
            map: None,
        },
    );
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
        .preview_in_round(round_id, &name, bytes, replace, None)
        .map_err(body)?;
    put_pending(
        &pending,
        Pending {
            round_id,
            name,
            bytes: bytes.clone(),
            replace,
            map: None,
        },
    );
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
    let p = waiting(&pending, round_id)?;
    let pin = pin
        .filter(|_| p.replace)
        .map(|pin| (pin, govmat::unix_now()));
    let done = lock(&board.0).import_in_round(
        p.round_id,
        &p.name,
        &p.bytes,
        p.replace,
        p.map.as_ref(),
        pin,
    );
    if done.is_err() {
        put_pending(&pending, p);
    }
    done.map_err(body)
}

/// What the person chose for one column of the file, by its header: `"ignore"`, an item id,
/// `"role"`, `"name"`, `"email"`, `"response-id"`, `"respondent"` or `"comment:<item id>"`.
#[derive(Debug, Deserialize)]
pub struct ColumnChoice {
    pub header: String,
    pub to: String,
}

/// Reads the waiting file again with the person's choices for columns over the mapping used so
/// far, and answers the new preview. A choice that names no use, or a mapping that cannot be
/// read, is refused and the waiting file keeps the mapping it had.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_remap(
    board: State<'_, Board>,
    pending: State<'_, PendingImport>,
    round_id: i64,
    choices: Vec<ColumnChoice>,
) -> Reply<ImportPreview> {
    let mut p = waiting(&pending, round_id)?;
    let choices: Vec<(String, String)> = choices.into_iter().map(|c| (c.header, c.to)).collect();
    let tried = {
        let g = lock(&board.0);
        g.import_map_with(round_id, p.map.as_ref(), &choices)
            .and_then(|text| {
                let map = ("the mapping chosen here".to_string(), text);
                g.preview_in_round(round_id, &p.name, &p.bytes, p.replace, Some(&map))
                    .map(|preview| (map, preview))
            })
    };
    match tried {
        Ok((map, preview)) => {
            p.map = Some(map);
            put_pending(&pending, p);
            Ok(preview)
        }
        Err(e) => {
            put_pending(&pending, p);
            Err(body(e))
        }
    }
}

/// Reads the waiting file again through a mapping file saved before (`govmat import --save-map`
/// or "Save this mapping"), chosen in the open dialog; `None` when the person cancels. A file
/// that is not a mapping for this questionnaire is refused, every problem listed, and the
/// waiting file keeps the mapping it had.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_use_map<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    pending: State<'_, PendingImport>,
    round_id: i64,
) -> Reply<Option<ImportPreview>> {
    let Some(path) = files::pick_map(&app) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        body(govmat::Error::Io(format!(
            "{}: cannot read the mapping file: {e}",
            path.display()
        )))
    })?;
    let mut p = waiting(&pending, round_id)?;
    let map = (govmat::bare_file_name(&path.display().to_string()), text);
    let tried = lock(&board.0).preview_in_round(round_id, &p.name, &p.bytes, p.replace, Some(&map));
    if tried.is_ok() {
        p.map = Some(map);
    }
    put_pending(&pending, p);
    tried.map(Some).map_err(body)
}

/// Saves the mapping the waiting file was last shown with (every column's use, in the file
/// `govmat import --map` reads) where the person chooses, for next year's form; answers the path.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_save_map<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    pending: State<'_, PendingImport>,
    round_id: i64,
) -> Reply<Option<String>> {
    let p = waiting(&pending, round_id)?;
    let shown =
        lock(&board.0).preview_in_round(round_id, &p.name, &p.bytes, p.replace, p.map.as_ref());
    let stem = govmat::bare_file_name(&p.name);
    let stem = stem
        .rsplit_once('.')
        .map_or(stem.as_str(), |(s, _)| s)
        .to_string();
    put_pending(&pending, p);
    let preview = shown.map_err(body)?;
    let Some(path) = files::save_as(&app, &format!("{stem} - mapping.toml"), "Mapping", "toml")
    else {
        return Ok(None);
    };
    govmat::write_atomically(&path, preview.map_file.as_bytes()).map_err(body)?;
    Ok(Some(path.display().to_string()))
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
        let name = g
            .round_file_name(round_id, "form questions", "txt")
            .map_err(body)?;
        (t, name)
    };
    let suggested = stem;
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

/// Where paper ballots were saved and which codes they carry.
#[derive(Debug, Serialize)]
pub struct SavedPaper {
    pub path: String,
    pub codes: PaperCodes,
}

/// Saves paper ballots for the round (one per member, each with its own code, from P`first`, by
/// default after the highest code already keyed in) as a PDF; before collection or during it.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_paper_ballots<R: Runtime>(
    app: AppHandle<R>,
    board: State<'_, Board>,
    renderer: State<'_, Renderer>,
    round_id: i64,
    members: Option<usize>,
    first: Option<usize>,
) -> Reply<Option<SavedPaper>> {
    let suggested = lock(&board.0)
        .round_file_name(round_id, "paper ballots", "pdf")
        .map_err(body)?;
    let Some(path) = files::save_as(&app, &suggested, "PDF", "pdf") else {
        return Ok(None);
    };
    let paper = lock(&renderer.0)
        .paper_ballots(round_id, members, first)
        .map_err(body)?;
    govmat::write_atomically(&path, &paper.pdf.bytes).map_err(body)?;
    Ok(Some(SavedPaper {
        path: path.display().to_string(),
        codes: paper.codes,
    }))
}

/// The facilitator stops keying in a paper ballot: the ballot and what was keyed from the paper
/// are removed, so the code can be keyed again from the start.
#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_paper_ballot(board: State<'_, Board>, ballot: BallotKey) -> Reply<()> {
    lock(&board.0)
        .cancel_paper_ballot(&ballot, govmat::unix_now())
        .map_err(body)
}
