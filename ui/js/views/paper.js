// Keying in a paper ballot. The facilitator types one member's paper ballot (printed by
// `govmat ballot-pdf`, which carries a member code and no name) into the private ballot: the same
// ballot the member would have answered on the laptop, started under the paper's code, so every
// answer goes through the same saves, checks and durability as a live one. One row per question;
// 0–4 sets the level, ? is "don't know", Enter or ↓ moves on, ↑ goes back, Backspace clears. When
// the ballot is finished the screen is cleared, as it is after a member answers.
//
// Cancel removes what was keyed from this paper (after a confirmation when anything was keyed), so
// its code can be keyed again from the start: the paper is the record, and a half-keyed ballot
// left behind would hold the code and could only be carried on with a resume code nobody saw.
//
// Paper ballots are printed here too while the round collects (a late arrival wants paper); the
// Collect step's import panel prints them beforehand (`paperPrint`, shared).

import * as api from "../api.js";
import { confirmDialog, field, fieldMessage, h, notice, plural, select } from "../dom.js";
import { privateStep } from "./private.js";

// The role boxes printed on the paper (crates/report/src/pdf/ballot.rs `ROLE_BOXES`), in the
// same words and order, so the facilitator keys what is ticked.
export const PAPER_ROLES = [
  ["chair", "Chair"],
  ["non-executive", "Non-executive director"],
  ["executive", "Executive director"],
  ["other", "Other"],
];

export function runPaperEntry(root, ctx, { form, ballot, code }) {
  const items = form.instrument.areas.flatMap((area) => area.items.map((item) => ({ area, item })));
  const keys = form.instrument.scale.levels.map((l) => String(l.value)).filter((k) => /^[0-9]$/.test(k));
  const answers = new Map(); // item id → answer
  const failed = new Map();
  let queue = Promise.resolve();
  const status = h("p", { id: "paper-status", class: "save-status", role: "status", "aria-live": "polite" });
  const count = h("p", { id: "paper-count" });

  const shown = (answer) => (!answer ? "" : answer.kind === "level" ? String(answer.value) : answer.kind === "dont_know" ? "?" : "");
  const answered = () => [...answers.values()].filter((a) => a.kind !== "unanswered").length;
  const recount = () => (count.textContent = `${answered()} of ${items.length} keyed in.`);

  function save(itemId) {
    const run = () => api.saveAnswer(ballot, itemId, answers.get(itemId), "");
    queue = queue
      .then(run)
      .then(() => {
        failed.delete(itemId);
        status.textContent = failed.size ? `Saved; ${plural(failed.size, "answer is", "answers are")} still not saved` : "Saved";
      })
      .catch((e) => {
        failed.set(itemId, run);
        status.textContent = `Not saved: ${e.message}`;
      });
  }

  const inputs = [];
  const rows = items.map(({ area, item }, i) => {
    const input = h("input", {
      type: "text",
      id: `paper-${item.id}`,
      class: "paper-input",
      inputmode: "numeric",
      maxlength: "1",
      autocomplete: "off",
      spellcheck: "false",
      "data-item": item.id,
      "aria-describedby": "paper-keys",
    });
    const focusRow = (j) => inputs[Math.max(0, Math.min(items.length - 1, j))]?.focus();
    const set = (answer) => {
      answers.set(item.id, answer);
      input.value = shown(answer);
      status.textContent = "Saving…";
      save(item.id);
      recount();
    };
    input.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.key === "Tab") return;
      e.preventDefault();
      if (keys.includes(e.key)) {
        set({ kind: "level", value: Number(e.key) });
        if (i + 1 < items.length) focusRow(i + 1);
        else finishButton.focus();
      } else if (e.key === "?" || e.key === "/") {
        set({ kind: "dont_know" });
        if (i + 1 < items.length) focusRow(i + 1);
        else finishButton.focus();
      } else if (e.key === "Enter" || e.key === "ArrowDown") {
        if (i + 1 < items.length) focusRow(i + 1);
        else finishButton.focus();
      } else if (e.key === "ArrowUp") {
        focusRow(i - 1);
      } else if (e.key === "Backspace" || e.key === "Delete") {
        if (answers.has(item.id)) set({ kind: "unanswered" });
      } else if (e.key === "Home") {
        focusRow(0);
      } else if (e.key === "End") {
        focusRow(items.length - 1);
      }
    });
    // Nothing typed reaches the field except through the keys above.
    input.addEventListener("beforeinput", (e) => e.preventDefault());
    inputs.push(input);
    const newArea = i === 0 || items[i - 1].area.id !== area.id;
    const row = h("tr", { class: "paper-row" },
      h("td", { class: "num", text: String(i + 1) }),
      h("th", { scope: "row" }, h("label", { for: `paper-${item.id}`, text: item.title })),
      h("td", {}, input));
    return newArea ? [h("tr", {}, h("th", { class: "area", colspan: "3", scope: "colgroup", text: area.title })), row] : [row];
  });

  const finishButton = h("button", { class: "button", id: "paper-finish", type: "button", text: "Finish this paper ballot" });
  const cancelButton = h("button", { class: "button secondary", id: "paper-cancel", type: "button", text: "Cancel this ballot" });
  cancelButton.addEventListener("click", async () => {
    cancelButton.disabled = true;
    await queue;
    const keyed = answered();
    const sure = keyed === 0 || await confirmDialog(
      `Remove what was keyed from ${code}?`,
      `The ${plural(keyed, "answer", "answers")} keyed from this paper will be removed and ${code} can be keyed again from the start. The paper itself is unchanged.`,
      "Remove and stop keying",
    );
    if (!sure) {
      cancelButton.disabled = false;
      return cancelButton.focus();
    }
    try {
      await api.cancelPaperBallot(ballot);
      notice(`Paper ballot ${code} cancelled: nothing keyed from it is kept. Key it in again when you are ready.`);
      ctx.refresh();
    } catch (e) {
      cancelButton.disabled = false;
      status.textContent = `Not cancelled: ${e.message}`;
      notice(`Not cancelled: ${e.message}`, "error");
    }
  });
  finishButton.addEventListener("click", async () => {
    finishButton.disabled = true;
    await queue;
    // An answer that could not be saved is tried once more; one still failing is named, not lost.
    for (const [id, run] of [...failed.entries()]) {
      await run().then(() => failed.delete(id), () => {});
    }
    try {
      if (failed.size) throw new Error(`${plural(failed.size, "answer is", "answers are")} not saved yet; try again`);
      const missing = items.length - answered();
      await api.finishBallot(ballot);
      root.replaceChildren(
        h("h1", { text: "Collect answers privately" }),
        h("div", { class: "card stack", id: "paper-done" },
          h("h2", { text: `Paper ballot ${code} keyed in` }),
          h("p", { text: missing ? `${plural(items.length - missing, "answer", "answers")} saved; ${plural(missing, "question was", "questions were")} left blank on the paper.` : `All ${items.length} answers saved.` }),
          h("button", { class: "button", id: "paper-next", text: "Next ballot", on: { click: () => ctx.refresh() } })),
      );
      root.querySelector("#paper-next").focus();
    } catch (e) {
      finishButton.disabled = false;
      status.textContent = `Not finished: ${e.message}`;
      notice(`Not finished: ${e.message}`, "error");
    }
  });

  root.replaceChildren(
    h("h1", { text: `Keying in paper ballot ${code}` }),
    h("p", { class: "lead", id: "paper-keys", text: `Type each question's ticked box: ${keys.join(", ")}, or ? for "don't know". Enter or ↓ moves on without an answer, ↑ goes back, Backspace clears. Every answer is saved as it is typed.` }),
    h("table", { class: "table paper-table", id: "paper-table" },
      h("thead", {}, h("tr", {}, ["", "Question", "Box ticked"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, rows.flat())),
    h("div", { class: "ballot-bar" }, count, status, h("div", { class: "buttons" }, finishButton, cancelButton)),
  );
  recount();
  inputs[0]?.focus();
}

/**
 * Printing paper ballots: how many, and from which code. `during` is true while the round
 * collects: one ballot unless told otherwise, numbered after the highest code keyed in so far.
 */
export function paperPrint(ctx, { during = false } = {}) {
  const members = h("input", { type: "number", id: "paper-members", min: "1", max: "500", inputmode: "numeric" });
  const first = h("input", { type: "number", id: "paper-first", min: "1", max: "9999", inputmode: "numeric" });
  const status = h("p", { id: "paper-print-status", class: "save-status", role: "status", "aria-live": "polite" });
  const whole = (input, max, text) => {
    const n = input.value.trim() ? Number(input.value) : null;
    if (n !== null && !(Number.isInteger(n) && n >= 1 && n <= max)) {
      fieldMessage(input, text);
      input.focus();
      return undefined;
    }
    fieldMessage(input, "");
    return n;
  };
  async function save() {
    const n = whole(members, 500, "Give a whole number from 1 to 500, or leave it empty.");
    if (n === undefined) return;
    const from = whole(first, 9999, "Give the number of the first code (13 for P13), or leave it empty.");
    if (from === undefined) return;
    status.setAttribute("role", "status");
    try {
      const saved = await api.printPaperBallots(ctx.state.roundId, n ?? (during ? 1 : null), from);
      if (!saved) {
        status.textContent = "Not saved: the save was cancelled.";
        return;
      }
      const { first: a, last: b } = saved.codes;
      status.textContent = `Saved ${a === b ? `ballot ${a}` : `ballots ${a} to ${b}`}: ${saved.path}`;
    } catch (e) {
      status.setAttribute("role", "alert");
      status.textContent = `Not saved: ${e.message}`;
    }
  }
  return h("div", { class: "stack", id: "paper-print" },
    h("h3", { text: during ? "Print more paper ballots" : "Paper ballots" }),
    h("p", { text: during
      ? "For a member who would rather answer on paper. Each ballot has its own code and no name; key it in above once it is handed back."
      : "One ballot per member, each with its own code and no name, and a box for the member's role. Key them in from the Collect screen once collection has started." }),
    field(during ? "How many ballots (empty: one)" : "How many ballots (empty: one per member of the round, or 12)", members),
    field("Number of the first code (empty: after the highest code keyed in so far)", first,
      "Ballots printed before collection carry P01 onwards: if some of them are not keyed in yet, start after the last one printed."),
    h("button", { class: "button secondary", id: "save-paper", type: "button", text: "Save paper ballots (PDF)…", on: { click: save } }),
    status);
}

/** Paper ballots keyed in by the facilitator, one at a time; and more printed while collecting. */
export function paperPanel(form, root, ctx) {
  const code = h("input", { type: "text", id: "paper-code", maxlength: 200, autocomplete: "off", spellcheck: "false" });
  // No role is assumed: a ballot keyed without one would count under a role nobody ticked.
  const role = select([["", "Choose the box ticked on the paper"], ...PAPER_ROLES, ["unticked", "No box ticked (counted as Other)"]], "", { id: "paper-role" });
  const error = h("p", { class: "error-text", id: "paper-error", role: "alert" });
  const panel = h(
    "form",
    { class: "stack", "aria-labelledby": "paper-key-title" },
    h("h3", { id: "paper-key-title", text: "Key in a paper ballot" }),
    h("p", { text: "Key in a member's paper ballot with the keyboard: it becomes that member's private ballot, saved answer by answer like one given on the laptop." }),
    field("Member code printed on the ballot", code),
    field("Role ticked on the paper", role),
    error,
    h("button", { class: "button secondary", type: "submit", id: "paper-start", text: "Key in this paper ballot" }),
  );
  const section = h("section", { class: "card stack", id: "paper-panel", "aria-labelledby": "paper-title" },
    h("h2", { id: "paper-title", text: "Paper ballots" }),
    panel,
    paperPrint(ctx, { during: true }));
  panel.addEventListener("submit", (e) => {
    e.preventDefault();
    error.textContent = "";
    const who = code.value.trim();
    if (!who) {
      error.textContent = "Please give the member code printed on the ballot.";
      return code.focus();
    }
    if (!role.value) {
      error.textContent = "Please choose the role box ticked on the paper (if none is ticked, choose “No box ticked”).";
      return role.focus();
    }
    const r = role.value === "unticked" ? "other" : role.value;
    privateStep(root, ctx, () =>
      api
        .startBallot(ctx.state.roundId, who, r)
        .then((started) => runPaperEntry(root, ctx, { form, ballot: started.ballot, code: who }))
        .catch((err) => {
          ctx.refresh();
          notice(err.message, "error");
        }));
  });
  return section;
}
