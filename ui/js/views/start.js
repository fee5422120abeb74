// Start: the organisations and their rounds, a new round, and the demo board on a first run.

import * as api from "../api.js";
import { clear, confirmDialog, dateInput, field, h, notice, parseDate, select, speakingForm } from "../dom.js";

export async function render(root, ctx) {
  const info = ctx.state.info;
  if (info && info.problem) return renderProblem(root, info);
  const recovered = sessionStorage.getItem("govmat-recovered");
  if (recovered) {
    sessionStorage.removeItem("govmat-recovered");
    notice(recovered);
  }
  const [orgs, instruments, undoable] = await Promise.all([api.organisations(), api.questionnaires(), api.undoable()]);
  const maturity = instruments.filter((q) => q.kind === "maturity");
  root.append(h("h1", { text: "Start" }));
  if (info && info.questionnaire_problems && info.questionnaire_problems.length) root.append(questionnaireProblems(info.questionnaire_problems));
  // A delete just made is undone from the top of this screen, where the person already is.
  if (undoable.length) root.append(undoPanel(undoable, ctx));
  if (orgs.length === 0) {
    renderWelcome(root, ctx);
    root.append(backupPanel(ctx));
    return;
  }
  root.append(
    h("p", { class: "lead", text: "Choose a round to work on, or start a new one. A round is one sitting of the board answering a questionnaire." }),
  );
  // Rounds name their questionnaire by title (the id is for scripts), falling back to the id for
  // a questionnaire no longer installed.
  const titles = new Map(instruments.map((q) => [q.id, q.title]));
  for (const org of orgs) root.append(orgPanel(org, maturity, ctx, titles));
  root.append(newOrganisationPanel(ctx, orgs.some((o) => o.is_demo)));
  root.append(backupPanel(ctx));
}

/**
 * A consultant's questionnaire file that could not be read is left out, and said here with every
 * problem at its file, line and column; the board and the other questionnaires work as usual.
 */
function questionnaireProblems(problems) {
  return h("section", { class: "card warning", id: "questionnaire-problems", role: "alert", "aria-labelledby": "questionnaire-problems-title" },
    h("h2", { id: "questionnaire-problems-title", text: "A questionnaire file was left out" }),
    h("p", { text: "These problems in your questionnaire folder stop a file from being read. Everything else works as usual; fix the file (govmat check FILE lists the same problems) and open govmat again to use it." }),
    h("ul", { class: "problems" }, problems.slice(0, 30).map((p) => h("li", { class: "mono", text: p }))),
    problems.length > 30 ? h("p", { text: `and ${problems.length - 30} more.` }) : null);
}

/** This session's deletes (and restores), newest first, each with its Undo. */
function undoPanel(undoable, ctx) {
  const list = h("ul", { class: "undo-list" });
  for (const u of undoable) {
    list.append(h("li", {},
      h("span", { text: u.what }),
      h("button", {
        class: "button small secondary",
        type: "button",
        text: "Undo",
        "aria-label": `Undo: ${u.what}`,
        on: { click: () => undo(u, ctx) },
      })));
  }
  return h("section", { class: "card undo", "aria-labelledby": "undo-title" },
    h("h2", { id: "undo-title", text: "Undo" }),
    h("p", { class: "hint", text: "Until you close govmat, each of these can be undone: the board's data goes back to how it was just before." }),
    list);
}

async function undo(u, ctx) {
  const sure = await confirmDialog("Undo this?", `${u.what}. Undoing puts everything back as it was just before, so changes made since then are undone too (govmat keeps a copy of how things are now).`, "Undo", false);
  if (!sure) return;
  try {
    await api.undo(u.name);
    await ctx.selectRound(ctx.state.roundId);
    notice(`Undone: ${u.what}.`);
    ctx.refresh();
  } catch (e) {
    ctx.fail(e);
  }
}

/** Back up the whole database to a file, or restore one; the present data is kept aside first. */
function backupPanel(ctx) {
  const backup = async () => {
    try {
      const path = await api.backupDatabase();
      if (path) notice(`Backed up everything to ${path}.`);
    } catch (e) {
      ctx.fail(e);
    }
  };
  const restore = async () => {
    const sure = await confirmDialog("Restore from a backup?", "The backup you choose replaces everything govmat holds now. What it holds now is kept aside, and you can undo the restore until you close govmat.", "Choose a backup…", false);
    if (!sure) return;
    try {
      const kept = await api.restoreDatabase();
      if (!kept) return;
      await ctx.selectRound(ctx.state.roundId);
      notice("Restored from the backup. Undo is at the top of this screen.");
      ctx.refresh();
    } catch (e) {
      ctx.fail(e);
    }
  };
  return h("section", { class: "card", "aria-labelledby": "backup-title" },
    h("h2", { id: "backup-title", text: "Backups" }),
    h("p", { class: "hint", text: "A backup is one file holding every organisation, round, answer and action. govmat also keeps its own copy before anything is deleted." }),
    h("p", { class: "buttons" },
      h("button", { class: "button secondary", type: "button", id: "backup", text: "Back up…", on: { click: backup } }),
      h("button", { class: "button secondary", type: "button", id: "restore", text: "Restore from a backup…", on: { click: restore } })));
}

function renderProblem(root, info) {
  if (info.problem.code === "damaged") return renderDamaged(root, info);
  root.append(
    h("h1", { text: "The board's database could not be opened" }),
    h("p", { class: "error-text", role: "alert", text: info.problem.message }),
    h("p", { text: `File: ${info.db}` }),
    h("p", { text: "Nothing was changed. Close govmat, then check the file, or start govmat with GOVMAT_DB set to another file." }),
  );
}

// A damaged database: what happened in plain words, and the copies govmat kept, newest first,
// each restorable with one button. The damaged file is kept aside, never deleted.
function renderDamaged(root, info) {
  const when = (secs) => new Date(secs * 1000).toLocaleString("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
  const usable = info.recovery.filter((c) => !c.problem);
  root.append(
    h("h1", { text: "The board's database is damaged" }),
    h("p", { class: "lead", text: "govmat cannot read the board's file: part of it is missing or damaged. This can happen when a disk fills up, or a laptop loses power or a USB stick is pulled out while saving." }),
    h("p", { text: `File: ${info.db}` }),
    h("p", { text: "Nothing has been changed or deleted. Restoring a copy below puts the damaged file aside (it is kept, with \u201cdamaged\u201d in its name) and opens the board from the copy. Anything entered after the copy was made will need entering again." }),
  );
  if (!usable.length) {
    root.append(
      h("p", { class: "error-text", role: "alert", text: "govmat kept no copy of this database that it can restore." }),
      h("p", { text: "If you have a backup of your own, restore it from the command line: govmat restore FILE. Otherwise keep the damaged file, and ask whoever supports your laptop to look at it." }),
    );
    return;
  }
  const list = h("ol", { class: "recovery-copies", "aria-label": "Copies govmat kept, newest first" });
  for (const [i, c] of info.recovery.entries()) {
    const kind = c.kind === "snapshot" ? "Copy taken before a delete or restore" : "Copy taken before govmat was upgraded";
    const item = h("li", { class: "card" },
      h("p", {}, h("strong", { text: when(c.written) }), ` \u2014 ${kind}${i === 0 && !c.problem ? " (the newest)" : ""}`));
    if (c.problem) {
      item.append(h("p", { class: "hint", text: `This copy cannot be used: ${c.problem}` }));
    } else {
      const button = h("button", { class: "button", type: "button", text: "Restore this copy" });
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          const aside = await api.recoverDatabase(c.name);
          sessionStorage.setItem("govmat-recovered", `Restored from the copy of ${when(c.written)}. The damaged file is kept as ${aside}.`);
          location.reload();
        } catch (e) {
          button.disabled = false;
          root.append(h("p", { class: "error-text", role: "alert", text: e.message }));
        }
      });
      item.append(button);
    }
    list.append(item);
  }
  root.append(h("h2", { text: "Copies govmat kept, newest first" }), list);
}

function renderWelcome(root, ctx) {
  root.append(
    h("p", { class: "lead", text: "govmat helps a board agree how ready its governance is for working with partners: members answer privately, the board reveals and discusses the spread, agrees a score and a target, and sets actions." }),
    h(
      "div",
      { class: "cards" },
      h(
        "section",
        { class: "card", "aria-labelledby": "demo-title" },
        h("h2", { id: "demo-title", text: "Look around first" }),
        h("p", { text: "Open a demo board: a fictional trust with three rounds over two years, already answered and agreed. It is clearly marked as a demo and you can delete it at any time." }),
        h("button", { class: "button", id: "open-demo", text: "Open the demo board", on: { click: () => openDemo(ctx) } }),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "own-title" },
        h("h2", { id: "own-title", text: "Set up your own board" }),
        organisationForm(ctx),
      ),
    ),
  );
}

async function openDemo(ctx) {
  try {
    notice("Building the demo board…");
    await api.createDemo();
    const orgs = await api.organisations();
    const demo = orgs.find((o) => o.is_demo);
    const latest = demo && demo.rounds[demo.rounds.length - 1];
    await ctx.selectRound(latest ? latest.id : null);
    notice("The demo board is open. Its results are ready to explore.");
    ctx.go(latest ? "results" : "start");
  } catch (e) {
    ctx.fail(e);
  }
}

function organisationForm(ctx) {
  const name = h("input", { type: "text", id: "org-name", required: true, autocomplete: "organization", maxlength: 200 });
  const form = h(
    "form",
    { class: "stack" },
    field("Organisation name", name, "For example: Riverside Community Health NHS Trust"),
    h("button", { class: "button", type: "submit", text: "Add organisation" }),
  );
  speakingForm(form, async () => {
    await api.createOrganisation(name.value.trim());
    notice(`Added ${name.value.trim()}.`);
    ctx.refresh();
  }, { where: (err) => (["conflict", "invalid_input"].includes(err.code) ? name : null), fail: ctx.fail });
  return form;
}

function newOrganisationPanel(ctx, hasDemo) {
  return h(
    "section",
    { class: "card", "aria-labelledby": "add-org-title" },
    h("h2", { id: "add-org-title", text: "Add another organisation" }),
    organisationForm(ctx),
    hasDemo ? null : h("p", {}, h("button", { class: "button secondary", id: "open-demo", text: "Open the demo board", on: { click: () => openDemo(ctx) } })),
  );
}

function orgPanel(org, maturity, ctx, titles) {
  const titleId = `org-${org.id}`;
  const heading = h("h2", { id: titleId }, h("span", { text: org.name }), org.is_demo ? h("span", { class: "tag demo", text: "Demo — fictional" }) : null);
  const panel = h("section", { class: "card org", "aria-labelledby": titleId }, heading);
  if (org.rounds.length === 0) panel.append(h("p", { text: "No rounds yet. Start one below." }));
  else panel.append(roundsTable(org, ctx, titles));
  panel.append(newRoundForm(org, maturity, ctx));
  const label = org.is_demo ? "Delete the demo board" : "Delete this organisation";
  panel.append(
    // Deleting the whole organisation is rare and far-reaching: a quiet link at the foot of the
    // panel, never a button as large as starting a round (issue 29 §4).
    h("p", { class: "danger-zone" }, h("button", {
      class: "link-button danger-link",
      type: "button",
      id: `delete-org-${org.id}`,
      text: label,
      on: {
        click: async () => {
          const sure = await confirmDialog(label, `This removes ${org.name} and all its rounds, answers and actions. You can undo it until you close govmat.`, "Delete");
          if (!sure) return;
          try {
            await api.deleteOrganisation(org.id);
            if (ctx.state.organisation && ctx.state.organisation.id === org.id) await ctx.selectRound(null);
            notice(`Deleted ${org.name}. Undo is at the top of this screen.`);
            ctx.refresh();
          } catch (e) {
            ctx.fail(e);
          }
        },
      },
    })),
  );
  return panel;
}

function roundsTable(org, ctx, titles) {
  const body = h("tbody");
  for (const round of [...org.rounds].reverse()) {
    const chosen = ctx.state.roundId === round.id;
    body.append(
      h(
        "tr",
        { class: chosen ? "chosen" : null },
        h("th", { scope: "row", text: round.name }),
        h("td", { text: round.date }),
        h("td", { text: `${titles.get(round.instrument_id) ?? round.instrument_id}, version ${round.instrument_version}` }),
        h("td", {}, h("span", { class: `tag ${round.status}`, text: round.status === "open" ? "Open" : "Closed" })),
        h(
          "td",
          { class: "buttons" },
          h("button", {
            class: "button small",
            text: round.status === "open" ? "Collect answers" : "Results",
            "aria-label": `${round.status === "open" ? "Collect answers for" : "Results of"} ${round.name}`,
            on: { click: () => choose(ctx, round, round.status === "open" ? "collect" : "results") },
          }),
          h("button", {
            class: "button small secondary",
            text: "Reveal and agree",
            "aria-label": `Reveal and agree ${round.name}`,
            on: { click: () => choose(ctx, round, "reveal") },
          }),
          h("button", {
            class: "button small secondary danger-text",
            text: "Delete",
            "aria-label": `Delete ${round.name}`,
            on: { click: () => removeRound(ctx, round) },
          }),
        ),
      ),
    );
  }
  return h(
    "table",
    { class: "table" },
    h("caption", { class: "visually-hidden", text: `Rounds of ${org.name}` }),
    h("thead", {}, h("tr", {}, ["Round", "Date", "Questionnaire", "Status", "Work on it"].map((t) => h("th", { scope: "col", text: t })))),
    body,
  );
}

async function removeRound(ctx, round) {
  const sure = await confirmDialog(`Delete ${round.name}?`, "This removes the round with all its answers, decisions, positions and actions. You can undo it until you close govmat.", "Delete the round");
  if (!sure) return;
  try {
    await api.deleteRound(round.id);
    if (ctx.state.roundId === round.id) await ctx.selectRound(null);
    notice(`Deleted ${round.name}. Undo is at the top of this screen.`);
    ctx.refresh();
  } catch (e) {
    ctx.fail(e);
  }
}

async function choose(ctx, round, step) {
  await ctx.selectRound(round.id);
  ctx.go(step);
}

function newRoundForm(org, maturity, ctx) {
  const instrument = select(maturity.map((q) => [q.id, `${q.title} (v${q.version})`]), "collaboration-checklist");
  const name = h("input", { type: "text", required: true, maxlength: 200, value: `Away day ${(ctx.state.info?.today || "").slice(0, 4)}`.trim() });
  const date = dateInput(ctx.state.info?.today || "", { required: true });
  const form = h(
    "form",
    { class: "inline-form", "aria-label": `A new round of ${org.name}` },
    field("Questionnaire", instrument),
    field("Round name", name),
    field("Date", date, "Day, month and year, as 31/03/2026, or pick it."),
    h("button", { class: "button", type: "submit", text: "Start new round" }),
  );
  speakingForm(form, async () => {
    const round = await api.createRound({
      organisation_id: org.id,
      name: name.value.trim(),
      date: parseDate(date.value),
      questionnaire: instrument.value,
      carry_actions: true,
    });
    await ctx.selectRound(round.id);
    // A round that follows an earlier one opens on what the board promised there (issue 27).
    const review = await api.actionReview(round.id);
    const lookBack = review.actions.length > 0;
    const carried = review.actions.filter((a) => a.carried).length;
    notice(lookBack
      ? `Started ${round.name}, with ${carried === 1 ? "1 action" : `${carried} actions`} carried from ${review.from_round}. First, look back at the actions agreed there.`
      : `Started ${round.name}.`);
    ctx.go(lookBack ? "review" : "collect");
  }, {
    // A clash is about the name; a refused date is about the date.
    where: (err) => (err.code === "conflict" ? name : err.code === "invalid_input" && /date/i.test(err.message) ? date : err.code === "invalid_input" ? name : null),
    fail: ctx.fail,
  });
  // Starting a round is what the panel is for: its summary is a full button, as prominent as
  // the rounds' own, never a small link (issue 29 §4).
  return h("details", { class: "new-round" }, h("summary", { class: "button", text: "Start a new round" }), form);
}
