//! Collection on members' devices from the desktop: start or stop the devices server (the room
//! check before collection, the ballot during it), what the projector shows of it, and the
//! facilitator's controls for the room (discarding an empty ballot). A room check stops when the
//! facilitator stops it or leaves it (the window asks with `only_check`); collection never does.
//! The server itself, its security and the ballot it serves live in the API
//! (`govmat::LanServer`); these commands only hold it, on threads of its own, so neither the
//! window nor a native dialog ever stalls it.

use govmat::{DeviceProgress, LanOptions, LanServer, Phase};
use serde::Serialize;
use tauri::async_runtime::Mutex;
use tauri::State;

use super::{body, lock, Reply};
use crate::Board;

/// The running devices server, if any, with what the projector shows of it.
#[derive(Default)]
pub struct Devices(pub Mutex<Option<Running>>);

pub struct Running {
    server: LanServer,
    round_id: i64,
    served: DevicesServed,
}

/// One address a phone may join at: the adapter it is on, the address to type, and its QR code
/// as SVG markup (shown as an `<img>`, never put into the page).
#[derive(Debug, Clone, Serialize)]
pub struct JoinChoice {
    pub adapter: String,
    pub url: String,
    pub qr_svg: String,
}

/// What the projector shows. `choices` holds only addresses of real LAN adapters; when it is
/// empty, phones cannot reach this laptop and the window says so (issue 25 §3), with no QR code.
#[derive(Debug, Clone, Serialize)]
pub struct DevicesServed {
    pub round_id: i64,
    /// The first choice's address and QR code ("" when there is none).
    pub url: String,
    pub qr_svg: String,
    pub choices: Vec<JoinChoice>,
    /// The room check before collection, or collection itself.
    pub phase: Phase,
    /// Devices that reached the laptop in the last 20 seconds (the room check's count).
    pub devices: usize,
}

/// What the projector may offer: the reachable adapters' addresses. A `test-hooks` build with
/// `GOVMAT_TEST_OFFER_LOOPBACK` set offers loopback too, so the end-to-end tests' "phones" (on this
/// machine) join the same way whatever network the test machine has; never in a shipped build.
fn offered(server: &LanServer) -> Vec<(String, String)> {
    #[allow(unused_mut)]
    let mut out: Vec<(String, String)> = server
        .offered()
        .into_iter()
        .map(|(a, url)| (a.name, url))
        .collect();
    #[cfg(feature = "test-hooks")]
    if std::env::var_os("GOVMAT_TEST_OFFER_LOOPBACK").is_some() {
        if let Some(url) = server
            .join_urls()
            .into_iter()
            .find(|u| u.starts_with("http://127.0.0.1:"))
        {
            out.push(("loopback".into(), url));
        }
    }
    out
}

fn served(server: &LanServer, round_id: i64) -> Reply<DevicesServed> {
    let mut choices = Vec::new();
    for (adapter, url) in offered(server) {
        choices.push(JoinChoice {
            qr_svg: govmat::qr_svg(&url).map_err(body)?,
            adapter,
            url,
        });
    }
    let first = choices.first();
    Ok(DevicesServed {
        round_id,
        url: first.map(|c| c.url.clone()).unwrap_or_default(),
        qr_svg: first.map(|c| c.qr_svg.clone()).unwrap_or_default(),
        choices,
        phase: server.phase(),
        devices: server.devices_present(),
    })
}

/// The running server's picture, with its live phase and count.
fn live(running: &Running) -> DevicesServed {
    DevicesServed {
        phase: running.server.phase(),
        devices: running.server.devices_present(),
        ..running.served.clone()
    }
}

async fn start(
    board: &State<'_, Board>,
    slot: &mut Option<Running>,
    round_id: i64,
) -> Reply<DevicesServed> {
    if let Some(old) = slot.take() {
        old.server.shutdown().await;
    }
    let db = lock(&board.0).db_path().to_path_buf();
    let options = LanOptions {
        questionnaires: Some(crate::questionnaire_dir()),
        room_check: true,
        ..LanOptions::default()
    };
    // On threads of its own: a room's traffic, or a device trying to starve the server, never
    // takes the threads the window's commands run on (issue 25 §2).
    let server = LanServer::start_on_own_threads(&db, round_id, options)
        .await
        .map_err(body)?;
    let served = served(&server, round_id)?;
    *slot = Some(Running {
        server,
        round_id,
        served: served.clone(),
    });
    Ok(served)
}

/// Starts the devices server for the round: the room check while it is not collecting yet, the
/// ballot while it is (or answers the running one's address).
#[tauri::command(rename_all = "snake_case")]
pub async fn start_devices(
    board: State<'_, Board>,
    devices: State<'_, Devices>,
    round_id: i64,
) -> Reply<DevicesServed> {
    let mut slot = devices.0.lock().await;
    if let Some(running) = slot
        .as_ref()
        .filter(|r| r.round_id == round_id && !r.server.is_finished())
    {
        return Ok(live(running));
    }
    start(&board, &mut slot, round_id).await
}

/// The devices server the projector should show, if any: the running one (after a window reload
/// or a re-render, issue 29 §4), or, after an app restart mid-collection, the one the collection
/// remembers, started again at the same address so the QR code on the wall and members' open
/// pages carry on (issue 25 §5). `None` when no server runs or is remembered for the round.
#[tauri::command(rename_all = "snake_case")]
pub async fn devices_status(
    board: State<'_, Board>,
    devices: State<'_, Devices>,
    round_id: i64,
) -> Reply<Option<DevicesServed>> {
    let mut slot = devices.0.lock().await;
    if let Some(running) = slot
        .as_ref()
        .filter(|r| r.round_id == round_id && !r.server.is_finished())
    {
        return Ok(Some(live(running)));
    }
    let remembered = lock(&board.0)
        .devices_server_remembered(round_id)
        .map_err(body)?;
    if !remembered {
        return Ok(None);
    }
    start(&board, &mut slot, round_id).await.map(Some)
}

/// Stops the devices server, if one runs. With `only_check`, only a room check is stopped (the
/// facilitator left it, or pressed "Stop the room check"): a server whose round is collecting,
/// or has just started to, keeps serving the ballot whatever the window asks.
#[tauri::command(rename_all = "snake_case")]
pub async fn stop_devices(
    board: State<'_, Board>,
    devices: State<'_, Devices>,
    only_check: Option<bool>,
) -> Reply<()> {
    let mut slot = devices.0.lock().await;
    if only_check == Some(true) {
        let collecting = |round_id| {
            lock(&board.0)
                .collection_status(round_id)
                .map_or(true, |s| s.collecting)
        };
        let keep = slot
            .as_ref()
            .is_some_and(|r| r.server.phase() != Phase::Check || collecting(r.round_id));
        if keep {
            return Ok(());
        }
    }
    if let Some(running) = slot.take() {
        running.server.shutdown().await;
    }
    Ok(())
}

/// Counts for the projector: joined, finished, answers received per question and the time box;
/// never an answer.
#[tauri::command(rename_all = "snake_case")]
pub async fn device_progress(board: State<'_, Board>, round_id: i64) -> Reply<DeviceProgress> {
    lock(&board.0).device_progress(round_id).map_err(body)
}

/// Discards a ballot with no answer in it (a mistyped name, a second try), with the PIN.
#[tauri::command(async, rename_all = "snake_case")]
pub fn discard_empty_ballot(
    board: State<'_, Board>,
    round_id: i64,
    name: String,
    pin: String,
) -> Reply<()> {
    lock(&board.0)
        .discard_empty_ballot(round_id, &name, &pin, govmat::unix_now())
        .map_err(body)
}
