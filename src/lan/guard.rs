//! The server's defences, applied to every request before any route sees it: the `Host` must be
//! an address being served (so a web page elsewhere cannot reach the server through a rebound DNS
//! name), each client address is rate-limited, idle connections are closed, and every response
//! carries a strict Content-Security-Policy, `nosniff`, no-referrer and no-store. No CORS header is
//! ever sent, so no other origin's script may read a response.

use std::collections::HashMap;
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

use super::routes::{self, refuse};
use super::Shared;
use crate::error::{Error, Result};

/// Letters and digits for the join code: lowercase, no 0/o, no 1/l, 32 of them (5 bits each).
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
/// 26 characters of 5 bits: 130 random bits, well past guessing on a room's network.
const JOIN_CODE_LEN: usize = 26;

pub(crate) fn join_code() -> Result<String> {
    random_text(JOIN_CODE_LEN)
}

/// A member's session token: 52 characters, 260 random bits.
pub(crate) fn session_token() -> Result<String> {
    random_text(2 * JOIN_CODE_LEN)
}

fn random_text(len: usize) -> Result<String> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).map_err(|e| Error::Io(format!("no source of randomness: {e}")))?;
    // 256 is a multiple of 32, so masking keeps every character equally likely.
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect())
}

/// Compares two secrets in time that does not depend on where they first differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

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
        let router = router.clone();
        let shared = shared.clone();
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let router = router.clone();
                let shared = shared.clone();
                async move {
                    let res = match check(&shared, &req, peer.ip()) {
                        Some(refused) => refused,
                        None => router
                            .oneshot(req.map(Body::new))
                            .await
                            .unwrap_or_else(|e| match e {}),
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
    if !shared.limiter.allow(ip, Instant::now()) {
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
    fn join_codes_are_long_random_and_from_the_alphabet() {
        let a = join_code().expect("a code");
        let b = join_code().expect("a code");
        assert_eq!(a.len(), 26, "26 characters of 5 bits are 130 bits");
        assert_ne!(a, b, "two codes differ");
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
        assert!(same_secret(&a, &a.clone()) && !same_secret(&a, &b));
    }
}
