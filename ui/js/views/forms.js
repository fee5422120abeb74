// Before the day: build the form from a template, import its export (the mapping is shown and
// nothing is written until the facilitator confirms), or print paper ballots.
//
// The mapping can be changed before anything is written (issue 29 §3): every column has a choice
// of what it becomes (a question, a comment on one, who answered, the role, or ignored), each
// change reads the file again on the Rust side and the preview is shown anew; the questions no
// column answers are named; columns are named by their letters as Excel shows them. The mapping
// can be saved for next year's form (the file `govmat import --map` reads) and a saved one used.

import * as api from "../api.js";
import { clear, dropZone, field, h, notice, plural } from "../dom.js";
import { paperPrint } from "./paper.js";

export function importPanel(ctx, instrument) {
  const items = instrument.areas.flatMap((a) => a.items);
  const titles = new Map(items.map((i, n) => [i.id, `${n + 1}. ${i.title}`]));
  const title = (id) => titles.get(id) || id;
  // What a column can become, as a mapping file spells it.
  const spelling = (to) => {
    if (!to) return "";
    switch (to.use) {
      case "item": return to.target;
      case "comment": return `comment:${to.target}`;
      case "ignored": return "ignore";
      case "now": case "aspiration": return `${to.use}:${to.target}`;
      default: return to.use;
    }
  };
  const choices = [
    ["ignore", "Ignored"],
    ["name", "the member's name"],
    ["email", "the member's email"],
    ["response-id", "the response id"],
    ["respondent", "the member (name or code)"],
    ["role", "the member's role"],
    ...items.map((i) => [i.id, title(i.id)]),
    ...items.map((i) => [`comment:${i.id}`, `comment on ${title(i.id)}`]),
  ];
  const replace = h("input", { type: "checkbox", id: "import-replace" });
  const preview = h("div", { id: "import-preview", "aria-live": "polite" });
  const status = h("p", { id: "import-status", class: "save-status", role: "status", "aria-live": "polite" });
  const say = (text, alert = false) => {
    status.textContent = text;
    status.setAttribute("role", alert ? "alert" : "status");
  };
  const becomes = (to) => {
    if (!to) return "not mapped";
    switch (to.use) {
      case "respondent": return "the member (name or code)";
      case "name": return "the member's name";
      case "email": return "the member's email";
      case "response-id": return "the response id";
      case "role": return "the member's role";
      case "item": return title(to.target);
      case "comment": return `comment on ${title(to.target)}`;
      case "now": return `spectrum now: ${to.target}`;
      case "aspiration": return `spectrum aspiration: ${to.target}`;
      default: return "ignored";
    }
  };

  // The export chosen in the open dialog, or dropped on the panel (the page hands over its bytes
  // and bare name; Rust reads, checks and keeps them, exactly as for a chosen file).
  const choose = () => showPreview(() => api.importPreview(ctx.state.roundId, replace.checked));
  async function dropped(files) {
    if (files.length !== 1) return say("Drop one export at a time.", true);
    const file = files[0];
    if (file.size > 8 * 1024 * 1024) return say(`Nothing imported: ${file.name} is too large for a Forms export.`, true);
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      return say(`Nothing imported: ${file.name} could not be read (${e.message}).`, true);
    }
    showPreview(() => api.importPreviewDropped(ctx.state.roundId, replace.checked, file.name, bytes));
  }

  // A change of one column's use: the file is read again through it on the Rust side. A refused
  // change leaves the preview as it was, and says why.
  async function remap(column, to, focusId) {
    try {
      const p = await api.importRemap(ctx.state.roundId, [{ header: column.header, to }]);
      await render(p);
      say(`Column ${column.letter} now becomes ${to === "ignore" ? "nothing (ignored)" : becomes(p.mapping.columns.find((c) => c.column === column.column)?.to)}.`);
      document.getElementById(focusId)?.focus();
    } catch (e) {
      if (shown) await render(shown);
      say(`Mapping not changed: ${e.message}`, true);
      document.getElementById(focusId)?.focus();
    }
  }

  async function useSavedMap() {
    try {
      const p = await api.importUseMap(ctx.state.roundId);
      if (!p) return say("No mapping used: the choice was cancelled.");
      await render(p);
      say("The saved mapping is used for the columns it names.");
    } catch (e) {
      say(`Mapping not used: ${e.message}`, true);
    }
  }

  async function saveMap() {
    try {
      const path = await api.importSaveMap(ctx.state.roundId);
      say(path ? `Mapping saved for next year: ${path}` : "Not saved: the save was cancelled.");
    } catch (e) {
      say(`Not saved: ${e.message}`, true);
    }
  }

  async function showPreview(read) {
    clear(preview);
    say("");
    try {
      const p = await read();
      if (!p) return say("Nothing imported: the choice was cancelled.");
      await render(p);
    } catch (e) {
      say(`Nothing imported: ${e.message}`, true);
    }
  }

  let shown = null; // the preview on screen, drawn again when a change is refused
  async function render(p) {
    shown = p;
    const refused = p.problems.length > 0;
    const rows = p.mapping.columns.map((c) => {
      const now = spelling(c.to);
      const id = `import-use-${c.column}`;
      // Spectrum columns come only from govmat's own CSV and are not offered as choices.
      const control = c.to && (c.to.use === "now" || c.to.use === "aspiration")
        ? h("span", { text: becomes(c.to) })
        : h("select", { id, class: "import-use", "aria-label": `Column ${c.letter} (${c.header}) becomes`, on: { change: (e) => remap(c, e.target.value, id) } },
          now ? null : h("option", { value: "", text: "Not mapped: choose", selected: true, disabled: true }),
          choices.map(([value, label]) => h("option", { value, text: label, selected: value === now })));
      return h("tr", { class: c.to ? (c.to.use === "ignored" ? "ignored" : "") : "unmapped" },
        h("td", { class: "num", text: c.letter }),
        h("th", { scope: "row", text: c.header }),
        h("td", {}, control),
        h("td", { class: "hint", text: c.how }));
    });
    const unanswered = p.without_column.length
      ? h("div", { id: "import-without" },
        h("p", { text: `No column answers ${p.without_column.length === 1 ? "this question" : `these ${p.without_column.length} questions`}: imported as it is, ${p.without_column.length === 1 ? "it is" : "they are"} left unanswered for every member. Choose a column for ${p.without_column.length === 1 ? "it" : "each"} below if the form asked ${p.without_column.length === 1 ? "it" : "them"}.` }),
        h("ul", {}, p.without_column.map((q) => h("li", { text: `${q.number}. ${q.title}` }))))
      : null;
    // Replacing deletes members' answers, so it takes the board's roster PIN (set in the
    // roster first if the board has none); the field is emptied whatever the outcome.
    const replacing = !refused && p.replaced > 0;
    const hasPin = replacing ? await api.rosterHasPin(ctx.state.organisation.id) : true;
    const pin = replacing && hasPin
      ? h("input", { type: "password", id: "import-pin", inputmode: "numeric", autocomplete: "off", maxlength: 200 })
      : null;
    const confirm = h("button", { class: "button", id: "import-confirm", disabled: refused || !hasPin, text: `Import ${plural(p.added + p.replaced, "member", "members")}` });
    const cancel = h("button", { class: "button secondary", id: "import-cancel", text: "Cancel" });
    confirm.addEventListener("click", async () => {
      confirm.disabled = true;
      const given = pin ? pin.value : null;
      if (pin) pin.value = "";
      try {
        const out = await api.importConfirm(ctx.state.roundId, given);
        clear(preview);
        // The screen is drawn again with the new count; the notice outlives the redraw.
        notice(`Imported from ${p.file}: ${plural(out.added, "member", "members")} added${out.replaced ? `, ${out.replaced} replaced` : ""}${out.already ? `; ${out.already} already in this round left as they were` : ""}.`);
        ctx.refresh();
      } catch (e) {
        confirm.disabled = false;
        say(`Nothing imported: ${e.message}`, true);
        if (pin) pin.focus();
      }
    });
    const already = p.already.length
      ? h("div", {},
        h("p", { id: "import-already", text: `${plural(p.already.length, "row is", "rows are")} for members already in this round and ${p.already.length === 1 ? "is" : "are"} left as they are (tick “Replace members…” and choose the file again to replace them):` }),
        h("ul", {}, p.already.slice(0, 50).map((m) => h("li", { text: m }))),
        p.already.length > 50 ? h("p", { text: `and ${p.already.length - 50} more.` }) : null)
      : null;
    const pinPart = !replacing ? null
      : hasPin ? field("Facilitator's roster PIN (replacing answers takes it)", pin)
      : h("p", { class: "error-text", id: "import-no-pin", text: "Replacing members' answers takes the board's roster PIN, and this board has none yet: choose one under “Board roster” first." });
    cancel.addEventListener("click", async () => {
      await api.importCancel().catch(() => {});
      clear(preview);
      say("Nothing imported.");
    });
    clear(
      preview,
      h("h3", { text: `What ${p.file} would become` }),
      refused
        ? h("div", { role: "alert" },
          h("p", { class: "error-text", text: `Nothing can be imported until ${plural(p.problems.length, "problem is", "problems are")} fixed, in the file or by choosing below what a column becomes:` }),
          h("ul", { id: "import-problems" }, p.problems.slice(0, 50).map((m) => h("li", { text: m }))),
          p.problems.length > 50 ? h("p", { text: `and ${p.problems.length - 50} more.` }) : null)
        : h("p", { id: "import-summary", text: `Would add ${plural(p.added, "member", "members")}${p.replaced ? `, replace ${p.replaced}` : ""}${p.already.length && !p.replaced ? `; ${p.already.length} already in this round ${p.already.length === 1 ? "is" : "are"} left as they are` : ""}.` }),
      already,
      pinPart,
      h("div", { class: "buttons" }, confirm, cancel),
      unanswered,
      h("p", { class: "hint", text: `Each of the file's ${p.mapping.columns.length} columns, and what it becomes (change any; nothing is written until you import):` }),
      h("div", { class: "mapping-box", tabindex: "0", role: "region", "aria-label": "The columns of the file and what each becomes" },
        h("table", { class: "table", id: "import-mapping" },
          h("thead", {}, h("tr", {}, ["Column", "Header", "Becomes", "Why"].map((t) => h("th", { scope: "col", text: t })))),
          h("tbody", {}, rows))),
      h("div", { class: "buttons" },
        h("button", { class: "button secondary", id: "import-save-map", text: "Save this mapping for next year…", on: { click: saveMap } }),
        h("button", { class: "button secondary", id: "import-use-map", text: "Use a saved mapping…", on: { click: useSavedMap } })),
    );
    (refused ? cancel : pin || confirm).focus();
  }

  async function saveTemplate() {
    try {
      const paths = await api.saveFormsTemplate(ctx.state.roundId);
      say(paths ? `Saved: ${paths.join(" and ")}` : "Not saved: the save was cancelled.");
    } catch (e) {
      say(`Not saved: ${e.message}`, true);
    }
  }

  const drop = dropZone("import-drop", "Or drop the form's export (XLSX or CSV) here.", dropped);

  return h(
    "section",
    { class: "card", "aria-labelledby": "import-title" },
    h("h2", { id: "import-title", text: "Answers collected beforehand, or on paper" }),
    h("h3", { text: "Microsoft Forms or Google Forms" }),
    h("p", { text: "Build the form from the questions and options govmat gives you; then import its export (XLSX or CSV). You see which column becomes which question before anything is saved, and either every row is imported or nothing is." }),
    h("div", { class: "buttons" },
      h("button", { class: "button secondary", id: "save-template", text: "Save the questions for the form…", on: { click: saveTemplate } }),
      h("button", { class: "button secondary", id: "import-choose", text: "Import the form's export…", on: { click: choose } })),
    drop,
    h("div", { class: "check" }, replace, h("label", { for: "import-replace", text: "Replace members who are already in this round (takes the roster PIN)" })),
    preview,
    status,
    paperPrint(ctx),
  );
}
