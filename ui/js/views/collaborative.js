// Collaborative: the programme director's screen. Partners' results packs are imported (picked
// in the system's open dialog, or dropped on the screen; the Rust side reads or receives them and
// checks every one), and the partners are shown
// side by side: where they agree, where their perceptions differ, and where each wants to be on
// the spectrum. Every name arrives as text; nothing here ranks partners.

import * as api from "../api.js";
import { chartImage, clear, confirmDialog, dropZone, h, notice, num, plural, select } from "../dom.js";

/** "Added 2 packs and replaced 1 pack." */
function imported(out) {
  const parts = [
    out.added.length ? `added ${plural(out.added.length, "pack", "packs")}` : null,
    out.replaced.length ? `replaced ${plural(out.replaced.length, "pack", "packs")}` : null,
  ].filter(Boolean);
  const text = parts.join(" and ") || "nothing changed";
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

const cell = (v) => (v === null || v === undefined ? "—" : String(v));

export async function render(root, ctx) {
  let list = [];
  try {
    list = await api.collaboratives();
  } catch (e) {
    return ctx.fail(e);
  }
  const remembered = sessionStorage.getItem("collaborative") || list[0]?.name || "";
  const choose = select(list.map((c) => [c.name, `${c.name} (${c.packs} pack${c.packs === 1 ? "" : "s"})`]), remembered, { id: "collab-choose" });
  const name = h("input", { id: "collab-name", type: "text", maxlength: "200", value: remembered });
  const view = h("div", { id: "collab-view" });
  const status = h("p", { id: "collab-status", class: "save-status", role: "status", "aria-live": "polite" });
  choose.addEventListener("change", () => {
    name.value = choose.value;
    show();
  });

  const current = () => name.value.trim();

  async function importPacks(replace = false) {
    if (!current()) return notice("Give the collaborative a name first.", "error");
    try {
      const out = await api.collaborativeImport(current(), replace);
      if (!out) return (status.textContent = "Nothing imported: the choice was cancelled.");
      // The screen is drawn again with the new partners; the notice outlives the redraw.
      notice(imported(out));
      sessionStorage.setItem("collaborative", current());
      ctx.refresh();
    } catch (e) {
      if (e.code === "conflict" && !replace && e.message.includes("confirm to replace")) {
        const yes = await confirmDialog("Replace a partner's pack?", e.message, "Choose the packs again and replace", false);
        if (yes) return importPacks(true);
      }
      status.textContent = `Nothing imported: ${e.message}`;
      status.setAttribute("role", "alert");
    }
  }

  // Dropped files: the page reads each one's text (a pack is a few kilobytes of JSON) and hands it
  // over with the file's bare name; Rust refuses anything too large, malformed or tampered.
  const MAX_DROP = 4 * 1024 * 1024;
  async function importDropped(fileList, replace = false) {
    if (!current()) return notice("Give the collaborative a name first, then drop the packs again.", "error");
    const files = [...fileList];
    if (!files.length) return;
    const big = files.find((f) => f.size > MAX_DROP);
    if (big) return fail(`Nothing imported: ${big.name} is too large to be a results pack.`);
    let read;
    try {
      read = await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
    } catch (e) {
      return fail(`Nothing imported: a dropped file could not be read (${e.message}).`);
    }
    try {
      const out = await api.collaborativeImportDropped(current(), read, replace);
      status.setAttribute("role", "status");
      // The screen is drawn again with the new partners; the notice outlives the redraw.
      notice(imported(out));
      sessionStorage.setItem("collaborative", current());
      ctx.refresh();
    } catch (e) {
      if (e.code === "conflict" && !replace && e.message.includes("confirm to replace")) {
        const yes = await confirmDialog("Replace a partner's pack?", e.message, "Replace it", false);
        if (yes) return importDropped(files, true);
      }
      fail(`Nothing imported: ${e.message}`);
    }
  }
  function fail(text) {
    status.textContent = text;
    status.setAttribute("role", "alert");
  }

  const drop = dropZone("collab-drop", "Or drop partners' .govmat-pack files here.", (files) => importDropped(files));

  async function addRound() {
    if (!current()) return notice("Give the collaborative a name first.", "error");
    try {
      const out = await api.collaborativeAddRound(current(), ctx.state.round.id, false, false);
      notice(`Added ${out.added.join(", ")}.`);
      sessionStorage.setItem("collaborative", current());
      ctx.refresh();
    } catch (e) {
      status.textContent = `Not added: ${e.message}`;
      status.setAttribute("role", "alert");
    }
  }

  async function saveReport() {
    try {
      const path = await api.collaborativeReport(current());
      status.textContent = path ? `Saved: ${path}` : "Not saved: the save was cancelled.";
    } catch (e) {
      status.textContent = `Not saved: ${e.message}`;
    }
  }

  async function show() {
    clear(view);
    if (!current() || !list.some((c) => c.name === current())) return;
    sessionStorage.setItem("collaborative", current());
    try {
      const [v, chart] = await Promise.all([api.collaborativeView(current()), api.collaborativeChart(current())]);
      await drawView(view, v, chart);
    } catch (e) {
      ctx.fail(e);
    }
  }

  root.append(
    h("h1", { text: "Collaborative" }),
    h("p", { class: "lead", text: "Put the partner boards of a provider collaborative side by side, from the results packs each board chose to share." }),
    list.length ? h("div", { class: "field" }, h("label", { for: "collab-choose", text: "Collaborative" }), choose) : null,
    h("div", { class: "field" }, h("label", { for: "collab-name", text: "Name (a new name starts a new collaborative)" }), name),
    h(
      "div",
      { class: "buttons" },
      h("button", { class: "button", id: "collab-import", text: "Import partners' packs…", on: { click: () => importPacks() } }),
      ctx.state.round ? h("button", { class: "button secondary", id: "collab-add-round", text: `Add ${ctx.state.round.name} of ${ctx.state.organisation.name}`, on: { click: addRound } }) : null,
      h("button", { class: "button secondary", id: "collab-report", text: "Save the collaborative report (PDF)", on: { click: saveReport } }),
    ),
    drop,
    status,
    view,
  );
  await show();
}

function table(id, head, rows) {
  return h(
    "table",
    { class: "table", id },
    h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", { text: cell(c) }))))),
  );
}

async function drawView(root, v, chart) {
  const labels = v.partners.map((_, i) => `P${i + 1}`);
  root.append(
    h("h2", { text: "Partners" }),
    table("collab-partners", ["", "Partner", "Round", "Questionnaire", "Overall"], v.partners.map((p, i) => [labels[i], p.organisation, `${p.round} (${p.round_date})`, `${p.instrument} v${p.instrument_version}`, num(v.overall[i], 2)])),
    h("h2", { text: "Perception gaps" }),
    v.gaps.length
      ? table("collab-gaps", ["Item", "Levels apart", "Lowest", "Highest"], v.gaps.map((g) => [g.title, g.difference, g.lowest.join(", "), g.highest.join(", ")]))
      : h("p", { text: "No item's agreed scores differ by two levels or more: the partners broadly agree." }),
  );
  if (v.spectrum) {
    const placed = v.spectrum.dimensions.filter((d) => [...d.now, ...d.aspiration].some((x) => x !== null));
    root.append(
      h("h2", { text: "Where each partner is and wants to be" }),
      h("p", { class: "hint", text: "Light boxes: where each partner (by its number) is now; dark boxes: where it wants to be. A position is not a score: neither end is better." }),
      chart ? h("div", { class: "chart-box", id: "collab-chart" }, await chartImage(chart, "Each partner's spectrum position now and aspired, by partner number; the same figures are in the table below")) : null,
      table("collab-spectrum", ["Dimension", ...labels, "Aspirations apart"], placed.map((d) => [d.title, ...d.now.map((n, i) => `${cell(n)} → ${cell(d.aspiration[i])}`), d.aspiration_range])),
      table("collab-distances", ["Partners", "Dimensions", "Distance"], v.spectrum.distances.map((d) => [`${d.a} and ${d.b}`, d.dimensions, num(d.distance, 2)])),
    );
  }
  root.append(h("h2", { text: "Side by side (agreed / target)" }));
  for (const a of v.areas) {
    root.append(
      h("h3", { text: a.title }),
      table(`collab-area-${a.id}`, ["Item", ...labels], [
        ["Area mean", ...a.means.map((m) => num(m, 2))],
        ...a.items.map((it) => [it.title, ...it.partners.map((c) => (c ? `${cell(c.agreed)} / ${cell(c.target)}${c.spread ? ` (${c.spread.min}–${c.spread.max})` : ""}` : "n/a"))]),
      ]),
    );
  }
  if (v.trends.some((t) => t.points.length > 1)) {
    root.append(
      h("h2", { text: "Each partner over time" }),
      table("collab-trends", ["Partner", "Round", "Date", "Overall"], v.trends.flatMap((t) => t.points.map((p) => [t.organisation, p.round, p.round_date, num(p.overall, 2)]))),
    );
  }
}
