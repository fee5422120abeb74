//! A tiny HTTP/1.1 client over a raw TCP stream, for the devices server's tests and benchmark. It
//! is written by hand so a test can send exactly what an attacker would: any `Host`, any body,
//! any cookie, malformed JSON. One request per connection (`Connection: close`).
//!
//! `connect_from`, `send_from` and `json_from` bind the client's socket to a chosen loopback
//! address (127.0.0.2, 127.0.0.3…; Linux routes all of 127/8 to `lo`), so one test can be several
//! phones.

#![allow(dead_code)]

use std::net::{IpAddr, SocketAddr};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }

    /// The session cookie's `name=value` from a `Set-Cookie`.
    pub fn cookie(&self) -> String {
        let set = self.header("set-cookie").expect("a session cookie is set");
        set.split(';').next().expect("a name=value").to_string()
    }
}

pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub host: Option<&'a str>,
    pub cookie: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

impl<'a> Request<'a> {
    pub fn new(method: &'a str, path: &'a str) -> Request<'a> {
        Request {
            method,
            path,
            host: None,
            cookie: None,
            content_type: None,
            body: b"",
        }
    }
}

/// A connection to `addr` from the client address `from` (on loopback, any of 127/8 reaches the
/// server: Linux routes the whole range to `lo`), so one test plays several devices.
pub async fn connect_from(from: Option<IpAddr>, addr: SocketAddr) -> std::io::Result<TcpStream> {
    match from {
        None => TcpStream::connect(addr).await,
        Some(ip) => {
            let socket = match ip {
                IpAddr::V4(_) => TcpSocket::new_v4()?,
                IpAddr::V6(_) => TcpSocket::new_v6()?,
            };
            socket.bind(SocketAddr::new(ip, 0))?;
            socket.connect(addr).await
        }
    }
}

/// The head of a request as [`send`] writes it.
pub fn head(addr: SocketAddr, r: &Request<'_>) -> String {
    let own_host = addr.to_string();
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        r.method,
        r.path,
        r.host.unwrap_or(&own_host),
        r.body.len()
    );
    if let Some(c) = r.cookie {
        head.push_str(&format!("Cookie: {c}\r\n"));
    }
    if let Some(t) = r.content_type {
        head.push_str(&format!("Content-Type: {t}\r\n"));
    } else if !r.body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    head.push_str("\r\n");
    head
}

pub async fn send(addr: SocketAddr, r: &Request<'_>) -> std::io::Result<Reply> {
    send_from(None, addr, r).await
}

/// [`send`] from the client address `from`.
pub async fn send_from(
    from: Option<IpAddr>,
    addr: SocketAddr,
    r: &Request<'_>,
) -> std::io::Result<Reply> {
    let mut stream = connect_from(from, addr).await?;
    stream.write_all(head(addr, r).as_bytes()).await?;
    stream.write_all(r.body).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    parse(&raw)
}

pub fn parse(raw: &[u8]) -> std::io::Result<Reply> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no head"))?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let rest = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no status"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Ok(Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = s.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&s[..eol]);
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        let rest = &s[eol + 2..];
        if n == 0 || rest.len() < n {
            break;
        }
        out.extend_from_slice(&rest[..n]);
        s = rest[n..].strip_prefix(b"\r\n").unwrap_or(&rest[n..]);
    }
    out
}

/// A JSON request with the member's cookie, from the client address `from`.
pub async fn json_from(
    from: Option<IpAddr>,
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: &serde_json::Value,
) -> Reply {
    let bytes = serde_json::to_vec(body).expect("JSON");
    let mut r = Request::new(method, path);
    r.cookie = cookie;
    r.body = &bytes;
    send_from(from, addr, &r).await.expect("the server answers")
}

/// A JSON request with the member's cookie.
pub async fn json(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: &serde_json::Value,
) -> Reply {
    let bytes = serde_json::to_vec(body).expect("JSON");
    let mut r = Request::new(method, path);
    r.cookie = cookie;
    r.body = &bytes;
    send(addr, &r).await.expect("the server answers")
}
