// Collect, privately. Before collection: the facilitator sets a PIN and starts collecting (or
// imports a Forms CSV). While the round collects, the app shows only this screen: the "Next
// member" form, "Carry on" with a resume code, and the facilitator's PIN-guarded panel (who has
// started and finished, reopen a ballot, end collection). The database holds the state, so a
// restart or a reload changes nothing; the Rust side refuses every other screen until the PIN.

import * as api from "../api.js";
import { clear, clearNotice, dropZone, field, fieldMessage, h, notice, plural, ROLES, select, sentence } from "../dom.js";
import { runBallot } from "./ballot.js";
import { devicesPanel } from "./devices.js";
import { runPaperEntry } from "./paper.js";
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
  const form = h("form", { class: "card stack", "aria-labelledby": "start-collection-title" },
    h("h2", { id: "start-collection-title", text: "Start collecting" }),
    h("p", { text: "For the facilitator: choose a PIN of 6 to 8 digits that is not a run or a repeat (not 123456 or 121212), or a passphrase of three or more words. Only you need it, to end collection and reveal the answers. Until then the app shows nothing but the private ballot, even after a restart." }),
    pinField, againField, error,
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
      await api.startCollection(ctx.state.roundId, pin.value);
      pin.value = again.value = "";
      await ctx.syncCollection();
      ctx.refresh();
    } catch (err) {
      // A refused PIN says why beside the field (too short, a run, a repeat); anything else below.
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
      h("p", { id: "members-count", text: `${plural(form.finished, "member has", "members have")} finished; ${plural(form.started - form.finished, "has", "have")} started and not finished yet.` }),
      h("p", { class: "hint", text: "Answers stay private until the facilitator ends collection." })),
    devicesPanel(ctx, form),
    paperPanel(form, root, ctx),
    ...facilitatorPanel(ctx, root),
  );
}

/** Paper ballots (printed with `govmat ballot-pdf`) keyed in by the facilitator, one at a time. */
function paperPanel(form, root, ctx) {
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

/**
 * The step between the room's screen (which may be projected: the QR code, the counts) and a
 * private one (a ballot, paper keying, a new resume code): the facilitator is asked to stop
 * projecting first. Enter continues, Escape goes back.
 */
export function privateStep(root, ctx, go, { who = null } = {}) {
  const back = () => ctx.refresh();
  const cont = h("button", { class: "button", id: "private-continue", text: "The screen is not projected: continue" });
  const cancel = h("button", { class: "button secondary", id: "private-back", text: "Back" });
  cont.addEventListener("click", () => {
    cont.disabled = true;
    go();
  });
  cancel.addEventListener("click", back);
  // Nothing from the screen before (an error about someone else's try) follows onto a private one.
  clearNotice();
  clear(root, h("section", { class: "card neutral private-step", "aria-labelledby": "private-title" },
    h("h1", { id: "private-title", tabindex: "-1", text: "Stop projecting first" }),
    // Named only once the screen is private: this step may still be on the projector.
    h("p", { class: "lead", text: who ? "The next screen is for one member only." : "The next screen is private." }),
    h("p", { text: "If this laptop is showing on a projector or a shared screen, stop that now: on Windows press the Windows key and P together and choose \u201cPC screen only\u201d; on a Mac turn mirroring off in Displays." }),
    h("div", { class: "buttons" }, cont, cancel)));
  root.querySelector("#private-title").focus();
  root.querySelector(".private-step").addEventListener("keydown", (e) => {
    if (e.key === "Escape") back();
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
  let idle = null;
  const close = () => {
    clearTimeout(idle);
    pin.value = "";
    reopenName.value = "";
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

// Before the day: build the form from a template, import its export (the mapping is shown
// and nothing is written until the facilitator confirms), or print paper ballots.
function importPanel(ctx, instrument) {
  const titles = new Map(instrument.areas.flatMap((a) => a.items.map((i) => [i.id, i.title])));
  const title = (id) => titles.get(id) || id;
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

  async function showPreview(read) {
    clear(preview);
    say("");
    try {
      const p = await read();
      if (!p) return say("Nothing imported: the choice was cancelled.");
      const refused = p.problems.length > 0;
      const rows = p.mapping.columns.map((c) =>
        h("tr", { class: c.to ? (c.to.use === "ignored" ? "ignored" : "") : "unmapped" },
          h("td", { class: "num", text: String(c.column) }),
          h("th", { scope: "row", text: c.header }),
          h("td", { text: becomes(c.to) }),
          h("td", { class: "hint", text: c.how })));
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
            h("p", { class: "error-text", text: `Nothing can be imported until ${plural(p.problems.length, "problem is", "problems are")} fixed in the file:` }),
            h("ul", { id: "import-problems" }, p.problems.slice(0, 50).map((m) => h("li", { text: m }))),
            p.problems.length > 50 ? h("p", { text: `and ${p.problems.length - 50} more.` }) : null)
          : h("p", { id: "import-summary", text: `Would add ${plural(p.added, "member", "members")}${p.replaced ? `, replace ${p.replaced}` : ""}${p.already.length && !p.replaced ? `; ${p.already.length} already in this round ${p.already.length === 1 ? "is" : "are"} left as they are` : ""}.` }),
        already,
        pinPart,
        h("div", { class: "buttons" }, confirm, cancel),
        h("p", { class: "hint", text: `Each of the file's ${p.mapping.columns.length} columns, and what it becomes:` }),
        h("div", { class: "mapping-box", tabindex: "0", role: "region", "aria-label": "The columns of the file and what each becomes" },
          h("table", { class: "table", id: "import-mapping" },
            h("thead", {}, h("tr", {}, ["Column", "Header", "Becomes", "Why"].map((t) => h("th", { scope: "col", text: t })))),
            h("tbody", {}, rows))),
      );
      (refused ? cancel : pin || confirm).focus();
    } catch (e) {
      say(`Nothing imported: ${e.message}`, true);
    }
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

  const members = h("input", { type: "number", id: "paper-members", min: "1", max: "500", inputmode: "numeric" });
  async function savePaper() {
    const n = members.value.trim() ? Number(members.value) : null;
    if (n !== null && !(Number.isInteger(n) && n >= 1 && n <= 500)) {
      fieldMessage(members, "Give a whole number from 1 to 500, or leave it empty.");
      return members.focus();
    }
    fieldMessage(members, "");
    try {
      const path = await api.savePaperBallots(ctx.state.roundId, n);
      say(path ? `Saved: ${path}` : "Not saved: the save was cancelled.");
    } catch (e) {
      say(`Not saved: ${e.message}`, true);
    }
  }

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
    h("h3", { text: "Paper ballots" }),
    h("p", { text: "One ballot per member, each with its own code and no name. Key them in afterwards from this screen once collection has started." }),
    field("How many ballots (empty: one per member of the round, or 12)", members),
    h("button", { class: "button secondary", id: "save-paper", text: "Save paper ballots (PDF)…", on: { click: savePaper } }),
    status,
  );
}

export function countItems(instrument) {
  return instrument.areas.reduce((n, a) => n + a.items.length, 0);
}
