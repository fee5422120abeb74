#!/usr/bin/env python3
"""The Windows build, proved under Wine (part of `make test`; `make bench` with --bench).

    scripts/check-windows.py TARGET_DIR LINUX_GOVMAT [--bench]

TARGET_DIR is target/x86_64-pc-windows-gnu/<profile>, after `scripts/windows.sh` built the two
programs and both installers there; LINUX_GOVMAT is the Linux build of the same CLI, whose output
the Windows build must match. Everything runs in a fresh Wine prefix under a temporary folder:

1. The CLI's smoke suite: the demo; `summary --json`, the report (PDF and Word), the board summary
   and the exports (CSV, JSON, XLSX) of one database equal the Linux build's (the produced time
   aside); a file that is not a govmat database is refused and left as it was; `collect
   addresses` reads every adapter's description (GetAdaptersAddresses).
2. setup.exe installs silently (/S) for the user without administrator rights: the files, the
   Start-menu shortcut and the Apps & features entry (name, version, publisher, size); the
   installed govmat.exe runs the demo into %APPDATA%\\govmat and writes a PDF; installing again
   over it keeps the data; the uninstaller removes the program, shortcut and entry and leaves the
   data folder.
3. The MSI: its tables (files, shortcut, UpgradeCode, version), then a silent per-machine install
   with msiexec, the installed CLI run, and a silent uninstall that leaves users' data.
4. The desktop program without WebView2 (Wine has none) says so plainly instead of failing blank.

Wine 8 lacks bcryptprimitives.dll, from which Rust's standard library takes random numbers: the
prefix gets a stand-in built here from tests/windows/bcryptprimitives.c. It is a test fixture of
the Wine prefix, never part of what is shipped. With --bench it prints how long the report takes
under Wine against the native Linux build instead (figures for docs/benchmarks.md).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORG = "Demo: Riverside & Vale NHS Foundation Trust"
ROUND = "Annual review 2026"
UPGRADE_CODE = "{6E1B6B0A-2E53-4C52-9A0E-3C4D6F7A9B21}"


def fail(msg):
    sys.exit(f"check-windows: FAILED: {msg}")


def version():
    for line in (ROOT / "Cargo.toml").read_text().splitlines():
        m = re.match(r'version = "(.*)"', line)
        if m:
            return m.group(1)
    fail("no version in Cargo.toml")


def winpath(p):
    """A Linux path as Wine's drive Z: shows it."""
    return "Z:" + str(p).replace("/", "\\")


class Wine:
    def __init__(self, work):
        self.prefix = work / "prefix"
        self.env = dict(os.environ, WINEPREFIX=str(self.prefix), WINEDEBUG="-all",
                        WINEDLLOVERRIDES="mscoree,mshtml=", WINEARCH="win64")
        self.env.pop("GOVMAT_DB", None)
        self.env.pop("GOVMAT_QUESTIONNAIRES", None)
        started = time.monotonic()
        subprocess.run(["wineboot", "-i"], env=self.env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait()
        shim = work / "bcryptprimitives.dll"
        subprocess.run(["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", str(shim),
                        str(ROOT / "tests/windows/bcryptprimitives.c"), "-ladvapi32"], check=True)
        shutil.copy(shim, self.drive_c / "windows/system32/bcryptprimitives.dll")
        print(f"  a fresh Wine prefix in {time.monotonic() - started:.1f} s")

    @property
    def drive_c(self):
        return self.prefix / "drive_c"

    @property
    def user(self):
        return self.drive_c / "users" / os.environ.get("USER", "root")

    def run(self, *args, ok=True, timeout=300):
        r = subprocess.run(["wine", *map(str, args)], env=self.env, capture_output=True,
                           timeout=timeout)
        if ok and r.returncode != 0:
            fail(f"wine {' '.join(map(str, args))} exited {r.returncode}: "
                 f"{r.stderr.decode(errors='replace')[-2000:]}")
        return r

    def wait(self):
        subprocess.run(["wineserver", "-w"], env=self.env, check=True)

    def reg(self, key):
        r = self.run("reg", "query", key, ok=False)
        return r.stdout.decode("utf-8", errors="replace") if r.returncode == 0 else None


def native(govmat, *args):
    r = subprocess.run([str(govmat), *map(str, args)], capture_output=True)
    if r.returncode != 0:
        fail(f"linux govmat {' '.join(map(str, args))}: {r.stderr.decode(errors='replace')}")
    return r


def produced_free(text):
    """Drops the produced time (the only thing two builds may rightly differ in)."""
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d", "<produced>", text)
    text = re.sub(r'"produced(_at)?":\s*"[^"]*"', '"produced":"<produced>"', text)
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "<produced>", text)


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True).stdout.decode()


def zip_text(path):
    """Every XML part of a DOCX or XLSX, for comparing the two builds' files part by part."""
    with zipfile.ZipFile(path) as z:
        return {n: produced_free(z.read(n).decode("utf-8", errors="replace"))
                for n in sorted(z.namelist()) if n.endswith(".xml") or n.endswith(".rels")}


def same(what, linux, windows):
    if linux != windows:
        if isinstance(linux, dict):
            diff = [k for k in sorted(set(linux) | set(windows)) if linux.get(k) != windows.get(k)]
            fail(f"{what} differs between Linux and Windows in {diff[:5]}")
        for i, (a, b) in enumerate(zip(str(linux).splitlines(), str(windows).splitlines())):
            if a != b:
                fail(f"{what} differs between Linux and Windows at line {i + 1}:\n  {a!r}\n  {b!r}")
        fail(f"{what} differs between Linux and Windows in length")
    print(f"  {what}: identical to Linux's")


def cli_suite(wine, exe, linux, work):
    print("1. the CLI under Wine")
    # The demo, created by the Windows build itself.
    demo_db = work / "win-demo.db"
    r = wine.run(exe, "--db", winpath(demo_db), "demo")
    out = r.stdout.decode()
    if "Demo board created" not in out or "the board's overall level" not in out:
        fail(f"the demo printed no summary: {out[:500]}")
    print("  demo: created and summarised")
    # One database, read by both builds.
    db = work / "shared.db"
    native(linux, "--db", db, "demo")
    args = ["--org", ORG, "--round", ROUND]
    lin = native(linux, "--db", db, "summary", "--json", *args).stdout.decode()
    win = wine.run(exe, "--db", winpath(db), "summary", "--json", *args).stdout.decode()
    json.loads(win)
    same("summary --json", produced_free(lin), produced_free(win.replace("\r\n", "\n")))
    for name, extra in [("report.pdf", []), ("summary.pdf", ["--summary"]),
                        ("report.docx", ["--format", "docx"])]:
        lp, wp = work / f"linux-{name}", work / f"windows-{name}"
        native(linux, "--db", db, "report", *args, "--out", lp, *extra)
        wine.run(exe, "--db", winpath(db), "report", *args, "--out", winpath(wp), *extra)
        if name.endswith(".pdf"):
            if not wp.read_bytes().startswith(b"%PDF"):
                fail(f"{name} from Windows is not a PDF")
            same(name + " text", produced_free(pdf_text(lp)), produced_free(pdf_text(wp)))
        else:
            same(name + " parts", zip_text(lp), zip_text(wp))
    for fmt in ["csv", "json", "xlsx"]:
        lp, wp = work / f"linux-export.{fmt}", work / f"windows-export.{fmt}"
        native(linux, "--db", db, "export", *args, "--format", fmt, "--out", lp)
        wine.run(exe, "--db", winpath(db), "export", *args, "--format", fmt, "--out", winpath(wp))
        if fmt == "xlsx":
            same("export xlsx cells", zip_text(lp), zip_text(wp))
        else:
            same(f"export {fmt}", produced_free(lp.read_bytes().decode("utf-8-sig")),
                 produced_free(wp.read_bytes().decode("utf-8-sig")))
    # A file that is not a govmat database is refused, named, and left exactly as it was.
    bad = work / "not-a-board.db"
    bad.write_bytes(b"minutes of the last board meeting\r\n")
    r = wine.run(exe, "--db", winpath(bad), "summary", *args, ok=False)
    err = r.stderr.decode(errors="replace")
    if r.returncode == 0 or "not-a-board.db" not in err:
        fail(f"a file that is not a database was not refused by name (exit {r.returncode}): {err}")
    if bad.read_bytes() != b"minutes of the last board meeting\r\n":
        fail("the refused file was changed")
    print(f"  a bad --db is refused: {err.strip().splitlines()[-1][:120]}")
    # The adapters' descriptions, read with GetAdaptersAddresses (issue 25 §3): the call runs and
    # names each adapter with its description (Wine describes them by the host's names).
    r = wine.run(exe, "collect", "addresses")
    out = r.stdout.decode(errors="replace").replace("\r\n", "\n")
    described = re.findall(r"^  (.+) \[(.*)\]: (kept|left out)", out, re.M)
    if "adapters as Windows describes them:" not in out or not described:
        fail(f"collect addresses named no adapter with its description: {out[:500]}")
    print(f"  collect addresses: {len(described)} adapters described "
          f"({', '.join(f'{n} [{d}]' for n, d, _ in described[:4])})")


def setup_suite(wine, setup, ver):
    print("2. setup.exe, silently, for the current user")
    wine.run(setup, "/S")
    wine.wait()
    inst = wine.user / "AppData/Local/Programs/govmat"
    for f in ["govmat-desktop.exe", "govmat.exe", "WebView2Loader.dll", "LICENSE.txt",
              "DejaVu-fonts-LICENSE.txt", "uninstall.exe"]:
        if not (inst / f).is_file():
            fail(f"setup.exe did not install {f} into {inst}")
    shortcut = wine.user / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/govmat.lnk"
    if not shortcut.is_file():
        fail(f"no Start-menu shortcut at {shortcut}")
    key = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\govmat"
    entry = wine.reg(key)
    if entry is None:
        fail("no uninstaller registered under HKCU")
    for name, want in [("DisplayName", "govmat"), ("DisplayVersion", ver), ("Publisher", "govmat")]:
        if not re.search(rf"{name}\s+REG_SZ\s+{re.escape(want)}\s*$", entry, re.M):
            fail(f"the Apps & features entry lacks {name} = {want}:\n{entry}")
    size = re.search(r"EstimatedSize\s+REG_DWORD\s+0x([0-9a-f]+)", entry, re.I)
    if not size or int(size.group(1), 16) < 1000:
        fail(f"the Apps & features entry has no plausible size:\n{entry}")
    print(f"  installed into {inst.relative_to(wine.drive_c)}; Apps & features entry with size "
          f"{int(size.group(1), 16)} KB")
    # The installed CLI uses the user's data folder, like the app.
    exe = inst / "govmat.exe"
    wine.run(exe, "demo")
    db = wine.user / "AppData/Roaming/govmat/govmat.db"
    if not db.is_file():
        fail(f"the installed govmat did not keep its database in %APPDATA%\\govmat ({db})")
    pdf = wine.drive_c / "report.pdf"
    wine.run(exe, "report", "--org", ORG, "--round", ROUND, "--out", "C:\\report.pdf")
    if not pdf.read_bytes().startswith(b"%PDF"):
        fail("the installed govmat wrote no PDF")
    print("  the installed govmat.exe ran the demo into %APPDATA%\\govmat and wrote a PDF")
    data = db.read_bytes()
    wine.run(setup, "/S")
    wine.wait()
    if db.read_bytes() != data:
        fail("installing again changed the user's database")
    print("  installing over it again keeps the data")
    wine.run(inst / "uninstall.exe", "/S")
    wine.wait()
    if inst.exists():
        fail(f"the uninstaller left {sorted(p.name for p in inst.iterdir())}")
    if shortcut.exists() or wine.reg(key) is not None:
        fail("the uninstaller left the shortcut or the Apps & features entry")
    if db.read_bytes() != data:
        fail("the uninstaller touched the user's data")
    print("  the uninstaller removed the program, shortcut and entry, and left the data folder")


def msi_suite(wine, msi, ver):
    print("3. the MSI")

    def table(name):
        return subprocess.run(["msiinfo", "export", str(msi), name], check=True,
                              capture_output=True).stdout.decode(errors="replace")

    files = table("File")
    for f in ["govmat-desktop.exe", "govmat.exe", "WebView2Loader.dll", "LICENSE.txt"]:
        if f not in files:
            fail(f"the MSI's File table lacks {f}")
    if "govmat" not in table("Shortcut"):
        fail("the MSI has no shortcut")
    props = dict(line.split("\t", 1) for line in table("Property").splitlines()[3:] if "\t" in line)
    if props.get("UpgradeCode") != UPGRADE_CODE:
        fail(f"the MSI's UpgradeCode is {props.get('UpgradeCode')}, not the stable {UPGRADE_CODE}")
    if props.get("ProductVersion") != ver:
        fail(f"the MSI's ProductVersion is {props.get('ProductVersion')}")
    if UPGRADE_CODE not in table("Upgrade"):
        fail("the MSI's Upgrade table does not replace older versions")
    print(f"  tables: files, shortcut, UpgradeCode {UPGRADE_CODE}, version {ver}")
    wine.run("msiexec", "/i", winpath(msi), "/qn")
    wine.wait()
    inst = wine.drive_c / "Program Files/govmat"
    if not (inst / "govmat.exe").is_file():
        fail(f"msiexec /qn installed nothing into {inst}")
    r = wine.run(inst / "govmat.exe", "--version")
    print(f"  msiexec /i … /qn installed per machine: {r.stdout.decode().strip()}")
    data = wine.user / "AppData/Roaming/govmat"
    data.mkdir(parents=True, exist_ok=True)
    (data / "keep.txt").write_text("a user's file")
    wine.run("msiexec", "/x", winpath(msi), "/qn")
    wine.wait()
    if (inst / "govmat.exe").exists():
        fail("msiexec /x left the program")
    if not (data / "keep.txt").is_file():
        fail("the MSI's uninstall touched users' data")
    print("  msiexec /x … /qn removed it and left users' data")


def webview_suite(wine, desktop, work):
    print("4. the desktop program where WebView2 is missing")
    proc = subprocess.Popen(["wine", str(desktop)], env=wine.env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    said = b""
    deadline = time.monotonic() + 60
    os.set_blocking(proc.stderr.fileno(), False)
    while time.monotonic() < deadline and b"WebView2 Runtime" not in said:
        chunk = proc.stderr.read() or b""
        said += chunk
        if proc.poll() is not None and not chunk:
            break
        time.sleep(0.2)
    if os.environ.get("DISPLAY") and proc.poll() is None:
        time.sleep(2)  # the dialog is on screen: keep a picture of it
        shot = ROOT / "target/windows-webview2-missing.png"
        subprocess.run(["import", "-window", "root", str(shot)], check=False)
        print(f"  the dialog: {shot}")
    proc.kill()
    subprocess.run(["wineserver", "-k"], env=wine.env, check=False)
    if b"WebView2 Runtime" not in said:
        fail(f"the desktop program did not say WebView2 is missing: {said.decode(errors='replace')[-1500:]}")
    print("  it names the missing WebView2 Runtime and Microsoft's Evergreen Bootstrapper")


def bench(wine, exe, linux, work, runs=5):
    db = work / "bench.db"
    native(linux, "--db", db, "demo")
    args = ["--org", ORG, "--round", ROUND]

    def median(run):
        times = []
        for i in range(runs):
            t = time.monotonic()
            run(i)
            times.append(time.monotonic() - t)
        return sorted(times)[len(times) // 2]

    lin = median(lambda i: native(linux, "--db", db, "report", *args, "--out", work / f"l{i}.pdf"))
    win = median(lambda i: wine.run(exe, "--db", winpath(db), "report", *args,
                                    "--out", winpath(work / f"w{i}.pdf")))
    noop = median(lambda i: wine.run(exe, "--version"))
    print(f"report of the demo round, median of {runs} whole-process runs:")
    print(f"  Linux native       {lin * 1000:8.0f} ms")
    print(f"  Windows under Wine {win * 1000:8.0f} ms  ({win / lin:.2f}x native)")
    print(f"  of which Wine's own start (govmat --version) {noop * 1000:.0f} ms; "
          f"without it {(win - noop) / lin:.2f}x native")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, linux = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    ver = version()
    setup = out / f"bundle/nsis/govmat_{ver}_x64-setup.exe"
    msi = out / f"bundle/msi/govmat_{ver}_x64.msi"
    for f in [out / "govmat.exe", out / "govmat-desktop.exe", setup, msi, linux]:
        if not f.is_file():
            fail(f"{f} is missing: run scripts/windows.sh first")
    with tempfile.TemporaryDirectory(prefix="govmat-wine-") as tmp:
        work = Path(tmp)
        wine = Wine(work)
        try:
            if "--bench" in sys.argv:
                return bench(wine, out / "govmat.exe", linux, work)
            cli_suite(wine, out / "govmat.exe", linux, work)
            setup_suite(wine, setup, ver)
            msi_suite(wine, msi, ver)
            webview_suite(wine, out / "govmat-desktop.exe", work)
        finally:
            subprocess.run(["wineserver", "-k"], env=wine.env, check=False)
    print("check-windows: all Windows checks passed")


if __name__ == "__main__":
    main()
