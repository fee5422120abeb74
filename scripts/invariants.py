#!/usr/bin/env python3
"""Invariants ARCHITECTURE.md states that neither the compiler nor a Rust test can keep, checked
in `make test` (each check has a self-test that shows it can fail: `--self-test`).

1. No module cycle: each crate's modules form a tree you can draw.
2. govmat-core does no IO and never reads the clock: no file, network, process, environment,
   SQLite or clock in `crates/core/src`.
3. The page never turns text into markup: no `innerHTML`, `outerHTML`, `insertAdjacentHTML`,
   `document.write` or `eval` in `ui/` (names and comments go in as text nodes).
4. The window's content security policy (src-tauri/tauri.conf.json) allows no inline or evaluated
   script, no remote origin (only the app's own files and Tauri's IPC), no plugins and no frames.

The module check:

For every crate in the workspace this reads each source file's paths into its own crate
(`crate::a::b`, `super::x`, `self::y`, nested `use crate::{a, b::{c, d}}` groups), resolves each to
the module it names, and lifts every edge to the two sibling modules under the pair's lowest common
parent: `lan/guard.rs` using `crate::lan::routes::X` is an edge guard -> routes under `lan`. A module
using its own parent or child is not an edge (that is the tree). Any strongly connected group of
siblings is a cycle, printed with one line per edge and the file that makes it; the exit code is 1.

Limits, said plainly: a path through a re-export at a higher level (`crate::Thing` where lib.rs
re-exports `x::Thing`) resolves to that higher module, so such an edge is not seen; macros and
fully qualified paths inside strings are not followed. Tests, benches and build scripts are not
read (a crate's tests are not its modules).

Written here rather than taken from a crate: cargo-modules needs rust-analyzer's whole toolchain
and minutes per crate; this reads ~30k lines in well under a second with the standard library.
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRATES = {
    "govmat": "src",
    "govmat-core": "crates/core/src",
    "govmat-store": "crates/store/src",
    "govmat-report": "crates/report/src",
    "govmat-desktop": "src-tauri/src",
}


def modules_of(src):
    """Maps each module path (a tuple) to its file, from the files under `src`."""
    mods = {}
    for dirpath, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), src)
            parts = rel[:-3].split(os.sep)
            if parts[-1] in ("mod", "lib", "main"):
                parts = parts[:-1]
            if rel == "main.rs" and os.path.exists(os.path.join(src, "lib.rs")):
                continue  # a binary beside a library: its own crate, reading the library as a user
            mods[tuple(parts)] = os.path.join(dirpath, f)
    return mods


COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
STRING = re.compile(r'r#*"(?:.|\n)*?"#*|"(?:\\.|[^"\\])*"')
START = re.compile(r"\b(crate|super|self)\s*::\s*")
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def expand(text, i, prefix, out):
    """Reads a path continuing at text[i] (after `::`), appending every full path to `out`;
    returns the index after it."""
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i < len(text) and text[i] == "{":
            i += 1
            while True:
                while i < len(text) and text[i] in " \t\n\r,":
                    i += 1
                if i >= len(text) or text[i] == "}":
                    return i + 1
                i = expand(text, i, prefix, out)
        m = IDENT.match(text, i)
        if not m:
            out.append(prefix)
            return i
        prefix = prefix + [m.group(0)]
        i = m.end()
        while i < len(text) and text[i].isspace():
            i += 1
        if text.startswith("::", i):
            i += 2
            continue
        out.append(prefix)
        return i


def references(path, here, mods):
    """The modules one file names, each as the deepest known module its path reaches."""
    text = STRING.sub('""', COMMENT.sub("", open(path, encoding="utf-8").read()))
    found = []
    for m in START.finditer(text):
        kind = m.group(1)
        if kind == "crate":
            base = []
        elif kind == "self":
            base = list(here)
        else:  # `super` is the parent of this module (of `a` in a.rs and in a/mod.rs alike)
            base = list(here)[:-1]
            j = m.end()
            while text.startswith("super", j):
                base = base[:-1]
                j = text.index("::", j) + 2
                while text[j].isspace():
                    j += 1
            expand(text, j, base, found)
            continue
        paths = []
        expand(text, m.end(), base, paths)
        found.extend(paths)
    targets = set()
    for p in found:
        p = tuple(s for s in p if s != "self")
        while p and p not in mods:
            p = p[:-1]
        targets.add(p)
    return targets


def sibling_edges(mods):
    edges = {}
    for here, path in mods.items():
        for there in references(path, here, mods):
            n = 0
            while n < min(len(here), len(there)) and here[n] == there[n]:
                n += 1
            if n == len(here) or n == len(there):
                continue  # the module itself, its parent or its child
            a, b = here[: n + 1], there[: n + 1]
            edges.setdefault((a, b), set()).add(os.path.relpath(path, ROOT))
    return edges


def cycles(edges):
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


CORE_IO = re.compile(
    r"\bstd::(fs|net|process|env)\b|\bstd::io::(stdin|stdout|stderr)\b|\brusqlite\b"
    r"|\bSystemTime\b|\bInstant::now\b|\bOffsetDateTime::now|\bchrono::(Local|Utc)::now"
)
MARKUP = re.compile(
    r"\.(innerHTML|outerHTML)\b|\binsertAdjacentHTML\b|\bdocument\.write(ln)?\b|\beval\s*\("
)


def offending_lines(folder, suffixes, pattern, strip_comments):
    """Every line under `folder` (files ending in `suffixes`) where `pattern` matches code."""
    found = []
    for dirpath, _, files in os.walk(folder):
        for f in sorted(files):
            if not f.endswith(suffixes):
                continue
            path = os.path.join(dirpath, f)
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                code = line.split("//", 1)[0] if strip_comments else line
                if pattern.search(code):
                    found.append(f"{os.path.relpath(path, ROOT)}:{n}: {line.strip()}")
    return found


def csp_problems(conf_text):
    """What is wrong with the window's CSP in the text of a tauri.conf.json."""
    import json

    csp = json.loads(conf_text).get("app", {}).get("security", {}).get("csp")
    if not isinstance(csp, dict):
        return ["tauri.conf.json sets no CSP as a table of directives"]
    problems = []
    for directive, value in csp.items():
        for source in value.split():
            remote = source.startswith(("http:", "https:", "ws:", "wss:", "*"))
            if source in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'") or (
                remote and not (directive == "connect-src" and source == "http://ipc.localhost")
            ):
                problems.append(f"{directive} allows {source}")
    for directive in ("default-src", "script-src"):
        if csp.get(directive) != "'self'":
            problems.append(f"{directive} is not exactly 'self'")
    for directive in ("object-src", "frame-src", "base-uri"):
        if csp.get(directive) != "'none'":
            problems.append(f"{directive} is not 'none'")
    return problems


def self_test():
    """The check can fail: a made-up crate with a cycle two levels down is caught, and the same
    crate with the shared type moved down is not."""
    import tempfile

    with tempfile.TemporaryDirectory() as src:
        def write(rel, text):
            path = os.path.join(src, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "w").write(text)

        write("lib.rs", "mod lan;\n")
        write("lan/mod.rs", "mod guard;\nmod routes;\nuse self::guard::Limit;\n")
        write("lan/guard.rs", "use super::routes::Route; // crate::lan::routes in a comment\n")
        write("lan/routes.rs", "use crate::lan::{guard::{self, Limit}, mod_x};\n")
        found = cycles(sibling_edges(modules_of(src)))
        assert found == [[("lan", "guard"), ("lan", "routes")]], found
        write("lan/routes.rs", "use crate::lan::Shared; const S: &str = \"crate::lan::guard\";\n")
        found = cycles(sibling_edges(modules_of(src)))
        assert found == [], found
        write("io.rs", "fn f() { let _ = std::fs::read(\"x\"); } // std::net in a comment\n")
        assert len(offending_lines(src, (".rs",), CORE_IO, True)) == 1
        write("page.js", "el.innerHTML = name;\nel.textContent = name; // not innerHTML\n")
        assert len(offending_lines(src, (".js",), MARKUP, True)) == 1
    good = open(os.path.join(ROOT, "src-tauri/tauri.conf.json"), encoding="utf-8").read()
    assert csp_problems(good) == [], csp_problems(good)
    bad = good.replace('"script-src": "\'self\'"', '"script-src": "\'self\' \'unsafe-inline\' https://cdn.example"')
    assert len(csp_problems(bad)) == 3, csp_problems(bad)
    print("self-test: a cycle, IO in core, markup from text and a loose CSP are each found, and none where there is none")


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return 0
    bad = 0
    total = 0
    for crate, src in CRATES.items():
        mods = modules_of(os.path.join(ROOT, src))
        total += len(mods)
        edges = sibling_edges(mods)
        for group in cycles(edges):
            bad += 1
            names = ["::".join(g) for g in group]
            print(f"{crate}: module cycle between {', '.join(names)}")
            for (a, b), files in sorted(edges.items()):
                if a in group and b in group:
                    print(f"  {'::'.join(a)} -> {'::'.join(b)}  ({', '.join(sorted(files))})")
    if bad:
        print(f"{bad} module {'cycle' if bad == 1 else 'cycles'}: move the shared type down into a module both use.")
    else:
        print(f"no module cycle in {len(CRATES)} crates ({total} modules)")
    io = offending_lines(os.path.join(ROOT, "crates/core/src"), (".rs",), CORE_IO, True)
    for line in io:
        print(f"govmat-core does IO or reads the clock: {line}")
    markup = offending_lines(os.path.join(ROOT, "ui"), (".js", ".html"), MARKUP, True)
    for line in markup:
        print(f"the page makes markup from text: {line}")
    if not io and not markup:
        print("govmat-core does no IO and reads no clock; the page makes no markup from text")
    conf = open(os.path.join(ROOT, "src-tauri/tauri.conf.json"), encoding="utf-8").read()
    csp = csp_problems(conf)
    for problem in csp:
        print(f"the window's CSP is too loose: {problem}")
    if not csp:
        print("the window's CSP allows only the app's own files and Tauri's IPC")
    return 1 if bad or io or markup or csp else 0


if __name__ == "__main__":
    sys.exit(main())
