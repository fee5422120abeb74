// Report: the PDF for the board papers and the XLSX workbook for analysts, saved where the person
// chooses through the system's save dialog, with progress shown while the file is prepared.

import * as api from "../api.js";
import { h, select } from "../dom.js";

const FORMATS = [
  ["pdf", "Save the PDF report", "The board report: results and charts, agreed scores, targets and gaps, anonymised comments and the action plan."],
  ["docx", "Save the Word report (DOCX)", "The same report as an editable Word document: real headings, tables and a contents list, with the charts as pictures."],
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
    }
  }

  root.append(
    h("h1", { text: "Report" }),
    h("p", { class: "lead", text: `Save ${round.name} of ${ctx.state.organisation.name} for the board papers.` }),
    h("div", { class: "field" }, h("label", { for: "report-compare", text: "Compare with an earlier round in the report" }), compare),
    h("div", { class: "exports" }, buttons),
    progressBox,
    status,
  );
}
