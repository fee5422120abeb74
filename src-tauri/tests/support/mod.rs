//! Driving the real app: start `tauri-driver` (which starts WebKitWebDriver and the app), open a
//! WebDriver session on the built binary, and small waiting helpers, because every screen loads
//! asynchronously and a fixed sleep would be both slow and flaky.
//!
//! It is compiled once, into the one end-to-end binary (`e2e/main.rs`); `Driver` makes the tests
//! take turns, one window at a time.
//!
//! The WebDriver client speaks plain HTTP to loopback, so no TLS stack is built for the tests.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

pub const PATIENCE: Duration = Duration::from_secs(30);

/// The running `tauri-driver`, stopped with SIGTERM so it can close WebKitWebDriver and the app.
pub struct Driver {
    child: Child,
    pub url: String,
    /// One window at a time: the tests of this binary take turns (see `e2e/main.rs`).
    _turn: std::sync::MutexGuard<'static, ()>,
}

/// Held by each [`Driver`] while its window is open.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        eprintln!("tauri-driver did not stop within 10 s of SIGTERM");
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// `tauri-driver` from PATH or from cargo's bin folder; missing is a setup error, said loudly.
pub fn tauri_driver() -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|p| p.join("bin").join("tauri-driver"));
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("tauri-driver"))
        .chain(cargo_bin)
        .find(|p| p.is_file())
        .expect(
            "tauri-driver is not installed: run `cargo install tauri-driver --locked` \
             (and `apt-get install webkit2gtk-driver xvfb`), or `scripts/deps.sh test`",
        )
}

/// Starts `tauri-driver`; the app it launches inherits `env` (the database, the save folder).
/// Software GL keeps Xvfb happy; `WEBKIT_DISABLE_COMPOSITING_MODE` is deliberately not set,
/// because with it WebKitWebDriver's screenshots never return.
pub fn start_driver(env: &[(&str, &Path)]) -> Driver {
    assert!(
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
        "the end-to-end test needs a display: run it under `xvfb-run -a` (see the Makefile)"
    );
    // A test that failed while holding the turn leaves the lock poisoned; the next still runs.
    let turn = TURN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (port, native) = (free_port(), free_port());
    let mut cmd = Command::new(tauri_driver());
    cmd.args([
        "--port",
        &port.to_string(),
        "--native-port",
        &native.to_string(),
    ])
    .env("LIBGL_ALWAYS_SOFTWARE", "1")
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("tauri-driver starts");
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
        _turn: turn,
    };
    let deadline = Instant::now() + PATIENCE;
    // tauri-driver forwards a new session to WebKitWebDriver on the native port, which it starts
    // itself: a session asked for before that one listens is dropped mid-answer (seen in CI as
    // "IncompleteMessage"), so both must listen first.
    for p in [port, native] {
        while TcpStream::connect(("127.0.0.1", p)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver (or its WebKitWebDriver) did not listen on {p}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    driver
}

/// The desktop app the journeys drive, as cargo built it for this test binary.
pub const APP: &str = env!("CARGO_BIN_EXE_govmat-desktop");

/// A window of [`APP`] on the driver's session, at `width` × `height`.
pub async fn window(driver: &Driver, (width, height): (u32, u32)) -> Client {
    let c = connect(driver, APP).await;
    c.set_window_size(width, height).await.ok();
    c
}

/// Runs a journey, failing the test if it has not finished within `minutes`.
pub async fn within<F: std::future::Future>(minutes: u64, journey: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(minutes * 60), journey)
        .await
        .unwrap_or_else(|_| panic!("the journey did not finish within {minutes} minutes"))
}

pub async fn connect(driver: &Driver, application: &str) -> Client {
    let caps = serde_json::json!({
        "browserName": "wry",
        "tauri:options": { "application": application },
    });
    let caps = caps.as_object().cloned().expect("an object");
    // A session request the driver drops while the app is still starting is asked for again (at
    // most three times); a refusal with a WebDriver error is not retried.
    let mut tries = 0;
    loop {
        tries += 1;
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&driver.url)
            .await
        {
            Ok(c) => return c,
            Err(
                e @ (fantoccini::error::NewSessionError::Failed(_)
                | fantoccini::error::NewSessionError::FailedC(_)
                | fantoccini::error::NewSessionError::Lost(_)),
            ) if tries < 3 => {
                eprintln!("the WebDriver session was dropped ({e}); asking again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => panic!("a WebDriver session on the app: {e:?}"),
        }
    }
}

pub async fn find(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("`{css}` never appeared: {e}"))
}

/// Waits until the element's text satisfies `ok`, and answers that text.
pub async fn text_when(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + PATIENCE;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            if let Ok(t) = el.text().await {
                if ok(&t) {
                    return t;
                }
                last = t;
            }
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    panic!("`{css}` never had the expected text; last seen: {last:?}")
}

/// Waits until the page's script `js` (a function body that returns a value) returns `true`:
/// the condition a negative check waits on, instead of a fixed sleep.
pub async fn until(c: &Client, js: &str, what: &str) {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if let Ok(serde_json::Value::Bool(true)) = c.execute(js, vec![]).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never true: {what} (`{js}`)")
}

pub async fn click(c: &Client, css: &str) {
    find(c, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("could not click `{css}`: {e}"));
}

pub async fn type_into(c: &Client, css: &str, text: &str) {
    let el = find(c, css).await;
    el.clear().await.ok();
    el.send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("could not type into `{css}`: {e}"));
}

pub async fn choose(c: &Client, css: &str, value: &str) {
    find(c, css)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("could not choose {value} in `{css}`: {e}"));
}

/// Presses one key in the focused element, as a person at the keyboard would.
pub async fn press(c: &Client, key: char) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await.expect("a key press");
}

pub async fn screenshot(c: &Client, dir: &Path, name: &str) {
    let png = c.screenshot().await.expect("a screenshot");
    std::fs::create_dir_all(dir).expect("the screenshot folder");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("the screenshot is written");
}

/// Drops files (name, text) on the drop zone `zone` as the browser does when files are dragged
/// from the file manager: `dragover`, then `drop`, whose data transfer holds `File`s.
pub async fn drop_files(c: &Client, zone: &str, files: &[(&str, &str)]) {
    let files = serde_json::json!(files
        .iter()
        .map(|(n, t)| serde_json::json!({"name": n, "text": t}))
        .collect::<Vec<_>>());
    c.execute(
        r#"const files = arguments[0].map((f) => new File([f.text], f.name));
           let transfer;
           try { transfer = new DataTransfer(); for (const f of files) transfer.items.add(f); }
           catch (_) { transfer = { files, dropEffect: "copy" }; }
           const zone = document.querySelector(arguments[1]);
           for (const type of ["dragover", "drop"]) {
             const e = new Event(type, { bubbles: true, cancelable: true });
             Object.defineProperty(e, "dataTransfer", { value: transfer });
             zone.dispatchEvent(e);
           }"#,
        vec![files, serde_json::json!(zone)],
    )
    .await
    .expect("the drop is dispatched");
}

/// The one file with extension `ext` in the save folder.
pub fn saved_file(saved: &Path, ext: &str) -> PathBuf {
    std::fs::read_dir(saved)
        .expect("the save folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == ext))
        .unwrap_or_else(|| panic!("a .{ext} file was saved"))
}

/// The serious and critical WCAG 2.2 A/AA violations axe-core finds on the screen (axe-core
/// vendored by `scripts/deps.sh test`, as `e2e/a11y.rs` uses it), for a journey's own checks.
pub async fn axe(c: &Client) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../node_modules/axe-core/axe.min.js");
    let source =
        std::fs::read_to_string(&path).expect("axe-core is installed (scripts/deps.sh test)");
    c.execute(&format!("{source}\nreturn true;"), vec![])
        .await
        .expect("axe-core loads into the page");
    let found = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, {
                 runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
                 resultTypes: ["violations"],
               }).then((r) => done(r.violations
                   .filter((v) => v.impact === "serious" || v.impact === "critical")
                   .map((v) => v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "))))
                 .catch((e) => done(["axe failed: " + e]));"#,
            vec![],
        )
        .await
        .expect("axe-core runs");
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
