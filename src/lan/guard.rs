//! The server's defences, applied to every request before any route sees it: the `Host` must be
//! an address being served (so a web page elsewhere cannot reach the server through a rebound DNS
//! name), each client address is rate-limited, idle connections are closed, and every response
//! carries a strict Content-Security-Policy, `nosniff`, no-referrer and no-store. No CORS header is
//! ever sent, so no other origin's script may read a response.
//!
//! One device cannot starve the others (issue 25 §2): each client address may hold at most
//! [`super::LanOptions::connections_per_client`] open connections and the server at most
//! [`super::LanOptions::max_connections`]; a connection over either cap is refused as it is
//! accepted (a short 503, then closed), never queued. The per-device counters of wrong resume
//! codes ([`Guesses`]) and of ballots started ([`Starts`]) live here too.
//!
//! The numbers: 16 connections per client address, and `connection_cap()` in all (half the
//! process's open-file limit, between 64 and 1024). `Guesses`: three refusals free, then a wait of
//! 2 s doubling to 60 s. `Starts`: two ballots per client address per ten minutes.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

use super::refusal::{refuse, Client};
use super::{routes, Shared};

/// A token bucket per client address.
pub(crate) struct Limiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

/// Client addresses remembered at once; past this the table starts again (a room has dozens).
const MAX_CLIENTS: usize = 4096;

impl Limiter {
    pub(crate) fn new(rate: f64, burst: f64) -> Limiter {
        Limiter {
            rate,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn allow(&self, ip: IpAddr, now: Instant) -> bool {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&ip) {
            buckets.clear();
        }
        let (tokens, last) = buckets.entry(ip).or_insert((self.burst, now));
        let refill = now.duration_since(*last).as_secs_f64() * self.rate;
        *tokens = (*tokens + refill).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Open connections, per client address and in all, with their caps.
pub(crate) struct Connections {
    per_client: usize,
    total: usize,
    open: Mutex<(HashMap<IpAddr, usize>, usize)>,
}

/// One admitted connection; dropping it frees its place.
pub(crate) struct Admitted {
    connections: Arc<Connections>,
    ip: IpAddr,
}

impl Connections {
    pub(crate) fn new(per_client: usize, total: usize) -> Connections {
        Connections {
            per_client,
            total,
            open: Mutex::new((HashMap::new(), 0)),
        }
    }

    /// A place for one more connection from `ip`, unless that client or the server is full.
    pub(crate) fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Admitted> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let (per_client, total) = &mut *open;
        let mine = per_client.entry(ip).or_insert(0);
        if *mine >= self.per_client || *total >= self.total {
            return None;
        }
        *mine += 1;
        *total += 1;
        Some(Admitted {
            connections: self.clone(),
            ip,
        })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self
            .connections
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (per_client, total) = &mut *open;
        *total -= 1;
        if let Some(n) = per_client.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                per_client.remove(&self.ip);
            }
        }
    }
}

/// The most connections this process can afford to give the devices server: half the files it
/// may open (the desktop's window, database and fonts need the rest), at most 1024, at least 64.
pub fn connection_cap() -> usize {
    let files = open_file_limit().unwrap_or(1024);
    (files / 2).clamp(64, 1024)
}

/// The soft limit on open files, from `/proc/self/limits` on Linux. macOS starts apps with 256
/// (so the cap is 128); Windows has no per-process limit on sockets this server could reach.
fn open_file_limit() -> Option<usize> {
    if cfg!(target_os = "macos") {
        return Some(256);
    }
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// What a connection over the cap is told before it is closed, written without waiting.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\
Connection: close\r\nContent-Length: 89\r\n\r\n\
{\"code\":\"too_many_requests\",\"message\":\"too many connections from this device; try again\"}";

/// Wrong resume codes (and refused starts) from one client address: a few are free, then each
/// further one makes that device wait longer before it may try again. Other devices, the
/// ballot's owner among them, are not slowed (issue 25 §1).
pub(crate) struct Guesses {
    wrong: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

/// Refusals a device may have before it must wait.
pub(crate) const FREE_GUESSES: u32 = 3;
/// The first wait, doubled with every further refusal up to [`LONGEST_GUESS_WAIT`].
const FIRST_GUESS_WAIT: Duration = Duration::from_secs(2);
const LONGEST_GUESS_WAIT: Duration = Duration::from_secs(60);

impl Guesses {
    pub(crate) fn new() -> Guesses {
        Guesses {
            wrong: Mutex::new(HashMap::new()),
        }
    }

    /// How long `ip` must still wait before its next try, if at all.
    pub(crate) fn wait(&self, ip: IpAddr, now: Instant) -> Option<Duration> {
        let wrong = self.wrong.lock().unwrap_or_else(PoisonError::into_inner);
        wrong
            .get(&ip)
            .and_then(|(_, until)| until.checked_duration_since(now))
            .filter(|d| !d.is_zero())
    }

    /// Counts one refusal for `ip`.
    pub(crate) fn refused(&self, ip: IpAddr, now: Instant) {
        let mut wrong = self.wrong.lock().unwrap_or_else(PoisonError::into_inner);
        if wrong.len() >= MAX_CLIENTS && !wrong.contains_key(&ip) {
            wrong.clear();
        }
        let (n, until) = wrong.entry(ip).or_insert((0, now));
        *n += 1;
        if *n > FREE_GUESSES {
            let doublings = (*n - FREE_GUESSES - 1).min(10);
            *until = now + (FIRST_GUESS_WAIT * (1 << doublings)).min(LONGEST_GUESS_WAIT);
        }
    }

    /// A device that opened its own ballot starts again from nothing.
    pub(crate) fn succeeded(&self, ip: IpAddr) {
        let mut wrong = self.wrong.lock().unwrap_or_else(PoisonError::into_inner);
        wrong.remove(&ip);
    }
}

/// Ballots started per client address within a sliding window (issue 25 §1).
pub(crate) struct Starts {
    most: usize,
    window: Duration,
    started: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl Starts {
    pub(crate) fn new(most: usize, window: Duration) -> Starts {
        Starts {
            most,
            window,
            started: Mutex::new(HashMap::new()),
        }
    }

    /// How long `ip` must wait before it may start another ballot, if at all.
    pub(crate) fn wait(&self, ip: IpAddr, now: Instant) -> Option<Duration> {
        let mut started = self.started.lock().unwrap_or_else(PoisonError::into_inner);
        let times = started.get_mut(&ip)?;
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        if times.len() < self.most {
            return None;
        }
        times
            .front()
            .map(|first| (*first + self.window).saturating_duration_since(now))
    }

    /// Counts a ballot started from `ip`.
    pub(crate) fn started(&self, ip: IpAddr, now: Instant) {
        let mut started = self.started.lock().unwrap_or_else(PoisonError::into_inner);
        if started.len() >= MAX_CLIENTS && !started.contains_key(&ip) {
            started.clear();
        }
        started.entry(ip).or_default().push_back(now);
    }
}

/// Accepts connections on one listener until told to stop; dropping the set closes them all.
pub(crate) async fn accept(
    listener: TcpListener,
    shared: Arc<Shared>,
    idle: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let router = routes::router(shared.clone());
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // A failed accept (too many open files, a reset) must not end the server.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopped(&mut stop) => break,
        };
        // Reap finished connections so the set does not grow over a long away-day.
        while connections.try_join_next().is_some() {}
        // Over the caps the connection is refused now, not queued: one device holding hundreds
        // of idle connections cannot take the places the room's other phones need.
        let Some(place) = shared.connections.admit(peer.ip()) else {
            let _ = stream.try_write(BUSY);
            drop(stream);
            continue;
        };
        let router = router.clone();
        let shared = shared.clone();
        connections.spawn(async move {
            let _place = place;
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let router = router.clone();
                let shared = shared.clone();
                async move {
                    let res = match check(&shared, &req, peer.ip()) {
                        Some(refused) => refused,
                        None => {
                            let mut req = req.map(Body::new);
                            req.extensions_mut().insert(Client(peer.ip()));
                            router.oneshot(req).await.unwrap_or_else(|e| match e {})
                        }
                    };
                    Ok::<_, std::convert::Infallible>(harden(res))
                }
            });
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(idle)
                .max_buf_size(64 * 1024);
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// Resolves once the server is told to stop (the guard it yields is dropped at once).
pub(crate) async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await.map(|_| ());
}

/// The checks every request passes before routing: a served `Host`, and the client's rate.
fn check(shared: &Shared, req: &Request<Incoming>, ip: IpAddr) -> Option<Response<Body>> {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    let known = host.is_some_and(|h| shared.hosts.contains(&h));
    if !known {
        return Some(
            refuse(
                StatusCode::MISDIRECTED_REQUEST,
                "wrong_host",
                "this server answers only at the address shown on the projector",
            )
            .into_response(),
        );
    }
    let now = Instant::now();
    // A device whose request got this far can reach the laptop (the room check's count).
    shared.room.seen(ip, now);
    if !shared.limiter.allow(ip, now) {
        return Some(
            refuse(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "too many requests from this device; wait a moment and try again",
            )
            .into_response(),
        );
    }
    None
}

/// Headers every response carries, whatever produced it.
fn harden(mut res: Response<Body>) -> Response<Body> {
    let h = res.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in fixed {
        h.insert(name, HeaderValue::from_static(value));
    }
    h.remove(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    if res.status() == StatusCode::REQUEST_TIMEOUT {
        // The rest of a body cut off for being slow is never read: the connection ends here.
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_past_its_burst_waits_for_the_bucket_to_refill() {
        let l = Limiter::new(2.0, 3.0);
        let ip: IpAddr = "192.168.1.5".parse().expect("an address");
        let t = Instant::now();
        assert!((0..3).all(|_| l.allow(ip, t)), "the burst is allowed");
        assert!(!l.allow(ip, t), "the fourth at once is refused");
        assert!(
            l.allow(ip, t + Duration::from_millis(600)),
            "after 0.6 s at 2 a second, one more is allowed"
        );
        let other: IpAddr = "192.168.1.6".parse().expect("an address");
        assert!(l.allow(other, t), "another device has its own bucket");
    }

    #[test]
    fn a_client_over_its_cap_is_refused_and_a_closed_connection_frees_its_place() {
        let c = Arc::new(Connections::new(2, 3));
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.2".parse().unwrap(), "10.0.0.3".parse().unwrap());
        let first = c.admit(a).expect("a's first");
        let _second = c.admit(a).expect("a's second");
        assert!(c.admit(a).is_none(), "a third from one client is refused");
        let _other = c.admit(b).expect("another client has its own places");
        assert!(c.admit(b).is_none(), "the server's cap of 3 is reached");
        drop(first);
        assert!(c.admit(a).is_some(), "a closed connection frees its place");
    }

    #[test]
    fn a_guessing_device_waits_longer_after_each_refusal_past_the_free_ones() {
        let g = Guesses::new();
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        let t = Instant::now();
        for _ in 0..FREE_GUESSES {
            g.refused(ip, t);
        }
        assert_eq!(g.wait(ip, t), None, "three refusals are free");
        g.refused(ip, t);
        assert_eq!(g.wait(ip, t), Some(Duration::from_secs(2)));
        g.refused(ip, t);
        assert_eq!(g.wait(ip, t), Some(Duration::from_secs(4)));
        assert_eq!(
            g.wait("10.0.0.8".parse().unwrap(), t),
            None,
            "others are not slowed"
        );
        g.succeeded(ip);
        assert_eq!(g.wait(ip, t), None);
    }

    #[test]
    fn a_device_starts_two_ballots_per_window() {
        let s = Starts::new(2, Duration::from_secs(600));
        let ip: IpAddr = "10.0.0.4".parse().unwrap();
        let t = Instant::now();
        s.started(ip, t);
        assert_eq!(s.wait(ip, t), None);
        s.started(ip, t + Duration::from_secs(60));
        assert_eq!(
            s.wait(ip, t + Duration::from_secs(60)),
            Some(Duration::from_secs(540))
        );
        assert_eq!(
            s.wait(ip, t + Duration::from_secs(600)),
            None,
            "the first start has aged out"
        );
    }
}
