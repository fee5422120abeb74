#!/usr/bin/env python3
"""Installs the .deb that `make bundle` (or `make test`) just built, starts the *installed* app on
a fresh database with no network, checks that it draws its start screen, and removes the package.

  scripts/check-installed.py target/debug/bundle/deb/govmat_0.1.0_amd64.deb

Run as root (or with sudo available) under a display (`xvfb-run -a`). Checks, each failing loudly:
  * the package installs, and holds the binary, the desktop entry, icons and both licences;
  * the installed binary starts with no network (a network namespace of its own, loopback only,
    where the system allows one) and draws the start screen: its heading and the demo button are
    found through WebDriver (tauri-driver), and the screenshot has more than a few colours;
  * the database is created in the platform data folder (XDG_DATA_HOME), with the questionnaire
    folder beside it, and nothing is written next to the binary;
  * the package is removed cleanly: no file of it is left behind.
Only the Python standard library; the WebDriver client is a few HTTP requests.
"""

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

BINARY = "/usr/bin/govmat-desktop"
PACKAGE = "govmat"
PATIENCE = 30


def fail(msg):
    print(f"check-installed: FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def root_cmd(args):
    return args if os.geteuid() == 0 else ["sudo", *args]


def run(args, **kw):
    print("+", " ".join(args))
    return subprocess.run(args, check=True, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def webdriver(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=PATIENCE) as r:
            return json.loads(r.read() or b"{}").get("value")
    except urllib.error.HTTPError as e:
        return {"error": e.read().decode(errors="replace")}
    except (urllib.error.URLError, ConnectionError, OSError) as e:
        # tauri-driver listens before WebKitWebDriver is ready: the first request may be dropped.
        return {"error": f"{type(e).__name__}: {e}"}


def tauri_driver():
    found = shutil.which("tauri-driver")
    if found:
        return found
    cargo = os.path.join(os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo")), "bin", "tauri-driver")
    if os.path.exists(cargo):
        return cargo
    fail("tauri-driver is not installed (scripts/deps.sh test)")


def check_start_screen(home, shot):
    """Starts the installed app through tauri-driver and looks at what it draws."""
    port, native = free_port(), free_port()
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"),
               XDG_CONFIG_HOME=os.path.join(home, "config"), XDG_CACHE_HOME=os.path.join(home, "cache"),
               LIBGL_ALWAYS_SOFTWARE="1")
    for sub in ("data", "config", "cache"):
        os.makedirs(os.path.join(home, sub), exist_ok=True)
    env.pop("GOVMAT_DB", None)
    env.pop("GOVMAT_QUESTIONNAIRES", None)
    driver = subprocess.Popen([tauri_driver(), "--port", str(port), "--native-port", str(native)],
                              env=env, stdout=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + PATIENCE
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    fail("tauri-driver did not listen")
                time.sleep(0.1)
        started = time.time()
        while True:
            session = webdriver(base, "POST", "/session", {"capabilities": {"alwaysMatch": {
                "browserName": "wry", "tauri:options": {"application": BINARY}}}})
            if isinstance(session, dict) and "sessionId" in session:
                break
            if time.time() > started + PATIENCE:
                fail(f"no WebDriver session on the installed app: {session}")
            time.sleep(0.5)
        sid = session["sessionId"]
        heading = None
        settled = ("const m = document.querySelector('main'); const h = m && m.querySelector('h1');"
                   " return m && !m.hasAttribute('aria-busy') && document.querySelector('#open-demo') && h"
                   " ? h.textContent : null;")
        while time.time() < started + PATIENCE:
            heading = webdriver(base, "POST", f"/session/{sid}/execute/sync", {"script": settled, "args": []})
            if isinstance(heading, str) and heading:
                break
            heading = None
            time.sleep(0.2)
        if not heading:
            fail("the installed app never drew its start screen (no demo button within 30 s)")
        print(f"start screen drawn {time.time() - started:.1f} s after the session was asked for; heading: {heading!r}")
        time.sleep(0.5)  # two frames and more: the screenshot shows what a person sees
        png = base64.b64decode(webdriver(base, "GET", f"/session/{sid}/screenshot"))
        with open(shot, "wb") as f:
            f.write(png)
        colours = subprocess.run(["identify", "-format", "%k", shot], capture_output=True, text=True).stdout
        if not colours.strip().isdigit() or int(colours) < 16:
            fail(f"the screenshot {shot} looks blank ({colours.strip()} colours)")
        print(f"screenshot {shot}: {colours.strip()} colours")
        webdriver(base, "DELETE", f"/session/{sid}")
    finally:
        driver.send_signal(signal.SIGTERM)
        try:
            driver.wait(10)
        except subprocess.TimeoutExpired:
            driver.kill()


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--inside":
        # The part run with no network (see below): start the app, look at it.
        home = sys.argv[2]
        check_start_screen(home, os.path.join(home, "start-screen.png"))
        return
    if len(sys.argv) != 2:
        fail("usage: check-installed.py <path to the .deb>")
    deb = os.path.abspath(sys.argv[1])
    if not os.path.isfile(deb):
        fail(f"{deb}: no such package (build it with `make bundle` or scripts/bundle.sh)")
    if not os.environ.get("DISPLAY"):
        fail("needs a display: run under xvfb-run -a")
    if os.path.exists(BINARY):
        fail(f"{BINARY} exists before installing: remove the old package first (dpkg -r {PACKAGE})")

    size = os.path.getsize(deb)
    print(f"{os.path.basename(deb)}: {size / 1e6:.1f} MB")
    run(root_cmd(["dpkg", "-i", deb]))
    try:
        files = subprocess.run(["dpkg", "-L", PACKAGE], capture_output=True, text=True, check=True).stdout.split()
        for want in [BINARY, "/usr/share/applications/govmat.desktop", "/usr/share/doc/govmat/copyright",
                     "/usr/share/doc/govmat/DejaVu-fonts-LICENSE", "/usr/lib/govmat/licenses/govmat-LICENSE.txt",
                     "/usr/lib/govmat/licenses/DejaVu-fonts-LICENSE.txt"]:
            if want not in files:
                fail(f"the package has no {want}; it has: {files}")
        if not any(f.startswith("/usr/share/icons/hicolor/") and f.endswith(".png") for f in files):
            fail("the package installs no icon")
        entry = open("/usr/share/applications/govmat.desktop").read()
        for line in ["Exec=govmat-desktop", "Name=govmat", "Categories="]:
            if line not in entry:
                fail(f"the desktop entry has no {line!r}:\n{entry}")
        beside = sorted(os.listdir("/usr/bin"))

        home = tempfile.mkdtemp(prefix="govmat-installed-")
        os.chmod(home, 0o755)
        inside = [sys.executable, os.path.abspath(__file__), "--inside", home]
        # No network: a network namespace with only loopback (for tauri-driver), where allowed.
        if os.geteuid() == 0 and shutil.which("unshare") and shutil.which("ip"):
            run(["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *inside])
            print("the installed app ran in a network namespace with loopback only (no network)")
        else:
            print("not root: the app runs with the machine's network (the no-network start is checked as root in CI)")
            run(inside)

        db = os.path.join(home, "data", "govmat", "govmat.db")
        if not os.path.isfile(db):
            fail(f"no database at {db}: the installed app must keep it in the platform data folder")
        print(f"database created at {db}")
        if sorted(os.listdir("/usr/bin")) != beside:
            fail("the app wrote something into /usr/bin")
        for f in files:
            if f.startswith("/usr/lib/govmat") and os.path.isdir(f):
                extra = [n for n in os.listdir(f) if os.path.join(f, n) not in files]
                if extra:
                    fail(f"the app wrote {extra} into {f}, beside its installed files")
        shutil.copy(os.path.join(home, "start-screen.png"), os.path.join(os.path.dirname(deb), "start-screen.png"))
        shutil.rmtree(home, ignore_errors=True)
    finally:
        run(root_cmd(["dpkg", "--purge", PACKAGE]))
    left = [f for f in files if os.path.isfile(f)]
    if left:
        fail(f"removing the package left {left}")
    print("check-installed: the .deb installs, the installed app starts offline and draws its start screen, and it removes cleanly")


if __name__ == "__main__":
    main()
