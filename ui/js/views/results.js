// Results: the dashboard of one round (radar of areas, item bars, the disagreement heatmap, the
// gaps to target), the trend across the organisation's rounds, and a comparison of two rounds.
// Charts are drawn on the Rust side; every chart has a table or list beside it with the numbers.

import * as api from "../api.js";
import { chartImage, clear, h, num, plural, select } from "../dom.js";

// Every chart being drawn, so the benchmark can tell when the whole dashboard is on screen.
let pending = [];

export async function render(root, ctx) {
  pending = [];
  const roundId = ctx.state.roundId;
  const view = await api.resultsView(roundId);
  const score = view.score;
  root.append(
    h("h1", { text: "Results" }),
    h("p", { class: "lead" },
      `${plural(view.respondents, "member", "members")} answered. Overall mean `,
      h("strong", { text: num(score.overall) }),
      ` on a scale of ${view.instrument.scale.levels[0].value} to ${view.instrument.scale.levels.at(-1).value}. Agreed scores are used where the board has agreed one.`),
  );
  const dashboard = h("div", { class: "dashboard" },
    chartFigure(roundId, "radar", "Area means: the shape of the board's readiness"),
    h("div", { class: "dashboard-side" }, areaTable(score), gapList(score)),
    chartFigure(roundId, "bars", "Every item: mean or agreed score, with target", null, "wide"),
    chartFigure(roundId, "heatmap", "Where members disagree: votes by item and level", null, "wide"));
  root.append(h("section", { "aria-labelledby": "dash-title" }, h("h2", { id: "dash-title", text: "This round" }), dashboard));
  root.append(await trendSection(ctx, view), compareSection(ctx, view));
  ctx.drawn = Promise.allSettled(pending);
}

function chartFigure(roundId, kind, caption, compareWith = null, extraClass = "") {
  const figure = h("figure", { class: `chart-figure ${extraClass}`, "data-chart": kind }, h("figcaption", { text: caption }));
  const slot = h("div", { class: "chart-slot" }, h("p", { class: "hint", text: "Drawing…" }));
  figure.append(slot);
  const drawing = api.chartSvg(roundId, kind, compareWith)
    .then((svg) => chartImage(svg, caption))
    .then((img) => clear(slot, img))
    .catch((e) => clear(slot, h("p", { class: "hint", text: `This chart is not available: ${e.message}` })));
  pending.push(drawing);
  return figure;
}

function areaTable(score) {
  const body = h("tbody");
  for (const a of score.areas) {
    const agreed = a.items.filter((i) => i.agreed !== null).length;
    body.append(h("tr", {}, h("th", { scope: "row", text: a.title }), h("td", { text: num(a.mean) }), h("td", { text: `${agreed} of ${a.items.length}` })));
  }
  return h("table", { class: "table" },
    h("caption", { text: "Area means" }),
    h("thead", {}, h("tr", {}, ["Area", "Mean", "Items agreed"].map((t) => h("th", { scope: "col", text: t })))),
    body);
}

function gapList(score) {
  const items = score.areas.flatMap((a) => a.items).filter((i) => i.gap !== null).sort((x, y) => y.gap - x.gap);
  const section = h("section", { class: "gaps", "aria-labelledby": "gap-title" }, h("h3", { id: "gap-title", text: "Gaps to target, largest first" }));
  if (!items.length) {
    section.append(h("p", { class: "hint", text: "No targets set yet. Set targets while agreeing items." }));
    return section;
  }
  const body = h("tbody");
  for (const i of items) {
    const position = i.agreed !== null ? `${i.agreed} (agreed)` : `${num(i.mean)} (mean)`;
    body.append(h("tr", {}, h("th", { scope: "row", text: i.title }), h("td", { text: position }), h("td", { text: String(i.target) }), h("td", { text: num(i.gap) })));
  }
  section.append(h("table", { class: "table" },
    h("thead", {}, h("tr", {}, ["Item", "Now", "Target", "Gap"].map((t) => h("th", { scope: "col", text: t })))),
    body));
  return section;
}

async function trendSection(ctx, view) {
  const section = h("section", { "aria-labelledby": "trend-title" }, h("h2", { id: "trend-title", text: "Over time" }));
  const trend = await api.trend(view.organisation.id, view.instrument.id);
  if (trend.points.length < 2) {
    section.append(h("p", { class: "hint", text: "A trend appears once the organisation has two or more rounds of this questionnaire." }));
    return section;
  }
  section.append(chartFigure(ctx.state.roundId, "trend", "Area means across rounds"));
  const body = h("tbody");
  for (const p of trend.points) {
    body.append(h("tr", {}, h("th", { scope: "row", text: `${p.round} (${p.date})` }), h("td", { text: num(p.overall) }), p.areas.map((m) => h("td", { text: num(m) }))));
  }
  section.append(h("table", { class: "table wide" },
    h("caption", { text: "Overall and area means by round" }),
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Round" }), h("th", { scope: "col", text: "Overall" }), trend.areas.map(([, title]) => h("th", { scope: "col", text: title })))),
    body));
  return section;
}

function compareSection(ctx, view) {
  const others = (ctx.state.organisation?.rounds || []).filter((r) => r.id !== view.round.id);
  const section = h("section", { "aria-labelledby": "compare-title" }, h("h2", { id: "compare-title", text: "Compare with another round" }));
  if (!others.length) {
    section.append(h("p", { class: "hint", text: "There is no other round of this organisation to compare with." }));
    return section;
  }
  const other = select([["", "Choose a round"], ...others.map((r) => [String(r.id), `${r.name} (${r.date})`])], "", { id: "compare-with" });
  const out = h("div", { "aria-live": "polite" });
  other.addEventListener("change", async () => {
    if (!other.value) return clear(out);
    const chosen = others.find((r) => r.id === Number(other.value));
    const [before, after] = chosen.date <= view.round.date ? [chosen.id, view.round.id] : [view.round.id, chosen.id];
    try {
      clear(out, comparisonTable(await api.compare(before, after)), chartFigure(view.round.id, "radar", "Area means of both rounds", chosen.id));
    } catch (e) {
      clear(out, h("p", { class: "error-text", text: e.message }));
    }
  });
  section.append(h("div", { class: "field" }, h("label", { for: "compare-with", text: "Compare this round with" }), other), out);
  return section;
}

function comparisonTable(c) {
  if (c.status !== "comparable") return h("p", { text: `These rounds cannot be compared: ${c.reason}` });
  const change = (d) => (d.change === null ? "—" : `${d.change > 0 ? "+" : ""}${d.change.toFixed(1)}`);
  const body = h("tbody");
  for (const d of [c.overall, ...c.areas]) {
    body.append(h("tr", {}, h("th", { scope: "row", text: d.title }), h("td", { text: num(d.before) }), h("td", { text: num(d.after) }), h("td", { text: change(d) })));
  }
  const items = h("tbody");
  // Largest movements first, in either direction; items scored in only one round last.
  const size = (d) => (d.change === null ? -1 : Math.abs(d.change));
  for (const d of [...c.items].sort((a, b) => size(b) - size(a))) {
    items.append(h("tr", {}, h("th", { scope: "row", text: d.title }), h("td", { text: num(d.before) }), h("td", { text: num(d.after) }), h("td", { text: change(d) })));
  }
  const head = (first) => h("thead", {}, h("tr", {}, [first, "Earlier", "Later", "Change"].map((t) => h("th", { scope: "col", text: t }))));
  return h("div", { class: "comparison" },
    h("table", { class: "table" }, h("caption", { text: "Overall and by area: earlier round, later round and the change" }), head("Area"), body),
    h("table", { class: "table" }, h("caption", { text: "Each item, largest change first" }), head("Item"), items));
}
