// Keying in a paper ballot. The facilitator types one member's paper ballot (printed by
// `govmat ballot-pdf`, which carries a member code and no name) into the private ballot: the same
// ballot the member would have answered on the laptop, started under the paper's code, so every
// answer goes through the same saves, checks and durability as a live one. One row per question;
// 0–4 sets the level, ? is "don't know", Enter or ↓ moves on, ↑ goes back, Backspace clears. When
// the ballot is finished the screen is cleared, as it is after a member answers.

import * as api from "../api.js";
import { field, h, notice, plural, ROLES, select } from "../dom.js";
import { privateStep } from "./private.js";

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
    h("div", { class: "ballot-bar" }, count, status, finishButton),
  );
  recount();
  inputs[0]?.focus();
}

/** Paper ballots (printed with `govmat ballot-pdf`) keyed in by the facilitator, one at a time. */
export function paperPanel(form, root, ctx) {
  const code = h("input", { type: "text", id: "paper-code", maxlength: 200, autocomplete: "off", spellcheck: "false" });
  const role = select([["", "Choose the role"], ...ROLES], "", { id: "paper-role" });
  const error = h("p", { class: "error-text", id: "paper-error", role: "alert" });
  const panel = h(
    "form",
    { class: "card stack", "aria-labelledby": "paper-title" },
    h("h2", { id: "paper-title", text: "Paper ballots" }),
    h("p", { text: "Key in a member's paper ballot with the keyboard: it becomes that member's private ballot, saved answer by answer like one given on the laptop." }),
    field("Member code printed on the ballot", code),
    field("Role (if the board recorded it; otherwise Other)", role),
    error,
    h("button", { class: "button secondary", type: "submit", id: "paper-start", text: "Key in this paper ballot" }),
  );
  panel.addEventListener("submit", (e) => {
    e.preventDefault();
    error.textContent = "";
    const who = code.value.trim();
    if (!who) {
      error.textContent = "Please give the member code printed on the ballot.";
      return code.focus();
    }
    const r = role.value || "other";
    privateStep(root, ctx, () =>
      api
        .startBallot(ctx.state.roundId, who, r)
        .then((started) => runPaperEntry(root, ctx, { form, ballot: started.ballot, code: who }))
        .catch((err) => {
          ctx.refresh();
          notice(err.message, "error");
        }));
  });
  return panel;
}
