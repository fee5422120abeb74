//! Collection on members' devices from the desktop: start or stop the devices server for the
//! collecting round, and the counts the projector may show. The server itself, its security and
//! the ballot it serves live in the API (`govmat::LanServer`); these commands only hold it.

use govmat::{DeviceProgress, LanOptions, LanServer};
use serde::Serialize;
use tauri::async_runtime::Mutex;
use tauri::State;

use super::{body, lock, Reply};
use crate::Board;

/// The running devices server, if any.
#[derive(Default)]
pub struct Devices(pub Mutex<Option<LanServer>>);

/// What the projector shows: the address to type, and the QR code of it as SVG markup (shown as
/// an `<img>`, never put into the page).
#[derive(Debug, Serialize)]
pub struct DevicesServed {
    pub url: String,
    pub urls: Vec<String>,
    pub qr_svg: String,
}

fn served(server: &LanServer) -> Reply<DevicesServed> {
    let urls = server.join_urls();
    // An IPv4 address is the one people can type from the projector; IPv6 only when none.
    let url = urls
        .iter()
        .find(|u| !u.contains('['))
        .or(urls.first())
        .cloned()
        .unwrap_or_default();
    let qr_svg = govmat::qr_svg(&url).map_err(body)?;
    Ok(DevicesServed { url, urls, qr_svg })
}

/// Starts the devices server for the collecting round (or answers the running one's address).
#[tauri::command(rename_all = "snake_case")]
pub async fn start_devices(
    board: State<'_, Board>,
    devices: State<'_, Devices>,
    round_id: i64,
) -> Reply<DevicesServed> {
    let mut slot = devices.0.lock().await;
    if let Some(server) = slot.as_ref().filter(|s| !s.is_finished()) {
        return served(server);
    }
    let db = lock(&board.0).db_path().to_path_buf();
    let options = LanOptions {
        questionnaires: Some(crate::questionnaire_dir()),
        ..LanOptions::default()
    };
    // On threads of its own: a room's traffic, or a device trying to starve the server, never
    // takes the threads the window's commands run on (issue 25 §2).
    let server = LanServer::start_on_own_threads(&db, round_id, options)
        .await
        .map_err(body)?;
    let reply = served(&server);
    *slot = Some(server);
    reply
}

/// Stops the devices server, if one runs.
#[tauri::command(rename_all = "snake_case")]
pub async fn stop_devices(devices: State<'_, Devices>) -> Reply<()> {
    if let Some(server) = devices.0.lock().await.take() {
        server.shutdown().await;
    }
    Ok(())
}

/// Counts for the projector: joined, finished, answers received per question; never an answer.
#[tauri::command(rename_all = "snake_case")]
pub async fn device_progress(board: State<'_, Board>, round_id: i64) -> Reply<DeviceProgress> {
    lock(&board.0).device_progress(round_id).map_err(body)
}
