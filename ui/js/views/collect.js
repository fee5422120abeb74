// Collect, privately: the facilitator's neutral screen where a member steps up, gives a name or
// code and role, and answers on their own (ballot.js). It lists who has taken part and never
// what anyone answered. A Forms CSV can be imported into the round from here too.
//
// Once the first member starts, the app stays in "pass the laptop" mode: between members this
// screen shows only the "Next member" form, and only the facilitator's deliberate "end" (with a
// confirmation) brings back the other screens.

import * as api from "../api.js";
import { confirmDialog, field, h, notice, roleLabel, ROLES, select } from "../dom.js";
import { runBallot } from "./ballot.js";

export async function render(root, ctx) {
  const form = await api.ballotForm(ctx.state.roundId);
  root.append(h("h1", { text: "Collect answers privately" }));
  if (form.round.status === "closed") {
    root.append(
      h("p", { class: "lead", text: "This round is closed, so no more answers can be given." }),
      h("button", { class: "button", text: "Reopen the round for answers", on: { click: () => setOpen(ctx, true) } }),
    );
    return;
  }
  if (ctx.state.private) {
    root.append(
      h("p", { class: "lead", text: "Pass the laptop: each member answers on their own. Nobody sees anyone else's answers until the facilitator reveals them together." }),
      h("div", { class: "cards" }, startPanel(form, root, ctx), privateMembersPanel(form)),
      h("section", { class: "card facilitator", "aria-labelledby": "end-private-title" },
        h("h2", { id: "end-private-title", text: "For the facilitator" }),
        h("p", { text: "When every member has answered, end passing the laptop to reveal and discuss the answers together." }),
        h("button", { class: "button secondary", id: "end-private", text: "End passing the laptop", on: { click: () => endPrivate(ctx) } })),
    );
    return;
  }
  root.append(
    h("p", { class: "lead", text: "Pass the laptop: each member answers on their own. Nobody sees anyone else's answers until the facilitator reveals them together." }),
    h("div", { class: "cards" }, startPanel(form, root, ctx), membersPanel(form)),
    importPanel(ctx),
    h("section", { class: "card", "aria-labelledby": "close-title" },
      h("h2", { id: "close-title", text: "When everyone has answered" }),
      h("p", { text: "Close the round so that no more answers can be given. The board can still agree scores, set targets and actions, and you can reopen it later." }),
      h("button", { class: "button secondary", id: "close-round", text: "Close the round to answers", on: { click: () => setOpen(ctx, false) } })),
  );
}

async function endPrivate(ctx) {
  const sure = await confirmDialog(
    "End passing the laptop?",
    "For the facilitator only. The other screens come back, including the reveal of everyone's answers.",
    "End and show all screens",
    false,
  );
  if (!sure) return;
  ctx.setPrivate(false);
  ctx.refresh();
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

function startPanel(form, root, ctx) {
  const name = h("input", { type: "text", id: "member-name", required: true, maxlength: 200, autocomplete: "off" });
  const role = select([["", "Choose your role"], ...ROLES], "", { id: "member-role", "aria-required": "true" });
  const panel = h(
    "form",
    { class: "card stack", "aria-labelledby": "start-ballot-title" },
    h("h2", { id: "start-ballot-title", text: "Next member" }),
    field("Your name or a code", name, "Use a code such as NED-3 if the board prefers not to record names. If you stopped part-way, give the same name or code to carry on."),
    field("Your role on the board", role),
    h("p", { class: "hint", text: `${form.instrument.title}: ${countItems(form.instrument)} questions in ${form.instrument.areas.length} areas. Every answer is saved as you give it.` }),
    h("button", { class: "button", type: "submit", id: "start-ballot", text: "Start my answers" }),
  );
  panel.addEventListener("submit", async (e) => {
    e.preventDefault();
    const who = name.value.trim();
    // A member who stopped part-way carries on under the same name or code.
    const stopped = form.members.find((m) => m.name === who && !m.finished);
    if (!stopped && !role.value) {
      notice("Please choose your role.", "error");
      role.focus();
      return;
    }
    try {
      const resumed = stopped ? await api.resumeBallot(ctx.state.roundId, who) : null;
      const respondentId = resumed ? resumed.respondent_id : await api.startBallot(ctx.state.roundId, who, role.value);
      let spectrum = null;
      try {
        spectrum = await api.spectrumForm(ctx.state.roundId);
      } catch (err) {
        notice(`The spectrum step is not available: ${err.message}`, "error");
      }
      runBallot(root, ctx, { form, spectrum, respondentId, name: who, resumed });
    } catch (err) {
      ctx.fail(err);
    }
  });
  return panel;
}

/** Between members: how many have taken part, never who or what. */
function privateMembersPanel(form) {
  const finished = form.members.filter((m) => m.finished).length;
  return h(
    "section",
    { class: "card", "aria-labelledby": "members-title" },
    h("h2", { id: "members-title", text: "So far" }),
    h("p", { id: "members-count", text: `${finished} member(s) have finished; ${form.members.length - finished} started and stopped part-way.` }),
    h("p", { class: "hint", text: "Answers stay private until the facilitator reveals them." }),
  );
}

function membersPanel(form) {
  const list = h("ul", { class: "members", id: "members" });
  for (const m of form.members) {
    list.append(
      h(
        "li",
        {},
        h("span", { class: "member-name", text: m.name }),
        h("span", { class: "hint", text: ` ${roleLabel(m.role)}` }),
        h("span", { class: `tag ${m.finished ? "done" : "open"}`, text: m.finished ? "Finished" : "Started" }),
      ),
    );
  }
  return h(
    "section",
    { class: "card", "aria-labelledby": "members-title" },
    h("h2", { id: "members-title", text: `Who has taken part (${form.members.length})` }),
    form.members.length ? list : h("p", { class: "hint", text: "Nobody yet." }),
    h("p", { class: "hint", text: "Answers stay private until the reveal." }),
  );
}

function importPanel(ctx) {
  const replace = h("input", { type: "checkbox", id: "import-replace" });
  return h(
    "section",
    { class: "card", "aria-labelledby": "import-title" },
    h("h2", { id: "import-title", text: "Answers collected with Microsoft or Google Forms" }),
    h("p", { text: "Import the CSV export of the form into this round. Either every row is imported or nothing is, with every problem listed." }),
    h("div", { class: "check" }, replace, h("label", { for: "import-replace", text: "Replace members who have already answered in this round" })),
    h("button", {
      class: "button secondary",
      text: "Import a Forms export (CSV)…",
      on: {
        click: async () => {
          try {
            const outcome = await api.importCsv(ctx.state.roundId, replace.checked);
            if (!outcome) return;
            notice(`Imported ${outcome.added} member(s)${outcome.replaced ? `, replaced ${outcome.replaced}` : ""}.`);
            ctx.refresh();
          } catch (e) {
            ctx.fail(e);
          }
        },
      },
    }),
  );
}

export function countItems(instrument) {
  return instrument.areas.reduce((n, a) => n + a.items.length, 0);
}
