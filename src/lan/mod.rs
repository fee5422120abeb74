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

mod guard;
mod progress;
mod routes;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::error::{Error, Result};
use crate::Govmat;

pub use progress::{DeviceProgress, ItemReceived};

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
        }
    }
}

/// The running server. Dropping it does not stop it: call [`LanServer::shutdown`].
pub struct LanServer {
    shared: Arc<Shared>,
    addrs: Vec<SocketAddr>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    /// The server's own threads, when started with [`LanServer::start_on_own_threads`].
    runtime: Option<tokio::runtime::Runtime>,
}

/// What every request handler shares: the board, the round and the members' sessions.
pub(crate) struct Shared {
    board: Mutex<Govmat>,
    /// One piece of board work at a time, queued without holding a thread.
    turn: tokio::sync::Semaphore,
    round_id: i64,
    join_code: String,
    hosts: Vec<String>,
    /// Session token (the cookie) to the ballot it holds. Kept in memory only: a restarted server
    /// asks members for their resume code, which is the durable way back.
    sessions: Mutex<HashMap<String, routes::Session>>,
    limiter: guard::Limiter,
    connections: Arc<guard::Connections>,
    /// Wrong resume codes and refused starts, per device.
    guesses: guard::Guesses,
    /// Ballots started, per device.
    starts: guard::Starts,
    body_timeout: Duration,
    closed: AtomicBool,
}

impl Shared {
    fn board(&self) -> MutexGuard<'_, Govmat> {
        // Every write is one transaction, so the data behind a poisoned lock is still whole.
        self.board.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The most sessions held at once; a room of members needs a few dozen.
const MAX_SESSIONS: usize = 2000;

impl LanServer {
    /// Starts serving the collecting round `round_id` of the database at `db`, on the current
    /// tokio runtime. Refused unless the round is collecting.
    pub async fn start(db: &Path, round_id: i64, options: LanOptions) -> Result<LanServer> {
        let board = Govmat::open(db, options.questionnaires.as_deref())?;
        let status = board.collection_status(round_id)?;
        if !status.collecting {
            return Err(Error::Conflict(format!(
                "round \"{}\" is not collecting answers; start collection with the PIN first",
                status.round
            )));
        }
        let ips = match options.bind {
            Some(ip) if serves(ip) => vec![ip],
            Some(ip) => {
                return Err(Error::Invalid(format!(
                    "{ip} is not a loopback or private address; members' answers are served only on the room's own network"
                )))
            }
            None => local_addresses(),
        };
        let listeners = bind_all(&ips, options.port).await?;
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
        let shared = Arc::new(Shared {
            board: Mutex::new(board),
            turn: tokio::sync::Semaphore::new(1),
            round_id,
            join_code: guard::join_code()?,
            hosts,
            sessions: Mutex::new(HashMap::new()),
            limiter: guard::Limiter::new(options.rate_per_sec, options.burst),
            connections: Arc::new(guard::Connections::new(
                options.connections_per_client,
                options.max_connections,
            )),
            guesses: guard::Guesses::new(),
            starts: guard::Starts::new(options.starts_per_device, options.start_window),
            body_timeout: options.body_timeout,
            closed: AtomicBool::new(false),
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

/// The `Host` header value that names this address.
fn host_of(a: &SocketAddr) -> String {
    match a.ip() {
        IpAddr::V4(ip) => format!("{ip}:{}", a.port()),
        IpAddr::V6(ip) => format!("[{ip}]:{}", a.port()),
    }
}

/// Loopback and the private ranges a room's network or a laptop hotspot uses; never a public one.
pub fn serves(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private() || v4.is_link_local(),
        IpAddr::V6(v6) => {
            // Unique-local (fc00::/7). Link-local IPv6 needs a zone in the URL, which phones'
            // browsers do not accept, so it is left out.
            v6.is_loopback() || (v6.segments()[0] & 0xfe00) == 0xfc00
        }
    }
}

/// Loopback and this machine's private addresses on adapters a phone in the room could reach.
fn local_addresses() -> Vec<IpAddr> {
    let mut ips: Vec<IpAddr> = vec![IpAddr::V4(Ipv4Addr::LOCALHOST)];
    if let Ok(found) = if_addrs::get_if_addrs() {
        for i in found {
            let ip = i.ip();
            if serves(ip) && !ips.contains(&ip) && !ip.is_loopback() && !virtual_adapter(&i.name) {
                ips.push(ip);
            }
        }
    }
    ips
}

/// Whether an adapter, by its name, is one that no phone in the room can reach: a virtual
/// machine's or container's switch (Hyper-V's and WSL's "vEthernet", VirtualBox, VMware, Docker,
/// libvirt, LXC), a VPN tunnel, or Npcap's loopback. Its address would otherwise be offered, and
/// may even come first, on the projector: the join address must be the Wi-Fi's or the hotspot's.
/// Windows names adapters by their friendly name, Linux and macOS by the device's.
pub fn virtual_adapter(name: &str) -> bool {
    const ANYWHERE: &[&str] = &[
        "vethernet",
        "hyper-v",
        "virtualbox",
        "vmware",
        "npcap",
        "docker",
        "vpn",
        "tap-windows",
        "wintun",
        "wireguard",
        "tailscale",
        "zerotier",
        "openvpn",
        "anyconnect",
        "globalprotect",
        "pangp",
        "fortinet",
        "forticlient",
        "zscaler",
        "juniper",
        "cisco",
    ];
    const PREFIXES: &[&str] = &[
        "vboxnet", "vmnet", "virbr", "br-", "lxc", "lxd", "podman", "cni", "flannel", "tun", "tap",
        "utun", "wg", "zt", "ipsec",
    ];
    let name = name.to_lowercase();
    ANYWHERE.iter().any(|w| name.contains(w)) || PREFIXES.iter().any(|p| name.starts_with(p))
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
    shared.closed.store(true, Ordering::SeqCst);
    tasks.shutdown().await;
}

/// Polls the database: once the facilitator ends collection (on the desktop, the CLI or anywhere
/// else), open pages are told it is closed for the grace period, then the server stops.
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
        let collecting = tokio::task::spawn_blocking(move || {
            s.board()
                .collection_status(s.round_id)
                .map(|c| c.collecting)
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        if !collecting {
            break;
        }
    }
    shared.closed.store(true, Ordering::SeqCst);
    tokio::time::sleep(grace).await;
    let _ = stop.send(true);
}

#[cfg(test)]
mod tests {
    use super::virtual_adapter;

    #[test]
    fn adapters_no_phone_can_reach_are_never_offered_and_the_rooms_are() {
        for unreachable in [
            "vEthernet (Default Switch)",
            "vEthernet (WSL)",
            "VirtualBox Host-Only Network",
            "VMware Network Adapter VMnet8",
            "Npcap Loopback Adapter",
            "NordLynx VPN",
            "TAP-Windows Adapter V9",
            "WireGuard Tunnel",
            "Tailscale",
            "docker0",
            "br-3f2a9c",
            "virbr0",
            "vboxnet0",
            "tun0",
            "utun3",
            "wg0",
        ] {
            assert!(
                virtual_adapter(unreachable),
                "{unreachable} is not the room's network"
            );
        }
        for room in [
            "Wi-Fi",
            "Ethernet",
            "Local Area Connection* 10", // Windows' Mobile Hotspot
            "wlan0",
            "wlp2s0",
            "enp0s31f6",
            "eth0",
            "en0",
            "bridge100", // macOS Internet Sharing, a hotspot phones join
            "br0",
        ] {
            assert!(!virtual_adapter(room), "{room} may be the room's network");
        }
    }
}
