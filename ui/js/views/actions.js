// Actions: the board's action plan for the round — what will be done about which item, by whom
// and by when, and how it stands. Open and in-progress actions are carried into the organisation's
// next round when it is created, marked as carried forward.

import * as api from "../api.js";
import { confirmDialog, dateInput, field, h, notice, parseDate, plural, select, speakingForm, ukDate } from "../dom.js";

const STATUSES = [
  ["open", "Open"],
  ["in-progress", "In progress"],
  ["done", "Done"],
  ["dropped", "Dropped"],
];

export async function render(root, ctx) {
  const view = await api.resultsView(ctx.state.roundId);
  const items = view.instrument.areas.flatMap((a) => a.items);
  const titleOf = (id) => (id ? items.find((i) => i.id === id)?.title ?? id : "Whole round");
  root.append(
    h("h1", { text: "Actions" }),
    h("p", { class: "lead", text: "What the board will do to close its gaps. Open and in-progress actions carry forward into the next round." }),
  );
  const body = h("tbody");
  for (const a of view.actions) body.append(actionRow(a, titleOf, items, ctx));
  root.append(
    view.actions.length
      ? h("table", { class: "table actions-table", id: "actions" },
          h("caption", { text: plural(view.actions.length, "action", "actions") }),
          h("thead", {}, h("tr", {}, ["Item", "Action", "Owner", "Due", "Status", ""].map((t) => h("th", { scope: "col", text: t })))),
          body)
      : h("p", { class: "hint", text: "No actions yet." }),
    h("section", { class: "card", "aria-labelledby": "new-action-title" }, h("h2", { id: "new-action-title", text: "Add an action" }), actionForm(null, items, ctx)),
  );
}

function actionRow(a, titleOf, items, ctx) {
  const row = h("tr", {},
    h("td", { text: titleOf(a.item_id) }),
    h("td", {}, h("span", { text: a.text }), a.carried_from ? h("span", { class: "tag", text: "Carried forward" }) : null),
    h("td", { text: a.owner || "—" }),
    h("td", { text: ukDate(a.due) || "—" }),
    h("td", {}, h("span", { class: `tag ${a.status}`, text: STATUSES.find(([v]) => v === a.status)?.[1] ?? a.status })),
    h("td", { class: "buttons" },
      h("button", { class: "button small secondary", text: "Edit", "aria-label": `Edit action: ${a.text}`, on: { click: () => edit() } }),
      h("button", {
        class: "button small secondary danger-text", text: "Delete", "aria-label": `Delete action: ${a.text}`,
        on: {
          click: async () => {
            if (!(await confirmDialog("Delete this action?", a.text, "Delete"))) return;
            try {
              await api.deleteAction(ctx.state.roundId, a.id);
              notice("Action deleted.");
              ctx.refresh();
            } catch (e) {
              ctx.fail(e);
            }
          },
        },
      })));
  const edit = () => {
    const cell = h("td", { colspan: 6 }, actionForm(a, items, ctx));
    row.replaceChildren(cell);
    cell.querySelector("textarea").focus();
  };
  return row;
}

function actionForm(existing, items, ctx) {
  // A new action is about the whole round until the facilitator picks an item: a preselected
  // item is too easily saved by mistake.
  const item = select([["", "Whole round (no single item)"], ...items.map((i) => [i.id, i.title])], existing ? existing.item_id ?? "" : "", { name: "item" });
  const text = h("textarea", { name: "text", rows: 2, required: true, maxlength: 2000, value: existing?.text ?? "" });
  const owner = h("input", { type: "text", name: "owner", maxlength: 200, value: existing?.owner ?? "" });
  const due = dateInput(existing?.due ?? "", { name: "due" });
  const status = select(STATUSES, existing?.status ?? "open", { name: "status" });
  const form = h("form", { class: "stack action-form" },
    field("Item", item),
    field("Action", text, "What will be done, in a sentence."),
    h("div", { class: "decision-grid" }, field("Owner", owner), field("Due date", due), field("Status", status)),
    h("div", { class: "buttons" },
      h("button", { class: "button", type: "submit", text: existing ? "Save changes" : "Add action" }),
      existing ? h("button", { class: "button secondary", type: "button", text: "Cancel", on: { click: () => ctx.refresh() } }) : null));
  // Typed but not yet saved: leaving the screen asks first (app.js).
  form.addEventListener("input", () => form.setAttribute("data-unsaved", ""));
  speakingForm(form, async () => {
    const action = {
      item_id: item.value || null,
      text: text.value.trim(),
      owner: owner.value.trim(),
      due: parseDate(due.value) || null,
      status: status.value,
    };
    if (existing) await api.updateAction(ctx.state.roundId, existing.id, action);
    else await api.addAction(ctx.state.roundId, action);
    form.removeAttribute("data-unsaved");
    notice(existing ? "Action saved." : `Action added: ${action.text}`);
    ctx.refresh();
  }, {
    where: (err) => (err.code !== "invalid_input" ? null : /due|date/i.test(err.message) ? due : /owner/i.test(err.message) ? owner : text),
    fail: ctx.fail,
  });
  return form;
}
