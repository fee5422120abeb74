// Start: the organisations and their rounds, a new round, and the demo board on a first run.

import * as api from "../api.js";
import { clear, confirmDialog, field, h, notice, select } from "../dom.js";

export async function render(root, ctx) {
  const info = ctx.state.info;
  if (info && info.problem) return renderProblem(root, info);
  const [orgs, instruments] = await Promise.all([api.organisations(), api.questionnaires()]);
  const maturity = instruments.filter((q) => q.kind === "maturity");
  root.append(h("h1", { text: "Start" }));
  if (orgs.length === 0) return renderWelcome(root, ctx);
  root.append(
    h("p", { class: "lead", text: "Choose a round to work on, or start a new one. A round is one sitting of the board answering a questionnaire." }),
  );
  // Rounds name their questionnaire by title (the id is for scripts), falling back to the id for
  // a questionnaire no longer installed.
  const titles = new Map(instruments.map((q) => [q.id, q.title]));
  for (const org of orgs) root.append(orgPanel(org, maturity, ctx, titles));
  root.append(newOrganisationPanel(ctx, orgs.some((o) => o.is_demo)));
}

function renderProblem(root, info) {
  root.append(
    h("h1", { text: "The board's database could not be opened" }),
    h("p", { class: "error-text", role: "alert", text: info.problem.message }),
    h("p", { text: `File: ${info.db}` }),
    h("p", { text: "Nothing was changed. Close govmat, then check the file, or start govmat with GOVMAT_DB set to another file." }),
  );
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
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await api.createOrganisation(name.value.trim());
      notice(`Added ${name.value.trim()}.`);
      ctx.refresh();
    } catch (err) {
      ctx.fail(err);
    }
  });
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
    h("p", { class: "danger-zone" }, h("button", {
      class: "button secondary danger-text",
      text: label,
      on: {
        click: async () => {
          const sure = await confirmDialog(label, `This removes ${org.name} and all its rounds, answers and actions. It cannot be undone.`, "Delete");
          if (!sure) return;
          try {
            await api.deleteOrganisation(org.id);
            if (ctx.state.organisation && ctx.state.organisation.id === org.id) await ctx.selectRound(null);
            notice(`Deleted ${org.name}.`);
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
  const sure = await confirmDialog(`Delete ${round.name}?`, "This removes the round with all its answers, decisions, positions and actions. It cannot be undone.", "Delete the round");
  if (!sure) return;
  try {
    await api.deleteRound(round.id);
    if (ctx.state.roundId === round.id) await ctx.selectRound(null);
    notice(`Deleted ${round.name}.`);
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
  const date = h("input", { type: "date", required: true, value: ctx.state.info?.today || "" });
  const form = h(
    "form",
    { class: "inline-form" },
    field("Questionnaire", instrument),
    field("Round name", name),
    field("Date", date),
    h("button", { class: "button", type: "submit", text: "Start new round" }),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const round = await api.createRound({
        organisation_id: org.id,
        name: name.value.trim(),
        date: date.value,
        questionnaire: instrument.value,
        carry_actions: true,
      });
      await ctx.selectRound(round.id);
      notice(`Started ${round.name}. Any open actions from the previous round were carried forward.`);
      ctx.go("collect");
    } catch (err) {
      ctx.fail(err);
    }
  });
  return h("details", { class: "new-round" }, h("summary", { text: "New round" }), form);
}
