// Look back: the facilitator's first screen of the day when a round follows an earlier one. The
// board sees what it promised last time and what became of it — "2 of 4 done" — before anyone
// votes. Each action's status is a group of radio buttons (Tab to it, arrows to choose: a few
// keys each), its note and evidence link are saved when the field is left. The counts come from
// the Rust side after every save, so the screen never does its own arithmetic.
//
// start.js opens this step after creating a round whose previous round has actions.

import * as api from "../api.js";
import { field, h, notice, ukDate } from "../dom.js";

const STATUSES = [
  ["done", "Done"],
  ["in-progress", "In progress"],
  ["open", "Still open"],
  ["dropped", "Dropped"],
];

export async function render(root, ctx) {
  const review = await api.actionReview(ctx.state.roundId);
  root.append(h("h1", { text: "Did we do what we said?" }));
  if (!review.from_round) {
    root.append(
      h("p", { class: "lead", text: "This is the first round of this questionnaire for the organisation: there are no earlier actions to look back on." }),
      continueButton(ctx),
    );
    return;
  }
  const headline = h("p", { class: "follow-headline", id: "follow-through", "aria-live": "polite" });
  const counts = h("p", { class: "hint", id: "follow-counts" });
  const show = (r) => {
    headline.textContent = r.headline;
    counts.textContent = countsText(r.follow_through);
  };
  show(review);
  root.append(
    h("p", { class: "lead", text: `The actions the board agreed at ${review.from_round} (${ukDate(review.from_date)}), as they stand now. Set each one's status before anyone votes.` }),
    headline,
    counts,
  );
  if (!review.actions.length) {
    root.append(h("p", { class: "hint", text: `No actions were recorded at ${review.from_round}.` }), continueButton(ctx));
    return;
  }
  const refresh = async () => show(await api.actionReview(ctx.state.roundId));
  const list = h("ol", { class: "review-list", id: "review" });
  review.actions.forEach((a, i) => list.append(actionCard(a, i, ctx, refresh)));
  root.append(list, continueButton(ctx));
}

function countsText(f) {
  const parts = [`${f.done} done`, `${f.in_progress} in progress`, `${f.open} still open`, `${f.dropped} dropped`];
  const rate = f.rate === null ? "no rate (nothing left once dropped actions are set aside)" : `${Math.round(f.rate * 100)}% followed through`;
  return `${parts.join(" · ")} — ${rate}.`;
}

function continueButton(ctx) {
  return h("p", {}, h("button", { class: "button", type: "button", id: "review-continue", text: "Continue to collecting answers", on: { click: () => ctx.go("collect") } }));
}

function actionCard(a, index, ctx, refresh) {
  const titleId = `review-title-${a.id}`;
  const card = h("li", { class: "card review-item", "data-action": String(a.id), "aria-labelledby": titleId });
  const meta = [
    a.item_title || "Whole round",
    a.owner ? `Owner: ${a.owner}` : "No owner",
    a.due ? `Due ${ukDate(a.due)}` : "No due date",
    a.carried ? "Carried into this round" : null,
  ].filter(Boolean);
  const save = async (change, what) => {
    try {
      await api.followUpAction(ctx.state.roundId, a.id, change);
      await refresh();
      notice(`Saved ${what} of “${a.title}”.`);
    } catch (e) {
      ctx.fail(e);
    }
  };
  // The status: one radio group per action. Arrows move through it and each step fires
  // "change", so the choice is saved when the facilitator pauses or leaves the group.
  const group = h("fieldset", { class: "status-group" }, h("legend", { text: "Status" }));
  let pending = null;
  let chosen = a.status;
  const flush = () => {
    if (pending === null) return;
    clearTimeout(pending);
    pending = null;
    if (chosen !== a.status) {
      a.status = chosen;
      save({ status: chosen }, "the status");
    }
  };
  for (const [value, label] of STATUSES) {
    const id = `status-${a.id}-${value}`;
    const radio = h("input", { type: "radio", name: `status-${a.id}`, id, value, checked: a.status === value });
    radio.addEventListener("change", () => {
      chosen = value;
      clearTimeout(pending);
      pending = setTimeout(flush, 600);
    });
    radio.addEventListener("blur", () => setTimeout(() => {
      if (!group.contains(document.activeElement)) flush();
    }, 0));
    group.append(h("span", { class: "status-choice" }, radio, h("label", { for: id, text: label })));
  }
  const note = h("textarea", { name: "note", rows: 2, maxlength: 2000, value: a.note });
  const evidence = h("input", { type: "text", name: "evidence", maxlength: 2000, value: a.evidence, placeholder: "A link or a paper's reference" });
  note.addEventListener("change", () => save({ note: note.value }, "the note"));
  evidence.addEventListener("change", () => save({ evidence: evidence.value }, "the evidence"));
  card.append(
    h("h2", { id: titleId }, h("span", { class: "review-no", text: `${index + 1}. ` }), h("span", { text: a.title })),
    h("p", { class: "hint", text: meta.join(" · ") }),
    group,
    h("div", { class: "decision-grid" }, field("Note", note), field("Evidence", evidence)),
  );
  return card;
}
