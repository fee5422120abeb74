// Collect, privately. Before collection: the facilitator sets a PIN and starts collecting (or
// imports a Forms CSV). While the round collects, the app shows only this screen: the "Next
// member" form, "Carry on" with a resume code, and the facilitator's PIN-guarded panel (who has
// started and finished, reopen a ballot, end collection). The database holds the state, so a
// restart or a reload changes nothing; the Rust side refuses every other screen until the PIN.

import * as api from "../api.js";
import { clear, field, fieldMessage, h, notice, plural, ROLES, select, sentence } from "../dom.js";
import { runBallot } from "./ballot.js";
import { devicesPanel, roomCheckPanel, timeBoxText } from "./devices.js";
import { importPanel } from "./forms.js";
import { paperPanel } from "./paper.js";
import { privateStep } from "./private.js";
import { rosterPanel } from "./roster.js";

export async function render(root, ctx) {
  root.append(h("h1", { text: "Collect answers privately" }));
  if (ctx.state.private) return collectingScreen(root, ctx);
  const round = ctx.state.round;
  if (round.status === "closed") {
    root.append(
      h("p", { class: "lead", text: "This round is closed, so no more answers can be given." }),
      h("button", { class: "button", text: "Reopen the round for answers", on: { click: () => setOpen(ctx, true) } }),
      rosterPanel(ctx),
    );
    return;
  }
  const view = await api.resultsView(round.id);
  root.append(
    h("p", { class: "lead", text: "Pass the laptop: each member answers on their own. Nobody sees anyone else's answers until the facilitator ends collection with a PIN and reveals them together." }),
    h("div", { class: "cards" }, startCollectionPanel(ctx), h("section", { class: "card", "aria-labelledby": "members-title" },
      h("h2", { id: "members-title", text: "So far" }),
      h("p", { id: "members-count", text: view.respondents ? `${plural(view.respondents, "member has", "members have")} answered this round.` : "Nobody has answered this round yet." }))),
    roomCheckPanel(ctx),
    rosterPanel(ctx),
    importPanel(ctx, view.instrument),
    h("section", { class: "card", "aria-labelledby": "close-title" },
      h("h2", { id: "close-title", text: "When everyone has answered" }),
      h("p", { text: "Close the round so that no more answers can be given. The board can still agree scores, set targets and actions, and you can reopen it later." }),
      h("button", { class: "button secondary", id: "close-round", text: "Close the round to answers", on: { click: () => setOpen(ctx, false) } })),
  );
}

function pinInput(id, label = "Facilitator's PIN") {
  const input = h("input", { type: "password", id, inputmode: "numeric", autocomplete: "off", maxlength: 200 });
  return [input, field(label, input)];
}

function startCollectionPanel(ctx) {
  const [pin, pinField] = pinInput("new-pin", "Choose a PIN");
  const [again, againField] = pinInput("new-pin-again", "The same PIN again");
  const error = h("p", { class: "error-text", id: "start-collection-error", role: "alert" });
  const expected = h("input", { type: "number", id: "expected-members", min: 1, max: 500, value: 30, inputmode: "numeric" });
  const minutes = h("input", { type: "number", id: "time-box", min: 1, max: 600, inputmode: "numeric", placeholder: "none" });
  const form = h("form", { class: "card stack", "aria-labelledby": "start-collection-title" },
    h("h2", { id: "start-collection-title", text: "Start collecting" }),
    h("p", { text: "For the facilitator: choose a PIN of 6 to 8 digits that is not a run or a repeat (not 123456 or 121212), or a passphrase of three or more words. Only you need it, to end collection and reveal the answers. Until then the app shows nothing but the private ballot, even after a restart." }),
    pinField, againField,
    h("div", { class: "field-row" },
      field("Members expected", expected, "Without a roster, members' devices may start at most twice this many ballots."),
      field("Time box in minutes (optional)", minutes, "A countdown on the projector and on members' phones; when it is up nothing closes by itself.")),
    error,
    h("button", { class: "button", type: "submit", id: "start-collection", text: "Start collecting privately" }));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    fieldMessage(pin, "");
    fieldMessage(again, "");
    if (pin.value !== again.value) {
      fieldMessage(again, "The two PINs are not the same.");
      again.focus();
      return;
    }
    try {
      const box = minutes.value.trim() ? Number(minutes.value) : null;
      await api.startCollection(ctx.state.roundId, pin.value, Number(expected.value) || 30, box);
      pin.value = again.value = "";
      await ctx.syncCollection();
      ctx.refresh();
    } catch (err) {
      // A refused PIN says why beside the field (too short, a run, a repeat); anything else below.
      if (err.code === "invalid_input" && /time box/.test(err.message)) { fieldMessage(minutes, sentence(err.message)); return minutes.focus(); }
      if (err.code === "invalid_input" && /expected/.test(err.message)) { fieldMessage(expected, sentence(err.message)); return expected.focus(); }
      if (err.code === "invalid_input") fieldMessage(pin, sentence(err.message));
      else error.textContent = err.message;
      pin.focus();
    }
  });
  return form;
}

async function collectingScreen(root, ctx) {
  const form = await api.ballotForm(ctx.state.roundId);
  root.append(
    h("p", { class: "lead", text: "Pass the laptop: each member answers on their own. Nobody sees anyone else's answers until the facilitator ends collection." }),
    h("div", { class: "cards" }, startPanel(form, root, ctx), resumePanel(form, root, ctx)),
    h("section", { class: "card", "aria-labelledby": "members-title" },
      h("h2", { id: "members-title", text: "So far" }),
      h("p", { id: "members-count", role: "status", text: soFar(form.finished, form.started) }),
      h("p", { id: "time-box-left", class: "time-box", role: "status" }),
      h("p", { class: "hint", text: "Answers stay private until the facilitator ends collection." })),
    devicesPanel(ctx, form),
    paperPanel(form, root, ctx),
    ...facilitatorPanel(ctx, root),
  );
  liveCounts(ctx, root);
}

const soFar = (finished, started) =>
  `${plural(finished, "member has", "members have")} finished; ${plural(started - finished, "has", "have")} started and not finished yet.`;

/** The "So far" counts and the time box, kept current without a reload (issue 29 §4, 25 §6). */
async function liveCounts(ctx, root) {
  while (root.querySelector("#members-count")) {
    try {
      const p = await api.deviceProgress(ctx.state.roundId);
      const count = root.querySelector("#members-count");
      const clock = root.querySelector("#time-box-left");
      if (!count || !p.collecting) return;
      count.textContent = soFar(p.finished, p.joined);
      if (clock) {
        clock.textContent = timeBoxText(p.seconds_left);
        clock.classList.toggle("up", p.seconds_left === 0);
      }
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function beginBallot(root, ctx, form, run) {
  privateStep(root, ctx, async () => {
    try {
      const own = await run();
      runBallot(root, ctx, { form, ...own });
    } catch (err) {
      ctx.refresh();
      notice(err.message, "error");
    }
  });
}

function startPanel(form, root, ctx) {
  const name = h("input", { type: "text", id: "member-name", required: true, maxlength: 200, autocomplete: "off" });
  const role = select([["", "Choose your role"], ...ROLES], "", { id: "member-role", "aria-required": "true" });
  const error = h("p", { class: "error-text", id: "start-ballot-error", role: "alert" });
  const panel = h(
    "form",
    { class: "card stack", "aria-labelledby": "start-ballot-title" },
    h("h2", { id: "start-ballot-title", text: "Next member" }),
    field("Your name or a code", name, "Use a code such as NED-3 if the board prefers not to record names."),
    field("Your role on the board", role),
    error,
    h("p", { class: "hint", text: `${form.instrument.title}: ${countItems(form.instrument)} questions in ${form.instrument.areas.length} areas. Every answer is saved as you give it.` }),
    h("button", { class: "button", type: "submit", id: "start-ballot", text: "Start my answers" }),
  );
  panel.addEventListener("submit", (e) => {
    e.preventDefault();
    error.textContent = "";
    const who = name.value.trim();
    if (!who) {
      error.textContent = "Please give your name or a code.";
      return name.focus();
    }
    if (!role.value) {
      error.textContent = "Please choose your role.";
      return role.focus();
    }
    beginBallot(root, ctx, form, async () => {
      const started = await api.startBallot(ctx.state.roundId, who, role.value);
      return { ballot: started.ballot, resumeCode: started.resume_code, name: who };
    });
  });
  return panel;
}

function resumePanel(form, root, ctx) {
  const name = h("input", { type: "text", id: "resume-name", maxlength: 200, autocomplete: "off" });
  const code = h("input", { type: "text", id: "resume-code", maxlength: 20, autocomplete: "off", autocapitalize: "characters", spellcheck: "false" });
  const panel = h(
    "form",
    { class: "card stack", "aria-labelledby": "resume-title" },
    h("h2", { id: "resume-title", text: "Carry on where you stopped" }),
    field("The name or code you started with", name),
    field("Your resume code", code, "The six characters you were shown when you started."),
    h("button", { class: "button secondary", type: "submit", id: "resume-ballot", text: "Carry on" }),
  );
  panel.addEventListener("submit", (e) => {
    e.preventDefault();
    const who = name.value.trim();
    beginBallot(root, ctx, form, async () => {
      const own = await api.resumeBallot(ctx.state.roundId, who, code.value);
      return { ballot: own.ballot, resumed: own, name: who };
    });
  });
  return panel;
}

/** How long the facilitator's panel stays open without input, and a shown list stays shown. */
const IDLE_MS = 60_000;

/**
 * The facilitator's panel: everything in it takes the PIN, checked on the Rust side. The PIN never
 * lingers for the next member handed the laptop: the field is emptied the moment an action reads
 * it, so every action asks for it again; the panel closes after each action that succeeds, after
 * a minute without input, and whenever the screen changes. A new resume code is never shown here
 * but on a screen of its own, handed to that member.
 */
function facilitatorPanel(ctx, root) {
  const [pin, pinField] = pinInput("facilitator-pin");
  const out = h("div", { id: "facilitator-out", "aria-live": "polite" });
  const shown = h("div", { id: "facilitator-shown" });
  const reopenName = h("input", { type: "text", id: "reopen-name", maxlength: 200, autocomplete: "off" });
  const discardName = h("input", { type: "text", id: "discard-name", maxlength: 200, autocomplete: "off" });
  let idle = null;
  const close = () => {
    clearTimeout(idle);
    pin.value = "";
    reopenName.value = "";
    discardName.value = "";
    clear(out);
    if (panel.open) panel.open = false;
  };
  const wake = () => {
    clearTimeout(idle);
    idle = setTimeout(() => panel.isConnected && close(), IDLE_MS);
  };
  const withPin = (run) => async () => {
    clear(out);
    const value = pin.value;
    pin.value = "";
    try {
      await run(value);
    } catch (err) {
      clear(out, h("p", { class: "error-text", role: "alert", text: err.message }));
      pin.focus();
    }
  };
  const end = withPin(async (value) => {
    await api.endCollection(ctx.state.roundId, value);
    close();
    await ctx.syncCollection();
    notice("Collection has ended. The reveal and every other step are open again.");
    ctx.go("reveal");
  });
  const progress = withPin(async (value) => {
    const members = await api.collectionProgress(ctx.state.roundId, value);
    close();
    const list = h("ul", { class: "members", id: "progress-list" });
    for (const m of members) {
      const [tag, label] = m.finished ? ["done", "Finished"] : m.started ? ["open", "Not finished"] : ["none", "Not started"];
      list.append(h("li", {}, h("span", { class: "member-name", text: m.name }), h("span", { class: `tag ${tag}`, text: label })));
    }
    const hide = () => clear(shown);
    const hideButton = h("button", { class: "button small secondary", id: "hide-progress", text: "Hide the list", on: { click: hide } });
    clear(shown, h("section", { class: "card", id: "progress-card", "aria-labelledby": "progress-title" },
      h("h2", { id: "progress-title", text: "Who has started and finished" }),
      members.length ? list : h("p", { class: "hint", text: "Nobody has started yet." }),
      h("p", { class: "hint", text: "The list hides itself after a minute." }),
      hideButton));
    setTimeout(() => shown.isConnected && hide(), IDLE_MS);
    hideButton.focus();
  });
  const discard = withPin(async (value) => {
    const who = discardName.value.trim();
    await api.discardEmptyBallot(ctx.state.roundId, who, value);
    close();
    notice(`The empty ballot started as “${who}” is discarded.`);
    ctx.refresh();
  });
  const reopen = withPin(async (value) => {
    const who = reopenName.value.trim();
    const code = await api.reopenBallot(ctx.state.roundId, who, value);
    close();
    handOver(root, ctx, who, code);
  });
  const panel = h("details", { class: "card facilitator", id: "facilitator" },
    h("summary", { text: "For the facilitator (PIN)" }),
    pinField,
    h("div", { class: "buttons" },
      h("button", { class: "button", id: "end-collection", text: "End collection and reveal", on: { click: end } }),
      h("button", { class: "button secondary", id: "show-progress", text: "Who has not started or finished?", on: { click: progress } })),
    field("Reopen the ballot of (name or code)", reopenName, "For a member who lost their resume code or wants to change a finished ballot. The new code is shown on a screen of its own, for that member only."),
    h("button", { class: "button secondary", id: "reopen-ballot", text: "Give a new resume code", on: { click: reopen } }),
    field("Discard the empty ballot of (name or code)", discardName, "A ballot with no answer (a mistyped name, a second try) counts nowhere; discarding it tidies the list. A ballot with an answer is never discarded."),
    h("button", { class: "button secondary", id: "discard-ballot", text: "Discard the empty ballot", on: { click: discard } }),
    out);
  panel.addEventListener("toggle", () => (panel.open ? wake() : close()));
  for (const type of ["input", "keydown", "pointerdown"]) panel.addEventListener(type, wake);
  return [panel, shown];
}

/**
 * A new resume code, on a screen of its own for the member it belongs to (after the step that
 * asks to stop projecting): shown only when that member asks, and hidden again with any key.
 */
function handOver(root, ctx, who, code) {
  privateStep(root, ctx, () => {
    const back = () => ctx.refresh();
    const reveal = h("button", { class: "button", id: "show-new-code", text: "Show my new resume code" });
    const box = h("div", { id: "new-code-box" });
    clear(root, h("section", { class: "card neutral resume", "aria-labelledby": "handover-title" },
      h("h1", { id: "handover-title", tabindex: "-1" }, "This is for ", h("strong", { text: who }), " only"),
      h("p", { text: `The facilitator has given ${who} a new resume code. ${who}: press the button when nobody else can see the screen.` }),
      reveal, box));
    reveal.addEventListener("click", () => {
      reveal.remove();
      clear(box,
        h("p", { class: "resume-code", id: "new-resume-code", text: code }),
        h("p", { text: "Note it now, then press any key to hide it. Carry on with your name and this code." }),
        h("button", { class: "button secondary", id: "hide-new-code", text: "Hide it", on: { click: back } }));
      box.querySelector("#hide-new-code").focus();
      const anyKey = (e) => {
        e.preventDefault();
        document.removeEventListener("keydown", anyKey, true);
        back();
      };
      document.addEventListener("keydown", anyKey, true);
    });
    root.querySelector("#handover-title").focus();
  }, { who });
}

async function setOpen(ctx, open) {
  try {
    await api.setRoundOpen(ctx.state.roundId, open);
    notice(open ? "The round is open for answers again." : "The round is closed to answers.");
    await ctx.selectRound(ctx.state.roundId);
    ctx.refresh();
  } catch (e) {
    ctx.fail(e);
  }
}

export function countItems(instrument) {
  return instrument.areas.reduce((n, a) => n + a.items.length, 0);
}
