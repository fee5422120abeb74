#!/usr/bin/env python3
"""Builds the AppImage: one file that runs govmat on a Linux desktop that has no WebKitGTK.

  scripts/appimage.py [--binary target/release/govmat-desktop] [--out DIR]

Why not Tauri's own AppImage bundler: it downloads linuxdeploy, its GTK plugin and an AppRun from
github.com on first use, and neither this machine nor CI can reach github.com. This script does the
same job from parts that come through the registries we do reach:

  * the AppImage runtime (the small ELF program that mounts or extracts the image and starts
    AppRun) is the AppImageKit type-2 runtime shipped inside the `appimage` crate on crates.io;
    scripts/deps.sh downloads that crate and checks its SHA-256 (RUNTIME below);
  * the image is a squashfs made by Debian's mksquashfs;
  * the libraries are the ones this machine's build linked against, found with ldd.

What goes in (an AppDir, then squashed):
  AppRun, govmat.desktop, govmat.png, .DirIcon      the AppImage's entry point, entry, icon
  usr/bin/govmat-desktop                            the release binary (the same one as the .deb)
  usr/lib/*.so*                                     every library it and WebKit's helper programs
                                                    load, except those a desktop always has (HOST)
  usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/          WebKit's web and network processes
  usr/lib/gdk-pixbuf-2.0/2.10.0/                    image loaders for GTK's icons (SVG, ...)
  usr/share/glib-2.0/schemas/gschemas.compiled      GTK's settings schemas (the save dialog)
  usr/share/applications, icons, doc; usr/lib/govmat/licenses   as the .deb installs them

Two paths are fixed inside WebKit: it starts its helper processes from
/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1. The bundled libwebkit2gtk has that one string rewritten
to the same-length ././/lib/x86_64-linux-gnu/webkit2gtk-4.1, and AppRun starts the app from
$APPDIR/usr, so the bundled helpers are the ones started. AppRun also points the dynamic linker,
GTK's image loaders, settings schemas and GIO modules at the bundle.

The result needs glibc 2.36 or later (it is built on Debian 12) and the host's graphics, X11/
Wayland, font and C++ runtime libraries; scripts/check-appimage.py proves it runs in a Debian root
that has those and no GTK or WebKit.
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "govmat")
# The type-2 runtime inside the crates.io crate appimage 0.4.0 (Apache-2.0 OR MIT).
RUNTIME = os.path.join(CACHE, "appimage-runtime-x86_64")
RUNTIME_SHA256 = "328e0d745c5c6817048c27bc3e8314871703f8f47ffa81a37cb06cd95a94b323"
MULTIARCH = "/usr/lib/x86_64-linux-gnu"
WEBKIT_DIR = f"{MULTIARCH}/webkit2gtk-4.1"
WEBKIT_DIR_PATCHED = "././/lib/x86_64-linux-gnu/webkit2gtk-4.1"
PIXBUF_DIR = f"{MULTIARCH}/gdk-pixbuf-2.0/2.10.0"

# Libraries left to the host, by soname prefix. Each must be on every Linux desktop, and most must
# be the host's own: a bundled copy would not match the host's kernel interface, GPU driver, display
# server or font configuration.
HOST = [
    # glibc: the dynamic linker and its libraries come as one set, always the host's.
    "ld-linux", "libc.so", "libm.so", "libdl.so", "libpthread.so", "librt.so", "libresolv.so",
    "libutil.so", "libanl.so", "libmvec.so", "libnss_", "libBrokenLocale.so", "libthread_db.so",
    # the C++ and gcc runtime: the host's GPU driver links them too, and needs its own (newer) one.
    "libstdc++.so", "libgcc_s.so",
    # OpenGL/EGL and the GPU: the vendor's driver, chosen by the host.
    "libGL.so", "libGLX", "libGLdispatch", "libOpenGL", "libEGL", "libGLESv2", "libgbm", "libdrm",
    # the display server's client libraries, which the host's GL driver also loads.
    "libX11.so", "libX11-xcb", "libxcb", "libxshmfence", "libwayland-",
    # fonts: the host's font configuration and cache are read with the host's library.
    "libfontconfig", "libfreetype",
]

# Host libraries that are opened at run time rather than linked, so ldd cannot see them: libepoxy
# (bundled) opens the host's GL, EGL and GLES libraries and stops the app if one is missing.
OPENED_AT_RUN_TIME = ["libEGL.so.1", "libGL.so.1", "libGLESv2.so.2"]

APPRUN = r"""#!/bin/sh
# govmat's AppImage entry point (scripts/appimage.py). Everything the app loads comes from this
# bundle first; WebKit's helpers are found relative to $APPDIR/usr, where the app is started.
HERE="$(dirname "$(readlink -f "$0")")"
export APPDIR="${APPDIR:-$HERE}"
export OWD="${OWD:-$PWD}"
# A relative GOVMAT_DB or GOVMAT_QUESTIONNAIRES meant the folder the user started in.
case "${GOVMAT_DB:-/}" in /*) ;; *) export GOVMAT_DB="$OWD/$GOVMAT_DB" ;; esac
case "${GOVMAT_QUESTIONNAIRES:-/}" in /*) ;; *) export GOVMAT_QUESTIONNAIRES="$OWD/$GOVMAT_QUESTIONNAIRES" ;; esac
export LD_LIBRARY_PATH="$HERE/usr/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export XDG_DATA_DIRS="$HERE/usr/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
export GSETTINGS_SCHEMA_DIR="$HERE/usr/share/glib-2.0/schemas"
export GIO_MODULE_DIR="$HERE/usr/lib/gio/modules"
export GDK_PIXBUF_MODULE_FILE="$HERE/usr/lib/gdk-pixbuf-2.0/2.10.0/loaders.cache"
cd "$HERE/usr" || exit 1
exec "$HERE/usr/bin/govmat-desktop" "$@"
"""


def fail(msg):
    print(f"appimage: FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def version():
    with open(os.path.join(ROOT, "Cargo.toml")) as f:
        m = re.search(r'^version = "([^"]+)"', f.read(), re.M)
    return m.group(1)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ldd(paths):
    """soname -> resolved path of every library the given ELF files load, directly or not."""
    found = {}
    for path in paths:
        out = subprocess.run(["ldd", path], capture_output=True, text=True)
        if out.returncode != 0:
            fail(f"ldd {path}: {out.stderr.strip() or out.stdout.strip()}")
        for line in out.stdout.splitlines():
            m = re.match(r"\s*(\S+) => (\S+) \(0x", line)
            if m:
                found[m.group(1)] = m.group(2)
            elif "=> not found" in line:
                fail(f"{path} needs {line.split()[0]}, which this machine does not have")
    return found


def host_provided(soname):
    return any(soname.startswith(p) for p in HOST)


def copy(src, dest):
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copy2(os.path.realpath(src), dest)


def build_appdir(binary, appdir):
    usr = os.path.join(appdir, "usr")
    exe = os.path.join(usr, "bin", "govmat-desktop")
    copy(binary, exe)
    # Tauri marks the bundle type inside the binary (tauri-utils' bundle_type()); its bundler writes
    # DEB for the .deb. This one is an AppImage.
    with open(exe, "rb") as f:
        data = f.read()
    marks = [m for m in (b"__TAURI_BUNDLE_TYPE_VAR_UNK", b"__TAURI_BUNDLE_TYPE_VAR_DEB") if m in data]
    if len(marks) != 1 or data.count(marks[0]) != 1:
        fail(f"{binary}: Tauri's bundle-type mark not found once (found {marks})")
    with open(exe, "wb") as f:
        f.write(data.replace(marks[0], b"__TAURI_BUNDLE_TYPE_VAR_APP"))

    # WebKit's helper processes and the bundle it injects into each web process.
    helpers = []
    for rel in ["WebKitWebProcess", "WebKitNetworkProcess", "WebKitGPUProcess",
                "injected-bundle/libwebkit2gtkinjectedbundle.so"]:
        src = os.path.join(WEBKIT_DIR, rel)
        if os.path.exists(src):
            dest = os.path.join(usr, "lib", "x86_64-linux-gnu", "webkit2gtk-4.1", rel)
            copy(src, dest)
            helpers.append(src)
    if not any(h.endswith("WebKitWebProcess") for h in helpers):
        fail(f"no WebKitWebProcess in {WEBKIT_DIR}: install libwebkit2gtk-4.1-0 (scripts/deps.sh build)")

    # GTK's image loaders, with a cache naming them relative to $APPDIR/usr (AppRun starts there).
    loaders = sorted(os.path.join(PIXBUF_DIR, "loaders", n) for n in os.listdir(os.path.join(PIXBUF_DIR, "loaders")))
    for src in loaders:
        copy(src, os.path.join(usr, "lib", "gdk-pixbuf-2.0", "2.10.0", "loaders", os.path.basename(src)))
    with open(os.path.join(PIXBUF_DIR, "loaders.cache")) as f:
        cache = f.read().replace(f'"{PIXBUF_DIR}/loaders/', '"./lib/gdk-pixbuf-2.0/2.10.0/loaders/')
    with open(os.path.join(usr, "lib", "gdk-pixbuf-2.0", "2.10.0", "loaders.cache"), "w") as f:
        f.write(cache)
    # An empty GIO module folder: the host's modules were built against the host's GLib, not ours.
    os.makedirs(os.path.join(usr, "lib", "gio", "modules"), exist_ok=True)
    copy("/usr/share/glib-2.0/schemas/gschemas.compiled",
         os.path.join(usr, "share", "glib-2.0", "schemas", "gschemas.compiled"))

    libs = ldd([binary, *helpers, *loaders])
    bundled, left = [], []
    for soname, path in sorted(libs.items()):
        if host_provided(soname):
            left.append(soname)
            continue
        copy(path, os.path.join(usr, "lib", soname))
        bundled.append(soname)

    # WebKit starts its helpers from a path fixed at its build: point it inside the bundle.
    webkit = os.path.join(usr, "lib", "libwebkit2gtk-4.1.so.0")
    with open(webkit, "rb") as f:
        data = f.read()
    old, new = WEBKIT_DIR.encode(), WEBKIT_DIR_PATCHED.encode()
    assert len(old) == len(new)
    if data.count(old) == 0:
        fail(f"{webkit}: the helper path {WEBKIT_DIR} is not in the library: WebKit changed how it finds them")
    with open(webkit, "wb") as f:
        f.write(data.replace(old, new))

    # What the .deb installs, in the same places, and the AppImage's own entry and icon.
    entry = ("[Desktop Entry]\nType=Application\nName=govmat\n"
             "Comment=Governance readiness diagnostic for NHS provider boards\n"
             "Exec=govmat-desktop\nIcon=govmat\nTerminal=false\nCategories=Office;\n")
    for path in [os.path.join(appdir, "govmat.desktop"), os.path.join(usr, "share", "applications", "govmat.desktop")]:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(entry)
    icons = os.path.join(ROOT, "src-tauri", "icons")
    copy(os.path.join(icons, "128x128.png"), os.path.join(appdir, "govmat.png"))
    os.symlink("govmat.png", os.path.join(appdir, ".DirIcon"))
    for size, name in [("32x32", "32x32.png"), ("128x128", "128x128.png"), ("256x256", "128x128@2x.png")]:
        copy(os.path.join(icons, name), os.path.join(usr, "share", "icons", "hicolor", size, "apps", "govmat.png"))
    licence, dejavu = os.path.join(ROOT, "LICENSE"), os.path.join(ROOT, "assets", "fonts", "LICENSE-DejaVu.txt")
    copy(licence, os.path.join(usr, "share", "doc", "govmat", "copyright"))
    copy(dejavu, os.path.join(usr, "share", "doc", "govmat", "DejaVu-fonts-LICENSE"))
    copy(licence, os.path.join(usr, "lib", "govmat", "licenses", "govmat-LICENSE.txt"))
    copy(dejavu, os.path.join(usr, "lib", "govmat", "licenses", "DejaVu-fonts-LICENSE.txt"))

    # The libraries left to the host, one soname a line: a user's answer to "what must my system
    # have", and what scripts/check-installed.py --appimage installs in its Debian root.
    with open(os.path.join(usr, "share", "doc", "govmat", "host-libraries.txt"), "w") as f:
        f.write("".join(f"{soname}\n" for soname in sorted(set(left) | set(OPENED_AT_RUN_TIME))))

    apprun = os.path.join(appdir, "AppRun")
    with open(apprun, "w") as f:
        f.write(APPRUN)
    os.chmod(apprun, 0o755)
    return bundled, left


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "govmat-desktop"))
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "release", "bundle", "appimage"))
    args = ap.parse_args()
    if not os.path.isfile(args.binary):
        fail(f"{args.binary}: no such binary (build it first: make bundle builds the release one)")
    if not os.path.isfile(RUNTIME) or sha256(RUNTIME) != RUNTIME_SHA256:
        fail(f"{RUNTIME}: missing or not the expected runtime: run scripts/deps.sh bundle")
    if not shutil.which("mksquashfs"):
        fail("mksquashfs is not installed: run scripts/deps.sh bundle (Debian's squashfs-tools)")

    os.makedirs(args.out, exist_ok=True)
    out = os.path.join(args.out, f"govmat_{version()}_amd64.AppImage")
    with tempfile.TemporaryDirectory(prefix="govmat-appimage-", dir=os.path.dirname(args.out)) as work:
        appdir = os.path.join(work, "govmat.AppDir")
        bundled, left = build_appdir(os.path.abspath(args.binary), appdir)
        image = os.path.join(work, "image.squashfs")
        subprocess.run(["mksquashfs", appdir, image, "-root-owned", "-noappend", "-quiet", "-no-progress",
                        "-comp", "xz"], check=True)
        with open(out + ".part", "wb") as f:
            with open(RUNTIME, "rb") as r:
                shutil.copyfileobj(r, f)
            with open(image, "rb") as r:
                shutil.copyfileobj(r, f)
        os.chmod(out + ".part", 0o755)
        os.replace(out + ".part", out)
    print(f"appimage: {len(bundled)} libraries bundled; left to the host: {', '.join(left)}")
    print(f"appimage: {out}  {os.path.getsize(out)} bytes")


if __name__ == "__main__":
    main()
