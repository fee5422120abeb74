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

  scripts/check-installed.py --appimage target/debug/bundle/appimage/govmat_0.1.0_amd64.AppImage

checks the AppImage instead: it reads the list of libraries the AppImage leaves to the host, makes
a minimal Debian root (debootstrap) with just those (and a font) and no GTK, WebKit or libsoup,
then starts the AppImage inside it (bubblewrap; unpacked by its own runtime, since the root has no
FUSE) with no network, on a fresh home: the same start-screen, screenshot and database checks.
Only the Python standard library; the WebDriver client is a few HTTP requests.
"""

import base64
import json
import os
import shlex
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


def check_start_screen(home, shot, application=BINARY, patience=PATIENCE):
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
                "browserName": "wry", "tauri:options": {"application": application}}}})
            if isinstance(session, dict) and "sessionId" in session:
                break
            if time.time() > started + patience:
                fail(f"no WebDriver session on the installed app: {session}")
            time.sleep(0.5)
        sid = session["sessionId"]
        heading = None
        settled = ("const m = document.querySelector('main'); const h = m && m.querySelector('h1');"
                   " return m && !m.hasAttribute('aria-busy') && document.querySelector('#open-demo') && h"
                   " ? h.textContent : null;")
        while time.time() < started + patience:
            heading = webdriver(base, "POST", f"/session/{sid}/execute/sync", {"script": settled, "args": []})
            if isinstance(heading, str) and heading:
                break
            heading = None
            time.sleep(0.2)
        if not heading:
            fail(f"the installed app never drew its start screen (no demo button within {patience} s)")
        print(f"start screen drawn {time.time() - started:.1f} s after the session was asked for; heading: {heading!r}")
        # Two frames after the settled DOM, and a little more: the screenshot shows what a person
        # sees (the AppImage in its software-rendered root paints noticeably later than the DOM).
        webdriver(base, "POST", f"/session/{sid}/execute/async", {"script": (
            "const done = arguments[arguments.length - 1];"
            " requestAnimationFrame(() => requestAnimationFrame(() => done(true)));"), "args": []})
        time.sleep(0.5)
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


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What a desktop without GTK or WebKit has anyway, beside the libraries the AppImage names.
ROOT_EXTRA = ["fonts-dejavu-core"]


def no_network(args):
    """Runs args in a network namespace with only loopback (for tauri-driver), where allowed."""
    if os.geteuid() == 0 and shutil.which("unshare") and shutil.which("ip"):
        run(["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *args])
        print("the app ran in a network namespace with loopback only (no network)")
    else:
        print("not root: the app runs with the machine's network (the no-network start is checked as root in CI)")
        run(args)


def debian_root(host_libs):
    """A minimal Debian root (debootstrap) with the libraries the AppImage leaves to the host and no
    GTK or WebKit; kept in target/ and rebuilt when the list changes."""
    pkgs = set(ROOT_EXTRA)
    for soname in host_libs:
        for d in ("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64"):
            out = subprocess.run(["dpkg", "-S", os.path.join(d, soname)], capture_output=True, text=True)
            if out.returncode == 0:
                pkgs.add(out.stdout.split(":")[0])
                break
        else:
            fail(f"no Debian package on this machine holds {soname}, which the AppImage leaves to the host")
    pkgs = sorted(pkgs)
    root = os.path.join(REPO, "target", "appimage-root")
    stamp = os.path.join(root, ".govmat-packages")
    if os.path.isfile(stamp) and open(stamp).read() == " ".join(pkgs):
        print(f"Debian root {root} (kept from an earlier run): {' '.join(pkgs)}")
        return root
    codename = dict(line.rstrip().split("=", 1) for line in open("/etc/os-release") if "=" in line) \
        .get("VERSION_CODENAME", "").strip('"')
    if not codename or not shutil.which("debootstrap"):
        fail("the AppImage check needs debootstrap on a Debian machine (scripts/deps.sh test)")
    shutil.rmtree(root, ignore_errors=True)
    mirror = os.environ.get("GOVMAT_DEBIAN_MIRROR", "http://deb.debian.org/debian")
    started = time.time()
    run(root_cmd(["debootstrap", "--variant=minbase", f"--include={','.join(pkgs)}", codename, root, mirror]),
        stdout=subprocess.DEVNULL)
    with open(stamp, "w") as f:
        f.write(" ".join(pkgs))
    print(f"Debian root {root} made in {time.time() - started:.0f} s: minbase and {' '.join(pkgs)}")
    return root


def check_appimage(image):
    """Runs the AppImage in a Debian root without GTK or WebKit, offline, on a fresh home."""
    image = os.path.abspath(image)
    if not os.path.isfile(image):
        fail(f"{image}: no such AppImage (build it with `make bundle` or scripts/appimage.py)")
    with open(image, "rb") as f:
        head = f.read(11)
    if head[:4] != b"\x7fELF" or head[8:11] != b"AI\x02":
        fail(f"{image} is not a type-2 AppImage (no ELF header with the AI 2 mark)")
    if not os.access(image, os.X_OK):
        fail(f"{image} is not executable")
    if not shutil.which("bwrap"):
        fail("the AppImage check needs bubblewrap (scripts/deps.sh test)")
    print(f"{os.path.basename(image)}: {os.path.getsize(image) / 1e6:.1f} MB")
    work = tempfile.mkdtemp(prefix="govmat-appimage-")
    os.chmod(work, 0o755)
    try:
        subprocess.run([image, "--appimage-extract", "usr/share/doc/govmat/host-libraries.txt"], cwd=work,
                       check=True, stdout=subprocess.DEVNULL)
        host_libs = open(os.path.join(work, "squashfs-root", "usr", "share", "doc", "govmat",
                                      "host-libraries.txt")).read().split()
        root = debian_root(host_libs)
        for lib in ["libgtk-3.so.0", "libwebkit2gtk-4.1.so.0", "libsoup-3.0.so.0"]:
            for d in ("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu"):
                if os.path.exists(os.path.join(root, d, lib)):
                    fail(f"the test root has {lib}: it would not show that the AppImage carries its own")
        print(f"the root has no GTK, no WebKit, no libsoup; the AppImage leaves {len(host_libs)} libraries to it")

        home = os.path.join(work, "home")
        os.makedirs(home)
        # WebKitWebDriver starts this in place of the app: the AppImage, inside the root.
        inside_root = os.path.join(work, "in-root.sh")
        xauth = os.environ.get("XAUTHORITY")
        binds = ["--ro-bind", xauth, xauth] if xauth and os.path.isfile(xauth) else []
        with open(inside_root, "w") as f:
            f.write("#!/bin/sh\nexec " + " ".join(shlex.quote(a) for a in [
                "bwrap", "--bind", root, "/", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                "--bind", "/tmp/.X11-unix", "/tmp/.X11-unix", *binds, "--bind", home, home,
                "--ro-bind", image, "/opt/govmat.AppImage", "--setenv", "APPIMAGE_EXTRACT_AND_RUN", "1",
                "--setenv", "MESA_SHADER_CACHE_DISABLE", "true",
                "--die-with-parent", "/opt/govmat.AppImage"]) + ' "$@"\n')
        os.chmod(inside_root, 0o755)
        no_network([sys.executable, os.path.abspath(__file__), "--inside", home, inside_root])
        db = os.path.join(home, "data", "govmat", "govmat.db")
        if not os.path.isfile(db):
            fail(f"no database at {db}: the AppImage must keep it in the platform data folder")
        print(f"database created at {db}")
        shutil.copy(os.path.join(home, "start-screen.png"), os.path.join(os.path.dirname(image), "start-screen.png"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("check-installed: the AppImage starts offline in a Debian root with no GTK or WebKit and draws its start screen")


def main():
    if len(sys.argv) in (3, 4) and sys.argv[1] == "--inside":
        # The part run with no network (see below): start the app, look at it.
        home = sys.argv[2]
        if len(sys.argv) == 4:  # the AppImage: the first start also unpacks it
            check_start_screen(home, os.path.join(home, "start-screen.png"), sys.argv[3], patience=120)
        else:
            check_start_screen(home, os.path.join(home, "start-screen.png"))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--appimage":
        if not os.environ.get("DISPLAY"):
            fail("needs a display: run under xvfb-run -a")
        check_appimage(sys.argv[2])
        return
    if len(sys.argv) != 2:
        fail("usage: check-installed.py <path to the .deb> | --appimage <path to the AppImage>")
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
        no_network([sys.executable, os.path.abspath(__file__), "--inside", home])

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
