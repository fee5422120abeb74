// One member answering privately: area by area, with every level's descriptor in view, "don't
// know", a comment per item, progress, and keys for everything. Each answer is saved the moment it
// is given, with the ballot key only this page holds; an answer that could not be saved is
// retried, and the member cannot finish while one is still unsaved. The screen holds only this
// member's own answers (those given so far, when they carry on with their resume code), and
// finishing or stopping ends on a neutral page that shows nothing.

import * as api from "../api.js";
import { clear, h, notice, plural } from "../dom.js";
import { spectrumStep } from "./ballot-spectrum.js";

const DONT_KNOW = { kind: "dont_know" };
const UNANSWERED = { kind: "unanswered" };

export function runBallot(root, ctx, { form, ballot, name, resumeCode = null, resumed = null }) {
  const spectrum = form.spectrum;
  const instrument = form.instrument;
  const items = instrument.areas.flatMap((area) => area.items.map((item) => ({ area, item })));
  const answers = new Map(); // item id → { answer, comment }
  const positions = {}; // dimension id → { now, aspiration }, the member's own
  for (const a of resumed?.answers ?? []) answers.set(a.item_id, { answer: a.answer, comment: a.comment });
  for (const p of resumed?.positions ?? []) positions[p.dimension] = p.position;
  const extra = spectrum ? 1 : 0;
  const isAnswered = (id) => (answers.get(id)?.answer.kind ?? "unanswered") !== "unanswered";
  // A member carrying on starts at their first unanswered question.
  let index = resumed ? Math.max(0, items.findIndex(({ item }) => !isAnswered(item.id))) : 0;
  if (resumed && items.every(({ item }) => isAnswered(item.id))) index = items.length;
  // Saves run one after another; a save that failed is kept here (by key) to be tried again.
  let queue = Promise.resolve();
  const failed = new Map();

  const enqueue = (key, run) => {
    queue = queue
      .then(run)
      .then(() => {
        failed.delete(key);
        status(failed.size ? `Saved; ${plural(failed.size, "earlier answer is", "earlier answers are")} still not saved` : "Saved");
      })
      .catch((e) => {
        failed.set(key, run);
        status(`Not saved: ${e.message}`);
        notice(`Not saved: ${e.message}. It will be tried again before you finish.`, "error");
      });
    return queue;
  };
  const save = (itemId) =>
    enqueue(itemId, () => {
      const { answer, comment } = answers.get(itemId) || { answer: UNANSWERED, comment: "" };
      return api.saveAnswer(ballot, itemId, answer, comment);
    });
  const savePosition = (dimension, position) => {
    positions[dimension] = position;
    return enqueue(`spectrum:${dimension}`, () => api.saveBallotPosition(ballot, dimension, position));
  };
  const status = (text) => {
    const el = root.querySelector("#save-status");
    if (el) el.textContent = text;
  };
  const answered = () => items.filter(({ item }) => isAnswered(item.id)).length;

  function choose(answer) {
    const { item } = items[index];
    const entry = answers.get(item.id) || { answer: UNANSWERED, comment: "" };
    entry.answer = answer;
    answers.set(item.id, entry);
    const value = answer.kind === "level" ? String(answer.value) : "dk";
    const radio = root.querySelector(`input[name="answer"][value="${value}"]`);
    if (radio) radio.checked = true;
    // A shortcut key chooses without moving the focus: where the focus was on another answer it
    // follows the choice, so no focus ring is left on level 0 when 3 is chosen (issue 29 §4).
    const focused = document.activeElement;
    if (radio && focused !== radio && focused?.name === "answer") radio.focus();
    status("Saving…");
    save(item.id);
    updateProgress();
  }

  function updateProgress() {
    // The counts change in place, so a focused area button keeps the focus.
    for (const area of instrument.areas) {
      const count = root.querySelector(`.count[data-area="${CSS.escape(area.id)}"]`);
      if (count) count.textContent = `${area.items.filter((it) => isAnswered(it.id)).length}/${area.items.length}`;
    }
    const bar = root.querySelector("#ballot-progress");
    if (bar) bar.value = answered();
    const text = root.querySelector("#progress-text");
    if (text) text.textContent = `${answered()} of ${items.length} answered`;
  }

  function go(next) {
    index = Math.max(0, Math.min(items.length + extra, next));
    draw();
  }

  // Keys answer questions only once the questions are on screen (not while the code is shown).
  let ready = false;
  function onKey(e) {
    if (!root.isConnected) return document.removeEventListener("keydown", onKey);
    if (!ready) return;
    const t = e.target;
    // Single-key shortcuts act only while the focus is in the ballot itself (WCAG 2.1.4).
    if (!root.contains(t)) return;
    const typing = t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type !== "radio") || t.tagName === "SELECT";
    if (typing || e.altKey || e.ctrlKey || e.metaKey || index >= items.length) return;
    if (/^[0-9]$/.test(e.key) && instrument.scale.levels.some((l) => String(l.value) === e.key)) {
      choose({ kind: "level", value: Number(e.key) });
    } else if (e.key === "?") {
      choose(DONT_KNOW);
    } else if (e.key === "ArrowRight" || (e.key === "Enter" && !["BUTTON", "A", "SUMMARY"].includes(t.tagName))) {
      go(index + 1);
    } else if (e.key === "ArrowLeft") {
      go(index - 1);
    } else return;
    e.preventDefault();
  }
  document.addEventListener("keydown", onKey);

  function draw() {
    ready = true;
    if (index < items.length) clear(root, areaNav(), itemScreen());
    else if (index < items.length + extra) clear(root, spectrumStep({ spectrum, positions, save: savePosition, back: () => go(index - 1), next: () => go(index + 1) }));
    else clear(root, finishScreen());
    const heading = root.querySelector("h1");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  function areaNav() {
    const list = h("ol", { class: "area-list" });
    for (const area of instrument.areas) {
      const first = items.findIndex((x) => x.area.id === area.id);
      const done = area.items.filter((it) => isAnswered(it.id)).length;
      const current = index < items.length && items[index].area.id === area.id;
      list.append(h("li", {}, h("button", {
        class: "area-button",
        "aria-current": current ? "step" : null,
        on: { click: () => go(first) },
      }, h("span", { text: area.title }), h("span", { class: "count", "data-area": area.id, text: `${done}/${area.items.length}` }))));
    }
    return h("nav", { class: "ballot-areas", "aria-label": "Areas of the questionnaire" }, h("h2", { text: "Areas" }), list);
  }

  function itemScreen() {
    const { area, item } = items[index];
    const entry = answers.get(item.id) || { answer: UNANSWERED, comment: "" };
    const levels = h("fieldset", { class: "levels" }, h("legend", { text: "Your answer" }));
    const option = (value, key, label, descriptor, answer) => {
      const id = `answer-${value}`;
      const checked = entry.answer.kind === answer.kind && entry.answer.value === answer.value;
      const input = h("input", { type: "radio", name: "answer", id, value, checked, on: { change: () => choose(answer) } });
      return h("div", { class: "level" }, input, h("label", { for: id },
        h("span", { class: "level-key", "aria-hidden": "true", text: key }),
        h("span", { class: "level-label", text: label }),
        h("span", { class: "level-descriptor", text: descriptor })));
    };
    // The item's own description of each level where its file gives one, else the scale's.
    const own = item.levels && item.levels.length ? item.levels : instrument.scale.levels;
    for (const l of own) {
      levels.append(option(String(l.value), String(l.value), `${l.value} — ${l.label}`, l.descriptor, { kind: "level", value: l.value }));
    }
    levels.append(option("dk", "?", "Don't know", "You do not know enough to say. This is not counted in any score.", DONT_KNOW));
    const comment = h("textarea", { id: "comment", rows: 3, maxlength: 2000, value: entry.comment });
    comment.addEventListener("change", () => {
      const e = answers.get(item.id) || { answer: UNANSWERED, comment: "" };
      e.comment = comment.value;
      answers.set(item.id, e);
      status("Saving…");
      save(item.id);
    });
    const last = index === items.length - 1;
    return h(
      "section",
      { class: "ballot-item", "aria-labelledby": "item-title" },
      h("div", { class: "progress" },
        h("p", { id: "progress-text", text: `${answered()} of ${items.length} answered` }),
        h("progress", { id: "ballot-progress", max: items.length, value: answered(), "aria-labelledby": "progress-text" })),
      h("p", { class: "area-name", text: `Question ${index + 1} of ${items.length} · ${area.title}` }),
      h("h1", { id: "item-title", text: item.title }),
      h("p", { class: "question", text: item.question }),
      item.guidance ? h("p", { class: "guidance" }, h("strong", { text: "Evidence that would show this: " }), item.guidance) : null,
      levels,
      h("div", { class: "field" }, h("label", { for: "comment", text: "Evidence or comment (optional)" }), comment),
      // Next, "Saved" and "Stop for now" stay in view at the bottom of the window, so a member on
      // a 1366×768 laptop never scrolls to move on.
      h("div", { class: "ballot-bar" },
        h("div", { class: "buttons" },
          h("button", { class: "button secondary", id: "previous", text: "← Previous", disabled: index === 0, on: { click: () => go(index - 1) } }),
          h("button", { class: "button", id: "next", text: last ? "Continue →" : "Next →", on: { click: () => go(index + 1) } })),
        h("p", { class: "save-status", id: "save-status", role: "status", "aria-live": "polite" }),
        h("p", { class: "hint stop" }, h("span", { text: `Answering as ${name}. ` }), h("button", { class: "link-button", id: "stop-ballot", text: "Stop for now", on: { click: () => finish(false) } }))),
      h("p", { class: "hint keys", text: "Keys: 0–4 choose a level · ? don't know · Enter or → next · ← previous" }),
    );
  }

  function finishScreen() {
    const missing = items.filter(({ item }) => !isAnswered(item.id));
    const list = h("ul", { class: "missing" });
    for (const { item } of missing) {
      list.append(h("li", {}, h("button", { class: "link-button", text: item.title, on: { click: () => go(items.findIndex((x) => x.item.id === item.id)) } })));
    }
    return h(
      "section",
      { class: "card finish" },
      h("h1", { text: "Check and finish" }),
      h("p", { text: `You have answered ${answered()} of ${items.length} questions.` }),
      spectrum ? h("p", { id: "finish-spectrum", text: spectrumSaid() }) : null,
      missing.length ? [h("p", { text: "Not answered yet (you can leave these):" }), list] : null,
      h("div", { class: "buttons" },
        h("button", { class: "button secondary", text: "← Back", on: { click: () => go(index - 1) } }),
        h("button", { class: "button", id: "finish-ballot", text: "Finish and hand back", on: { click: () => finish(true) } })),
    );
  }

  // The spectrum step is part of the ballot too: say how much of it was placed, so nobody thinks
  // it was skipped (or must be filled: like a question, it may be left).
  function spectrumSaid() {
    const dims = spectrum.areas.flatMap((a) => a.items);
    const placed = dims.filter((d) => positions[d.id] && (positions[d.id].now != null || positions[d.id].aspiration != null)).length;
    return `The governance spectrum: you placed the board on ${placed} of ${dims.length} dimensions${placed < dims.length ? " (you can leave the others)" : ""}.`;
  }

  async function finish(done) {
    await queue;
    // Try every unsaved answer once more; nobody is told "saved" while one is not.
    for (const [key, run] of [...failed]) enqueue(key, run);
    await queue;
    if (failed.size) {
      const titles = [...failed.keys()].map((k) => items.find(({ item }) => item.id === k)?.item.title ?? "a spectrum position");
      return notice(`${plural(failed.size, "answer", "answers")} could not be saved (${titles.join(", ")}). Please tell the facilitator before handing the laptop back.`, "error");
    }
    try {
      if (done) await api.finishBallot(ballot);
    } catch (e) {
      return notice(e.message, "error");
    }
    document.removeEventListener("keydown", onKey);
    answers.clear();
    clear(
      root,
      h("section", { class: "card neutral" },
        h("h1", { text: done ? "Thank you — your answers are saved" : "Your answers so far are saved" }),
        done ? null : h("p", { text: "To carry on later, choose \"Carry on where you stopped\" and give the same name or code with your resume code: you will come back to where you stopped." }),
        h("p", { class: "lead", text: "Please hand the laptop to the next member, or back to the facilitator." }),
        h("button", { class: "button", id: "next-member", text: "Ready for the next member", on: { click: () => ctx.refresh() } })),
    );
    const heading = root.querySelector("h1");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  // A new ballot first shows its resume code, once: the member notes it before answering.
  if (resumeCode) {
    clear(root, h("section", { class: "card neutral resume" },
      h("h1", { text: "Your resume code" }),
      h("p", { class: "resume-code", id: "resume-code-shown", text: resumeCode }),
      h("p", { text: "If you stop part-way, you carry on later with your name or code and this resume code. Note it now: it is not shown again, and nobody else can see your answers without it." }),
      h("button", { class: "button", id: "begin-answers", text: "I have noted it — start answering", on: { click: () => draw() } })));
    const heading = root.querySelector("h1");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  } else draw();
}
