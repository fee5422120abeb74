// Report: the PDF or Word report and the two-page board summary for the board papers, and the
// XLSX workbook for analysts, saved where the person chooses through the system's save dialog,
// with progress shown while the file is prepared.

import * as api from "../api.js";
import { clear, h, num, select } from "../dom.js";

const FORMATS = [
  ["pdf", "Save the PDF report", "The board report: results and charts, agreed scores, targets and gaps, anonymised comments and the action plan."],
  ["docx", "Save the Word report (DOCX)", "The same report as an editable Word document: real headings, tables and a contents list, with the charts as pictures."],
  ["summary-pdf", "Save the board summary (PDF)", "Two pages for the board papers: overall and area levels with the change since the round compared with (or else the last earlier round on this questionnaire), the five largest gaps, the most contested items, the spectrum position and the open actions with owners."],
  ["summary-docx", "Save the board summary (Word)", "The same two-page summary as an editable Word document."],
  ["xlsx", "Save the spreadsheet (XLSX)", "A workbook for further analysis: scores and the board's decisions per item, area means, the action plan, and every answer under an anonymous member code (M1, M2, …; no names)."],
  ["csv", "Save the scores (CSV)", "Scores per item and area, the board's decisions and the actions in one plain table; no individual answers."],
];

export async function render(root, ctx) {
  const round = ctx.state.round;
  const others = (ctx.state.organisation?.rounds || []).filter((r) => r.id !== round.id && r.date <= round.date);
  const compare = select([["", "No comparison"], ...others.map((r) => [String(r.id), `${r.name} (${r.date})`])], others.length ? String(others.at(-1).id) : "", { id: "report-compare" });
  const progress = h("progress", { id: "report-progress", "aria-label": "Preparing the file" });
  const status = h("p", { id: "report-status", class: "save-status", role: "status", "aria-live": "polite" });
  const progressBox = h("div", { class: "progress-box", hidden: true }, progress);
  const buttons = FORMATS.map(([format, label, hint]) => {
    const button = h("button", { class: format === "pdf" ? "button" : "button secondary", id: `export-${format}`, text: label });
    button.addEventListener("click", () => save(format, label));
    return h("div", { class: "export-choice" }, button, h("p", { class: "hint", text: hint }));
  });

  async function save(format, label) {
    for (const b of root.querySelectorAll(".export-choice button")) b.disabled = true;
    progressBox.hidden = false;
    status.textContent = `${label}: choose where to save, then the file is prepared…`;
    try {
      const path = await api.exportFile(round.id, format, compare.value ? Number(compare.value) : null);
      status.textContent = path ? `Saved: ${path}` : "Not saved: the save was cancelled.";
    } catch (e) {
      status.textContent = `Not saved: ${e.message}`;
      status.setAttribute("role", "alert");
    } finally {
      progressBox.hidden = true;
      for (const b of root.querySelectorAll(".export-choice button")) b.disabled = false;
      // A disabled button loses the keyboard focus to the page: give it back to the one pressed.
      if (!root.contains(document.activeElement)) root.querySelector(`#export-${format}`)?.focus();
    }
  }

  root.append(
    h("h1", { text: "Report" }),
    h("p", { class: "lead", text: `Save ${round.name} of ${ctx.state.organisation.name} for the board papers.` }),
    h("div", { class: "field" }, h("label", { for: "report-compare", text: "Compare with an earlier round in the report" }), compare),
    h("div", { class: "exports" }, buttons),
    progressBox,
    status,
    sharePanel(round, ctx),
  );
}

// "Share with the collaborative": the board sees exactly what the pack will hold (the Rust side
// builds the preview from the anonymised round) before it is saved.
function sharePanel(round, ctx) {
  const tick = h("input", { type: "checkbox", id: "share-actions" });
  const preview = h("div", { id: "share-preview", class: "share-preview" });
  const status = h("p", { id: "share-status", class: "save-status", role: "status", "aria-live": "polite" });
  const save = h("button", { class: "button", id: "share-save", text: "Save the pack for the collaborative" });

  async function show() {
    try {
      const pack = await api.sharePreview(round.id, tick.checked);
      const rows = pack.areas.flatMap((a) =>
        a.items.map((i) =>
          h("tr", {},
            h("td", { text: a.title }),
            h("td", { text: i.title }),
            h("td", { text: i.agreed ?? "—" }),
            h("td", { text: i.target ?? "—" }),
            h("td", { text: i.spread ? `n ${i.spread.n}, ${i.spread.min}–${i.spread.max}, mean ${num(i.spread.mean, 2)}` : "not shared" }),
          ),
        ),
      );
      const dims = (pack.spectrum?.dimensions || []).filter((d) => d.now !== null || d.aspiration !== null);
      clear(
        preview,
        h("p", { text: `${pack.organisation} · ${pack.round} (${pack.round_date}) · ${pack.instrument.title} v${pack.instrument.version} · overall mean ${num(pack.overall, 2)}` }),
        h("table", { class: "table", id: "share-items" },
          h("thead", {}, h("tr", {}, ["Area", "Item", "Agreed", "Target", "Spread"].map((t) => h("th", { scope: "col", text: t })))),
          h("tbody", {}, rows),
        ),
        h("p", { text: dims.length ? `Spectrum position: ${dims.map((d) => `${d.title} ${d.now ?? "—"} → ${d.aspiration ?? "—"}`).join("; ")}` : "No agreed spectrum position." }),
        pack.actions
          ? h("div", {}, h("p", { text: `Open action titles (${pack.actions.length}):` }), h("ul", { id: "share-action-list" }, pack.actions.map((a) => h("li", { text: a }))))
          : h("p", { text: "No actions are shared." }),
        h("p", { class: "hint", text: `Never shared: names, member codes, individual answers, comments, rationale, dissent or action owners. Content SHA-256 ${pack.sha256}.` }),
      );
    } catch (e) {
      ctx.fail(e);
    }
  }
  tick.addEventListener("change", show);
  save.addEventListener("click", async () => {
    save.disabled = true;
    try {
      const path = await api.shareSave(round.id, tick.checked);
      status.textContent = path ? `Saved: ${path}` : "Not saved: the save was cancelled.";
    } catch (e) {
      status.textContent = `Not saved: ${e.message}`;
      status.setAttribute("role", "alert");
    } finally {
      save.disabled = false;
    }
  });
  show();
  return h(
    "section",
    { class: "share", "aria-labelledby": "share-title" },
    h("h2", { id: "share-title", text: "Share with the collaborative" }),
    h("p", { class: "hint", text: "A results pack for the partner boards of your provider collaborative: exactly what is listed below, nothing more." }),
    h("div", { class: "field check" }, tick, h("label", { for: "share-actions", text: "Include the open action titles" })),
    preview,
    save,
    status,
  );
}
