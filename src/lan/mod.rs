//! Collection on members' own devices: a small HTTP server on the room's network that serves one
//! collecting round's member page and ballot endpoints, and nothing else.
//!
//! The server opens its own [`Govmat`] on the same database file (WAL lets the desktop read while
//! it writes) and answers every request through the same ballot use cases the desktop calls, so
//! there is one code path for a member's answer. It listens only on loopback and the machine's
//! private addresses (RFC 1918, link-local, IPv6 unique-local), serves only under an unguessable
//! join code, refuses any `Host` that is not an address it serves (DNS rebinding), and stops itself
//! once collection ends. It deliberately serves no results, reports, exports, names or other
//! rounds: the only data it can return is the form and a member's own ballot.
//!
//! The answers cross the network as plain HTTP; the README and the app say so.
//!
//! After an app restart it reuses the port and join code kept with the collecting round (migration
//! 012), so the QR code on the wall stays valid. With `LanOptions::room_check` it serves the room
//! check on an open round and turns it into collection when the round starts.
//! `start_on_own_threads` runs it on a runtime of its own (two workers and their blocking pool),
//! which the desktop uses so the server's work never waits for the threads its commands need.
//! `qr_svg` draws the join address's QR code.

mod addresses;
mod ballot_cookie;
mod guard;
mod progress;
mod refusal;
mod room;
mod routes;
mod secret;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::error::{Error, Result};
use crate::Govmat;

use addresses::host_of;
pub use addresses::{
    reachable_addresses, room_adapter, serves, virtual_adapter, virtual_description,
    windows_adapters, Adapter,
};
pub use progress::{DeviceProgress, ItemReceived};
pub use room::Phase;

/// How the server listens and how hard it limits clients. The defaults suit a board room.
#[derive(Debug, Clone)]
pub struct LanOptions {
    /// One address to listen on (loopback or private); by default loopback and every private one.
    pub bind: Option<IpAddr>,
    /// The port; by default one the system picks.
    pub port: Option<u16>,
    /// The consultant's own questionnaire folder, as the desktop opens the database with.
    pub questionnaires: Option<PathBuf>,
    /// Requests each client address may make per second on average, and in one burst.
    pub rate_per_sec: f64,
    pub burst: f64,
    /// An idle or slow connection is closed after this long without a whole request head.
    pub idle_timeout: Duration,
    /// How long open pages are told "collection is closed" before the server stops.
    pub closing_grace: Duration,
    /// How often the server checks whether collection has ended.
    pub poll: Duration,
    /// A request's body must have arrived this long after the route starts reading it; a body
    /// trickled in slower is cut off (issue 25 §2).
    pub body_timeout: Duration,
    /// Open connections one client address may hold; more are refused as they arrive.
    pub connections_per_client: usize,
    /// Open connections the server holds in all; more are refused as they arrive.
    pub max_connections: usize,
    /// Ballots one client address may start within [`LanOptions::start_window`] (issue 25 §1).
    pub starts_per_device: usize,
    pub start_window: Duration,
    /// Serve a round that is not collecting yet as the room check (issue 25 §4): pages only say
    /// "you are connected", the projector counts them, and they turn into the ballot by
    /// themselves once collection starts. Without it, a round not collecting is refused.
    pub room_check: bool,
}

impl Default for LanOptions {
    fn default() -> Self {
        LanOptions {
            bind: None,
            port: None,
            questionnaires: None,
            // A member answering quickly saves about one answer a second; a reload fetches three
            // files and the form. Ten a second with a burst of forty leaves room for both.
            rate_per_sec: 10.0,
            burst: 40.0,
            idle_timeout: Duration::from_secs(15),
            closing_grace: Duration::from_secs(20),
            poll: Duration::from_secs(1),
            body_timeout: Duration::from_secs(10),
            // A phone's browser opens about six connections to one server; 16 leaves room for a
            // laptop's, and none for a device trying to take every place.
            connections_per_client: 16,
            max_connections: guard::connection_cap(),
            // A member may start again once (a mistyped name) or start for a neighbour whose
            // phone has died; nobody needs more in ten minutes.
            starts_per_device: 2,
            start_window: Duration::from_secs(600),
            room_check: false,
        }
    }
}

/// The running server. Dropping it does not stop it: call [`LanServer::shutdown`].
pub struct LanServer {
    shared: Arc<Shared>,
    addrs: Vec<SocketAddr>,
    /// The reachable adapters among the addresses served, IPv4 first (issue 25 §3).
    adapters: Vec<Adapter>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    /// The server's own threads, when started with [`LanServer::start_on_own_threads`].
    runtime: Option<tokio::runtime::Runtime>,
}

/// What every request handler shares: the board, the round and what is known of the room.
pub(crate) struct Shared {
    board: Mutex<Govmat>,
    /// One piece of board work at a time, queued without holding a thread.
    turn: tokio::sync::Semaphore,
    round_id: i64,
    join_code: String,
    /// The port every address is served on (kept with the collection).
    port: u16,
    hosts: Vec<String>,
    /// The phase served, the devices that reached the laptop lately, and the time box.
    room: room::Room,
    limiter: guard::Limiter,
    connections: Arc<guard::Connections>,
    /// Wrong resume codes and refused starts, per device.
    guesses: guard::Guesses,
    /// Ballots started, per device.
    starts: guard::Starts,
    body_timeout: Duration,
}

impl Shared {
    fn board(&self) -> MutexGuard<'_, Govmat> {
        // Every write is one transaction, so the data behind a poisoned lock is still whole.
        self.board.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl LanServer {
    /// Starts serving the collecting round `round_id` of the database at `db`, on the current
    /// tokio runtime. Refused unless the round is collecting, or open and `options.room_check`.
    /// A collecting round that kept a server's port and join code (from before a restart) is
    /// served at the same address, so the QR code on the wall and open pages carry on; if that
    /// port has been taken meanwhile, another is used and kept instead.
    pub async fn start(db: &Path, round_id: i64, options: LanOptions) -> Result<LanServer> {
        let board = Govmat::open(db, options.questionnaires.as_deref())?;
        let status = board.collection_status(round_id)?;
        let phase = if status.collecting {
            room::Phase::Collecting
        } else if options.room_check && board.round_is_open(round_id)? {
            room::Phase::Check
        } else {
            return Err(Error::Conflict(format!(
                "round \"{}\" is not collecting answers; start collection with the PIN first",
                status.round
            )));
        };
        let remembered = match phase {
            room::Phase::Collecting => board
                .remembered_devices_server(round_id)?
                .filter(|(_, code)| secret::is_join_code(code)),
            _ => None,
        };
        let ips = match options.bind {
            Some(ip) if serves(ip) => vec![ip],
            Some(ip) => {
                return Err(Error::Invalid(format!(
                    "{ip} is not a loopback or private address; members' answers are served only on the room's own network"
                )))
            }
            None => addresses::local_addresses(),
        };
        let port = options.port.or(remembered.as_ref().map(|(p, _)| *p));
        let listeners = match bind_all(&ips, port).await {
            Ok(l) => l,
            // The remembered port was taken while the app was closed: serve on another.
            Err(_) if options.port.is_none() && port.is_some() => bind_all(&ips, None).await?,
            Err(e) => return Err(e),
        };
        let addrs: Vec<SocketAddr> = listeners
            .iter()
            .filter_map(|l| l.local_addr().ok())
            .collect();
        let mut hosts: Vec<String> = addrs.iter().map(host_of).collect();
        if addrs.iter().any(|a| a.ip().is_loopback()) {
            // A name that only ever means this machine cannot be rebound by someone else's DNS.
            let port = addrs[0].port();
            hosts.push(format!("localhost:{port}"));
        }
        let join_code = match remembered {
            Some((_, code)) => code,
            None => secret::join_code()?,
        };
        let mut board = board;
        if phase == room::Phase::Collecting {
            board.remember_devices_server(round_id, addrs[0].port(), &join_code)?;
        }
        let adapters = addresses::reachable_addresses()
            .into_iter()
            .filter(|a| addrs.iter().any(|s| s.ip() == a.ip))
            .collect();
        let room = room::Room::new(phase);
        room.set_ends_at(status.time_box_ends);
        let shared = Arc::new(Shared {
            board: Mutex::new(board),
            turn: tokio::sync::Semaphore::new(1),
            round_id,
            join_code,
            port: addrs[0].port(),
            hosts,
            room,
            limiter: guard::Limiter::new(options.rate_per_sec, options.burst),
            connections: Arc::new(guard::Connections::new(
                options.connections_per_client,
                options.max_connections,
            )),
            guesses: guard::Guesses::new(),
            starts: guard::Starts::new(options.starts_per_device, options.start_window),
            body_timeout: options.body_timeout,
        });
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(
            shared.clone(),
            listeners,
            options,
            stop.clone(),
            stopped,
        ));
        Ok(LanServer {
            shared,
            addrs,
            adapters,
            stop,
            task,
            runtime: None,
        })
    }

    /// Starts the server as [`LanServer::start`] does, but on threads of its own (two workers and
    /// their blocking pool), so its work never runs on the caller's: the desktop's window and
    /// commands stay responsive however busy the room's network is (issue 25 §2). Dropping a
    /// server started this way stops it.
    pub async fn start_on_own_threads(
        db: &Path,
        round_id: i64,
        options: LanOptions,
    ) -> Result<LanServer> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(8)
            .thread_name("govmat-devices")
            .enable_all()
            .build()
            .map_err(|e| Error::Io(format!("cannot start the devices server's threads: {e}")))?;
        let db = db.to_path_buf();
        let started = runtime
            .spawn(async move { LanServer::start(&db, round_id, options).await })
            .await;
        match started {
            Ok(Ok(mut server)) => {
                server.runtime = Some(runtime);
                Ok(server)
            }
            Ok(Err(e)) => {
                runtime.shutdown_background();
                Err(e)
            }
            Err(_) => {
                runtime.shutdown_background();
                Err(Error::Io("the devices server failed to start".into()))
            }
        }
    }

    /// The addresses listened on.
    pub fn addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }

    /// The address a member types or scans, one per address served: private ones first, so the
    /// first is the one to show on the projector.
    pub fn join_urls(&self) -> Vec<String> {
        let mut addrs = self.addrs.clone();
        addrs.sort_by_key(|a| (a.ip().is_loopback(), a.is_ipv6()));
        addrs
            .iter()
            .map(|a| format!("http://{}/j/{}", host_of(a), self.shared.join_code))
            .collect()
    }

    /// The join addresses a phone in the room can reach, one per real LAN adapter served (never
    /// loopback, a VPN's or a virtual machine's), with the adapter's name so the facilitator can
    /// pick the room's network when there are several. Empty when phones cannot reach this
    /// laptop at all (issue 25 §3).
    pub fn offered(&self) -> Vec<(Adapter, String)> {
        let port = self.addrs.first().map_or(0, SocketAddr::port);
        self.adapters
            .iter()
            .map(|a| {
                let url = format!(
                    "http://{}/j/{}",
                    host_of(&SocketAddr::new(a.ip, port)),
                    self.shared.join_code
                );
                (a.clone(), url)
            })
            .collect()
    }

    /// What the server serves now: the room check, the ballot, or nothing more (closed).
    pub fn phase(&self) -> Phase {
        self.shared.room.phase()
    }

    /// How many devices have reached the server within the last 20 seconds: during the room
    /// check, the phones whose "you are connected" page is open (issue 25 §4).
    pub fn devices_present(&self) -> usize {
        self.shared.room.devices(Instant::now())
    }

    /// Whether the server has stopped (collection ended, or [`LanServer::shutdown`]).
    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }

    /// Waits until the server stops by itself, once collection has ended.
    pub async fn stopped(&mut self) {
        let _ = (&mut self.task).await;
    }

    /// Stops listening and closes every connection.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        let _ = (&mut self.task).await;
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Drop for LanServer {
    fn drop(&mut self) {
        // Only a server on its own threads stops when dropped: a runtime cannot be dropped inside
        // another's async context, so its threads are let go in the background.
        if let Some(runtime) = self.runtime.take() {
            let _ = self.stop.send(true);
            runtime.shutdown_background();
        }
    }
}

/// A QR code of `text` as an SVG image, black on white with a quiet zone, for the projector.
pub fn qr_svg(text: &str) -> Result<String> {
    let code = qrcode::QrCode::new(text.as_bytes())
        .map_err(|e| Error::Invalid(format!("cannot make a QR code of that address: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .build())
}

/// Binds every address to one port, so every join address differs only by host. An address that
/// cannot be bound (an interface going down) is left out; loopback or the one asked for must bind.
async fn bind_all(ips: &[IpAddr], port: Option<u16>) -> Result<Vec<TcpListener>> {
    let first = ips[0];
    let listener = TcpListener::bind((first, port.unwrap_or(0)))
        .await
        .map_err(|e| Error::Io(format!("cannot listen on {first}: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::Io(format!("cannot read the port listened on: {e}")))?
        .port();
    let mut out = vec![listener];
    for ip in &ips[1..] {
        if let Ok(l) = TcpListener::bind((*ip, port)).await {
            out.push(l);
        }
    }
    Ok(out)
}

/// Accepts connections until told to stop or until collection has ended (and the grace passed).
async fn run(
    shared: Arc<Shared>,
    listeners: Vec<TcpListener>,
    options: LanOptions,
    stop: watch::Sender<bool>,
    stopped: watch::Receiver<bool>,
) {
    let mut tasks = tokio::task::JoinSet::new();
    for l in listeners {
        tasks.spawn(guard::accept(
            l,
            shared.clone(),
            options.idle_timeout,
            stopped.clone(),
        ));
    }
    let watcher = watch_collection(shared.clone(), options.poll, options.closing_grace, stop);
    let mut stopped_rx = stopped;
    tokio::select! {
        _ = watcher => {}
        _ = guard::stopped(&mut stopped_rx) => {}
    }
    shared.room.set_phase(room::Phase::Closed);
    tasks.shutdown().await;
}

/// Polls the database. During the room check, once collection starts the pages are told to load
/// the ballot (and the port and join code are kept with the collection). Once the facilitator
/// ends collection (on the desktop, the CLI or anywhere else), open pages are told it is closed
/// for the grace period, then the server stops. The time box is read on every poll.
async fn watch_collection(
    shared: Arc<Shared>,
    poll: Duration,
    grace: Duration,
    stop: watch::Sender<bool>,
) {
    loop {
        tokio::time::sleep(poll).await;
        let s = shared.clone();
        let Ok(_turn) = shared.turn.acquire().await else {
            break;
        };
        let phase = shared.room.phase();
        let state = tokio::task::spawn_blocking(move || {
            let mut board = s.board();
            let status = board.collection_status(s.round_id).ok()?;
            if status.collecting && phase == room::Phase::Check {
                board
                    .remember_devices_server(s.round_id, s.port, &s.join_code)
                    .ok()?;
            }
            Some(status)
        })
        .await
        .ok()
        .flatten();
        match (phase, state) {
            (room::Phase::Check, Some(status)) if status.collecting => {
                shared.room.set_ends_at(status.time_box_ends);
                shared.room.set_phase(room::Phase::Collecting);
            }
            // Before collection, a round that is still there keeps being checked.
            (room::Phase::Check, Some(_)) => {}
            (room::Phase::Collecting, Some(status)) if status.collecting => {
                shared.room.set_ends_at(status.time_box_ends);
            }
            _ => break,
        }
    }
    shared.room.set_phase(room::Phase::Closed);
    tokio::time::sleep(grace).await;
    let _ = stop.send(true);
}
