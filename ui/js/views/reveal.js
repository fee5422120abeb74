// Reveal and agree, for the facilitator on the projector: every item's spread of votes, ordered by
// how much members disagree, with the split by role group where the anonymity rule allows it;
// then the board's agreed score, its reasons, any dissent and the target, recorded item by item
// and saved as each field is left (as well as by the button), so nothing typed is lost by moving
// on. The Rust side sends counts and sorted values, never who gave which, and comments without
// names in an order unrelated to who wrote them.
//
// An item whose decision changed after it was first recorded shows a "Changed" mark, from the
// round's decision history (`decisionHistory`).

import * as api from "../api.js";
import { field, h, notice, num, plural, select } from "../dom.js";

// The items on screen, so the "agreed so far" count can be recounted after each save.
let currentAgree = [];
// The decision history by item id, as the screen was opened.
let changes = new Map();
// The fewest scored answers any figure may rest on (the organisation's anonymity minimum).
let minGroup = 3;

export async function render(root, ctx) {
  const [view, history] = await Promise.all([api.revealView(ctx.state.roundId), api.decisionHistory(ctx.state.roundId)]);
  // Each item's decision history, oldest first; an item changed after it was first recorded
  // carries a small "changed" mark that opens it (issue 27).
  changes = new Map();
  for (const e of history.entries) changes.set(e.item, [...(changes.get(e.item) || []), e]);
  const agree = view.items;
  minGroup = view.min_group;
  const scale = view.instrument.scale.levels;
  const questions = new Map(view.instrument.areas.flatMap((a) => a.items.map((i) => [i.id, { area: a, item: i }])));
  currentAgree = agree;
  const agreedCount = agree.filter((a) => a.decision.agreed !== null).length;
  root.append(
    h("h1", { text: "Reveal and agree" }),
    h("p", { class: "lead", text: `${plural(view.respondents, "member has", "members have")} answered. Items where members disagree most come first: discuss those, then record what the board agrees.` }),
    h("p", { class: "hint", id: "agreed-count", text: `${agreedCount} of ${agree.length} items agreed so far.` }),
  );
  if (view.respondents === 0) {
    root.append(h("p", { text: "Nobody has answered yet. Collect answers first." }));
  } else if (view.respondents < view.min_group) {
    root.append(h("p", { class: "notice", text: `Fewer than ${view.min_group} members have answered, so only counts are shown: any figure would let each of them work out the others' answers.` }));
  }
  const onlyDisagree = h("input", { type: "checkbox", id: "only-disagree" });
  onlyDisagree.addEventListener("change", () => {
    for (const card of root.querySelectorAll(".reveal-item")) card.hidden = onlyDisagree.checked && card.dataset.disagree !== "true";
  });
  root.append(h("div", { class: "check" }, onlyDisagree, h("label", { for: "only-disagree", text: "Show only items where members disagree (votes two or more levels apart)" })));
  const list = h("div", { class: "reveal-list" });
  const cards = agree.map((a, i) => itemCard(a, i, questions.get(a.item.id), scale, ctx));
  list.append(...cards);
  if (cards.length) {
    root.append(h("p", {},
      h("button", { class: "button", type: "button", id: "present", text: "Present one item at a time", on: { click: () => presenter(root, cards, onlyDisagree).open(0) } }),
      h("span", { class: "hint", text: " On the projector: ← and → move between items, Esc returns to this list." })));
  }
  root.append(list);
}

// Presentation mode: the same item cards (so a decision saved there is the one in the list), one
// at a time, large enough to read from the back of the room, in the order above (disagreement
// first), with the agreed count always in view. The header and steps are hidden meanwhile.
let presenting = null;

function presenter(root, cards, onlyDisagree) {
  const shown = () => cards.filter((c) => !onlyDisagree.checked || c.dataset.disagree === "true");
  let at = 0;
  const where = h("p", { class: "present-where", "aria-live": "polite" });
  const agreed = h("p", { class: "present-agreed" });
  const prev = h("button", { class: "button secondary", type: "button", text: "← Previous" });
  const next = h("button", { class: "button secondary", type: "button", text: "Next →" });
  const back = h("button", { class: "button secondary", type: "button", text: "Back to the list (Esc)" });
  const bar = h("div", { class: "present-bar", role: "toolbar", "aria-label": "Presentation" }, where, agreed, h("div", { class: "present-buttons" }, prev, next, back));
  const show = (i) => {
    const list = shown();
    if (!list.length) return close();
    at = Math.max(0, Math.min(i, list.length - 1));
    for (const c of cards) c.hidden = c !== list[at];
    const card = list[at];
    const details = card.querySelector("details.decision-wrap");
    if (details) details.open = true;
    where.textContent = `Item ${at + 1} of ${list.length}`;
    agreed.textContent = agreedText();
    prev.disabled = at === 0;
    next.disabled = at === list.length - 1;
    window.scrollTo(0, 0);
    const heading = card.querySelector("h2");
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  };
  const onKey = (e) => {
    if (!root.isConnected) return close();
    if (e.defaultPrevented || document.querySelector("dialog[open]")) return;
    // Arrows keep their meaning inside a list or a text box; Esc there first leaves the field.
    const typing = e.target.closest && e.target.closest("textarea, select, input");
    if (e.key === "Escape") {
      e.preventDefault();
      if (typing) e.target.blur();
      else close();
    } else if (!typing && e.key === "ArrowRight") {
      e.preventDefault();
      show(at + 1);
    } else if (!typing && e.key === "ArrowLeft") {
      e.preventDefault();
      show(at - 1);
    }
  };
  const close = () => {
    document.removeEventListener("keydown", onKey);
    document.documentElement.classList.remove("presenting");
    bar.remove();
    presenting = null;
    const last = shown()[at];
    for (const c of cards) c.hidden = onlyDisagree.checked && c.dataset.disagree !== "true";
    if (last) {
      last.scrollIntoView({ block: "start" });
      last.querySelector("h2").focus({ preventScroll: true });
    }
  };
  prev.addEventListener("click", () => show(at - 1));
  next.addEventListener("click", () => show(at + 1));
  back.addEventListener("click", () => close());
  return {
    open(i) {
      if (presenting) presenting.close();
      presenting = { close };
      document.documentElement.classList.add("presenting");
      root.prepend(bar);
      document.addEventListener("keydown", onKey);
      show(i);
    },
  };
}

/** Leaves presentation mode, e.g. when another screen is shown. */
export function leave() {
  if (presenting) presenting.close();
}

function agreedText() {
  return `${currentAgree.filter((x) => x.decision.agreed !== null).length} of ${currentAgree.length} agreed`;
}

function itemCard(a, index, q, scale, ctx) {
  const s = a.item;
  const titleId = `reveal-${s.id}`;
  const card = h("section", { class: "card reveal-item", "aria-labelledby": titleId, "data-item": s.id, "data-disagree": String(s.disagreement) });
  card.append(
    h("p", { class: "area-name", text: `${index + 1}. ${q ? q.area.title : ""}` }),
    h("h2", { id: titleId }, h("span", { text: s.title }), s.disagreement ? h("span", { class: "tag disagree", text: "Members disagree" }) : null),
    changedMark(changes.get(s.id) || []),
    q ? h("p", { class: "question", text: q.item.question }) : null,
    h("div", { class: "reveal-body" }, distribution(s, scale), spread(s), votesList(a)),
    decisionForm(a, q && q.item.levels && q.item.levels.length ? q.item.levels : scale, ctx),
  );
  return card;
}

/** A small "changed" mark that opens the item's decision history, when it has been changed. */
function changedMark(entries) {
  if (entries.length < 2) return null;
  return h("details", { class: "changed" },
    h("summary", { class: "tag", text: `Changed (${entries.length - 1})` }),
    h("ol", { "aria-label": "Decision history, oldest first" }, entries.map((e) => h("li", { text: `${e.when}: ${e.change}` }))));
}

function distribution(s, scale) {
  if (s.withheld) {
    // Fewer scored answers than the board's minimum: no level is shown, only how many.
    return h("p", { class: "distribution withheld", text: `${s.n === 1 ? "One member" : `${s.n} members`} scored this item: fewer than ${minGroup}, so no levels or figures are shown${s.dont_know ? `; ${s.dont_know} said "don't know"` : ""}.` });
  }
  const total = Math.max(1, ...s.distribution.map(([, n]) => n));
  const rows = h("tbody");
  for (const [value, n] of s.distribution) {
    const level = scale.find((l) => l.value === value);
    const bar = h("span", { class: "bar" });
    bar.style.width = `${(n / total) * 100}%`;
    rows.append(h("tr", {},
      h("th", { scope: "row", text: `${value} ${level ? level.label : ""}` }),
      h("td", { class: "bar-cell" }, bar),
      h("td", { class: "count", text: String(n) })));
  }
  if (s.dont_know) rows.append(h("tr", {}, h("th", { scope: "row", text: "Don't know" }), h("td"), h("td", { class: "count", text: String(s.dont_know) })));
  return h("table", { class: "distribution" },
    h("caption", { text: "Votes at each level" }),
    h("thead", { class: "visually-hidden" }, h("tr", {}, h("th", { scope: "col", text: "Level" }), h("th", { scope: "col", text: "Share" }), h("th", { scope: "col", text: "Votes" }))),
    rows);
}

function spread(s) {
  const range = s.min === null ? "—" : s.min === s.max ? `all at ${s.min}` : `${s.min} to ${s.max}`;
  const groups = s.split.status === "shown" ? s.split.groups : [];
  return h("dl", { class: "spread" },
    h("dt", { text: "Scored votes" }), h("dd", { text: String(s.n) }),
    h("dt", { text: "Range" }), h("dd", { text: range }),
    h("dt", { text: "Mean" }), h("dd", { text: num(s.mean) }),
    h("dt", { text: "Median" }), h("dd", { text: num(s.median) }),
    h("dt", { text: "Spread (SD)" }), h("dd", { text: num(s.sd) }),
    groups.length ? h("dt", { class: "spread-heading", text: "Mean by role group (votes)" }) : null,
    groups.map((g) => [h("dt", { text: g.label }), h("dd", { text: `${num(g.mean)} (${g.n})` })]),
    groups.length ? null : h("dd", { class: "hint split-suppressed", text: s.split.reason || "Not shown by role." }),
  );
}

function votesList(a) {
  const list = h("ul", { class: "votes", "aria-label": "Comments" });
  for (const c of a.comments) {
    list.append(h("li", { class: "vote" },
      c.group ? h("span", { class: "vote-role", text: c.group }) : null,
      h("q", { class: "vote-comment", text: c.text })));
  }
  return h("div", { class: "votes-wrap" },
    h("h3", { text: "Scores given, lowest first" }),
    h("p", { class: "values", text: a.values.length ? a.values.join(", ") : "No scores yet." }),
    h("h3", { text: `Comments (${a.comments.length})` }),
    a.comments.length ? list : h("p", { class: "hint", text: "No comments." }));
}

function decisionForm(a, scale, ctx) {
  const d = a.decision;
  const levels = [["", "Not agreed yet"], ...scale.map((l) => [String(l.value), `${l.value} — ${l.label}`])];
  const agreed = select(levels, d.agreed ?? "", { name: "agreed" });
  const target = select(levels.map(([v, t]) => [v, v === "" ? "No target" : t]), d.target ?? "", { name: "target" });
  const rationale = h("textarea", { name: "rationale", rows: 2, maxlength: 2000, value: d.rationale });
  const dissent = h("textarea", { name: "dissent", rows: 2, maxlength: 2000, value: d.dissent });
  // What the agreed level means for this item, in the item's own words where it has them.
  const meaning = h("p", { class: "hint agreed-meaning", "aria-live": "polite" });
  const describe = () => {
    const l = scale.find((x) => String(x.value) === agreed.value);
    meaning.textContent = l ? `${l.value} — ${l.label}: ${l.descriptor}` : "";
  };
  describe();
  agreed.addEventListener("change", describe);
  const form = h("form", { class: "decision" },
    h("div", { class: "decision-grid" }, field("Agreed board score", agreed), field("Target", target)),
    meaning,
    field("Why the board agreed this", rationale),
    field("Dissent (anyone who does not agree, and why)", dissent),
    h("button", { class: "button", type: "submit", text: "Save the board's decision" }));
  const summaryText = (x) => (x.agreed === null ? "Record the board's decision" : `Agreed: ${x.agreed}${x.target !== null ? `, target ${x.target}` : ""}`);
  const summary = h("summary", { text: summaryText(d) });
  let saving = Promise.resolve();
  const save = () => {
    const asNumber = (v) => (v === "" ? null : Number(v));
    const decision = { agreed: asNumber(agreed.value), target: asNumber(target.value), rationale: rationale.value, dissent: dissent.value };
    saving = saving.then(async () => {
      try {
        await api.saveDecision(ctx.state.roundId, a.item.id, decision);
        a.decision = decision;
        summary.textContent = summaryText(decision);
        updateAgreedCount();
        notice(`Saved the decision on ${a.item.title}.`);
      } catch (err) {
        ctx.fail(err);
      }
    });
    return saving;
  };
  for (const field of [rationale, dissent]) field.addEventListener("change", save);
  // Arrowing through a closed list fires "change" at every value passed (WebKitGTK does), so a
  // list's choice is saved once the facilitator pauses on it or leaves the list, not on each step.
  let pending = null;
  const flush = () => {
    if (pending === null) return;
    clearTimeout(pending);
    pending = null;
    save();
  };
  for (const list of [agreed, target]) {
    list.addEventListener("change", () => {
      clearTimeout(pending);
      pending = setTimeout(flush, 1200);
    });
    list.addEventListener("blur", flush);
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(pending);
    pending = null;
    save();
  });
  return h("details", { class: "decision-wrap", open: d.agreed === null }, summary, form);
}

/** "N of M items agreed so far", recounted from the cards after a decision is saved. */
function updateAgreedCount() {
  const count = document.getElementById("agreed-count");
  if (count) count.textContent = `${currentAgree.filter((x) => x.decision.agreed !== null).length} of ${currentAgree.length} items agreed so far.`;
  const live = document.querySelector(".present-agreed");
  if (live) live.textContent = agreedText();
}
