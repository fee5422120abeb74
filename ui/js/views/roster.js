// The board roster, on the Collect step before collection: who sits on this board, carried from
// round to round, and where each stands in this round (not started, started, finished). It shows
// names, so it opens only with the facilitator's roster PIN (chosen the first time); Rust checks
// the PIN on every call and refuses everything here while a round is collecting. The PIN lives in
// this panel's closure only, and is forgotten when the panel closes or the screen is redrawn.

import * as api from "../api.js";
import { clear, confirmDialog, field, fieldMessage, h, notice, plural, ROLES, select, sentence, speakingForm } from "../dom.js";

const STATE_LABEL = { "not-started": "Not started", started: "Not finished", finished: "Finished" };
const STATE_TAG = { "not-started": "none", started: "open", finished: "done" };

export function rosterPanel(ctx) {
  const body = h("div", { id: "roster-body" });
  const panel = h("details", { class: "card roster", id: "roster" },
    h("summary", { text: "Board roster (facilitator's PIN)" }),
    h("p", { text: "The board's members, carried into every round: add them before the day or import a list, then see here who has not started. Names typed in another case or without accents are the same member. Renaming, merging, changing a role and removing need the facilitator's roster PIN and are refused while answers are being collected." }),
    body);
  panel.addEventListener("toggle", () => {
    if (panel.open) unlock(ctx, body);
    else clear(body);
  });
  return panel;
}

function pinControl(id, label) {
  return h("input", { type: "password", id, inputmode: "numeric", autocomplete: "off", maxlength: 200, required: true, "data-label": label });
}

async function unlock(ctx, body) {
  const orgId = ctx.state.organisation.id;
  let hasPin;
  try {
    hasPin = await api.rosterHasPin(orgId);
  } catch (err) {
    return clear(body, h("p", { class: "error-text", role: "alert", text: sentence(err.message) }));
  }
  const pin = pinControl("roster-pin", hasPin ? "Facilitator's roster PIN" : "Choose a roster PIN");
  const again = pinControl("roster-pin-again", "The same PIN again");
  const form = h("form", { class: "stack", id: "roster-unlock" },
    hasPin ? null : h("p", { class: "hint", text: "This board has no roster PIN yet. Choose 6 to 8 digits that are not a run or a repeat (not 123456 or 121212), or a passphrase of three or more words; it cannot be changed here later." }),
    field(hasPin ? "Facilitator's roster PIN" : "Choose a roster PIN", pin),
    hasPin ? null : field("The same PIN again", again),
    h("button", { class: "button", type: "submit", id: "roster-open", text: "Open the roster" }));
  speakingForm(form, async () => {
    if (!hasPin) {
      if (pin.value !== again.value) {
        fieldMessage(again, "The two PINs are not the same.");
        return again.focus();
      }
      await api.setRosterPin(orgId, pin.value);
    }
    const value = pin.value;
    pin.value = again.value = "";
    await show(ctx, body, value);
  }, { where: () => pin, fail: (err) => ctx.fail(err) });
  clear(body, form);
  pin.focus();
}

async function show(ctx, body, pin) {
  const orgId = ctx.state.organisation.id;
  const members = await api.roster(orgId, pin, ctx.state.roundId);
  const redraw = async (message) => {
    try {
      await show(ctx, body, pin);
      if (message) notice(message);
    } catch (err) {
      ctx.fail(err);
    }
  };
  const listed = members.filter((m) => m.id);
  const counts = { "not-started": 0, started: 0, finished: 0 };
  for (const m of members) counts[m.state] = (counts[m.state] || 0) + 1;
  const rows = h("tbody");
  for (const m of members) rows.append(memberRow(ctx, pin, m, listed, redraw));
  clear(body,
    h("p", { id: "roster-summary", text: members.length
      ? `${plural(members.length, "member", "members")} on the roster: ${counts.finished} finished, ${counts.started} not finished, ${counts["not-started"]} not started in this round.`
      : "Nobody is on the roster yet." }),
    members.length
      ? h("div", { class: "wide" }, h("table", { class: "table roster-table", id: "roster-table" },
          h("caption", { class: "visually-hidden", text: "Board roster" }),
          h("thead", {}, h("tr", {}, ["Name or code", "Role", "This round", ""].map((t) => h("th", { scope: "col", text: t })))),
          rows))
      : null,
    addForm(ctx, pin, redraw),
    h("div", { class: "buttons" },
      h("button", { class: "button secondary", id: "roster-import", text: "Import a roster (CSV or XLSX)…", on: { click: () => importFile(ctx, pin, redraw) } })),
    h("p", { class: "hint", text: "A roster file has a header row with a Name column and a Role column (chair, non-executive, executive or other). Members already on the roster are left as they are; a file with any problem adds no one." }),
  );
}

function memberRow(ctx, pin, m, listed, redraw) {
  const orgId = ctx.state.organisation.id;
  const tag = h("span", { class: `tag ${STATE_TAG[m.state] || "none"}`, text: STATE_LABEL[m.state] || "" });
  const role = select(ROLES, m.role, { "aria-label": `Role of ${m.name}`, "data-roster-role": String(m.id) });
  role.addEventListener("change", async () => {
    try {
      await api.setRosterRole(orgId, pin, m.id, role.value);
      await redraw(`${m.name} is now ${ROLES.find(([v]) => v === role.value)[1].toLowerCase()}.`);
    } catch (err) {
      ctx.fail(err);
    }
  });
  const tools = h("td", { class: "roster-tools" });
  const rename = h("button", { class: "button small secondary", text: "Rename", "aria-label": `Rename ${m.name}`, on: { click: () => renameForm(ctx, pin, m, tools, redraw) } });
  const others = listed.filter((o) => o.id !== m.id);
  const merge = others.length
    ? h("button", { class: "button small secondary", text: "Merge into…", "aria-label": `Merge ${m.name} into another member`, on: { click: () => mergeForm(ctx, pin, m, others, tools, redraw) } })
    : null;
  const remove = h("button", { class: "button small danger", text: "Remove", "aria-label": `Remove ${m.name}`, on: { click: async () => {
    const ok = await confirmDialog(`Remove ${m.name}?`, `${m.name} leaves the roster, and their answers in this board's open rounds are deleted. Closed rounds keep their record. Undo on the Start screen brings everything back.`, "Remove");
    if (!ok) return;
    try {
      await api.removeRosterMember(orgId, pin, m.id);
      await redraw(`${m.name} was removed from the roster.`);
    } catch (err) {
      ctx.fail(err);
    }
  } } });
  if (m.id) tools.append(h("div", { class: "buttons" }, rename, merge, remove));
  return h("tr", { "data-roster-id": String(m.id) },
    h("th", { scope: "row", class: "member-name", text: m.name }),
    h("td", {}, m.id ? role : h("span", { text: ROLES.find(([v]) => v === m.role)?.[1] ?? m.role })),
    h("td", {}, tag),
    tools);
}

function renameForm(ctx, pin, m, tools, redraw) {
  const name = h("input", { type: "text", value: m.name, maxlength: 200, required: true, autocomplete: "off", class: "roster-rename" });
  const form = h("form", { class: "stack" }, field(`New name for ${m.name}`, name),
    h("div", { class: "buttons" },
      h("button", { class: "button small", type: "submit", text: "Save the name" }),
      h("button", { class: "button small secondary", type: "button", text: "Cancel", on: { click: () => redraw() } })));
  speakingForm(form, async () => {
    await api.renameRosterMember(ctx.state.organisation.id, pin, m.id, name.value);
    await redraw(`Renamed ${m.name} to ${name.value.trim()}.`);
  }, { where: () => name, fail: (err) => ctx.fail(err) });
  clear(tools, form);
  name.focus();
  name.select();
}

function mergeForm(ctx, pin, m, others, tools, redraw) {
  const orgId = ctx.state.organisation.id;
  // No member is chosen for the facilitator: merging into the wrong one is easy to do at speed.
  const into = select([["", "Choose a member…"], ...others.map((o) => [String(o.id), o.name])], "", { class: "roster-merge-into" });
  const out = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "stack" }, field(`Merge ${m.name} into`, into), out,
    h("div", { class: "buttons" },
      h("button", { class: "button small", type: "submit", text: "Show what merging does" }),
      h("button", { class: "button small secondary", type: "button", text: "Cancel", on: { click: () => redraw() } })));
  speakingForm(form, async () => {
    if (!into.value) {
      clear(out, h("p", { class: "error-text", role: "alert", text: `Choose the member to merge ${m.name} into.` }));
      into.focus();
      return;
    }
    const target = Number(into.value);
    const plan = await api.mergePlan(orgId, pin, m.id, target);
    const conflicts = h("ul", { class: "merge-conflicts" });
    for (const c of plan.conflicts) {
      conflicts.append(h("li", { text: `${c.round}: ${c.item}` }));
    }
    clear(out,
      h("p", { text: plan.rounds.length
        ? `Both answered in ${plan.rounds.join(", ")}. Their answers are combined; where both answered a question differently, ${plan.into}'s answer is kept.`
        : `${plan.from}'s answers in the open rounds become ${plan.into}'s.` }),
      plan.conflicts.length ? h("p", { text: `${plural(plan.conflicts.length, "question was", "questions were")} answered differently; ${plan.into}'s answer is kept (the answers themselves are not shown here):` }) : h("p", { class: "hint", text: "No answers conflict." }),
      plan.conflicts.length ? conflicts : null,
      h("button", { class: "button small danger", type: "button", id: "roster-merge-confirm", text: `Merge ${plan.from} into ${plan.into}`, on: { click: async () => {
        try {
          await api.mergeRosterMembers(orgId, pin, m.id, target);
          await redraw(`Merged ${plan.from} into ${plan.into}.`);
        } catch (err) {
          ctx.fail(err);
        }
      } } }));
  }, { where: () => into, fail: (err) => ctx.fail(err) });
  clear(tools, form);
  into.focus();
}

function addForm(ctx, pin, redraw) {
  const name = h("input", { type: "text", id: "roster-name", maxlength: 200, required: true, autocomplete: "off" });
  const role = select([["", "Choose the role"], ...ROLES], "", { id: "roster-role", required: true });
  const form = h("form", { class: "stack", id: "roster-add", "aria-labelledby": "roster-add-title" },
    h("h3", { id: "roster-add-title", text: "Add a member" }),
    h("div", { class: "roster-add-fields" }, field("Name or code", name), field("Role", role)),
    h("button", { class: "button secondary", type: "submit", id: "roster-add-button", text: "Add to the roster" }));
  speakingForm(form, async () => {
    if (!role.value) {
      fieldMessage(role, "Choose the member's role.");
      return role.focus();
    }
    await api.addToRoster(ctx.state.organisation.id, pin, name.value, role.value);
    const added = name.value.trim();
    await redraw(`Added ${added} to the roster.`);
    document.getElementById("roster-name")?.focus();
  }, { where: () => name, fail: (err) => ctx.fail(err) });
  return form;
}

async function importFile(ctx, pin, redraw) {
  try {
    const got = await api.importRoster(ctx.state.organisation.id, pin);
    if (!got) return;
    await redraw(`Roster imported: ${plural(got.added, "member", "members")} added, ${got.already} already on it.`);
  } catch (err) {
    ctx.fail(err);
  }
}
