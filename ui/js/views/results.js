// Results: the dashboard of one round (radar of areas, item bars, the disagreement heatmap, the
// gaps to target), the trend across the organisation's rounds, and a comparison of two rounds.
// Charts are drawn on the Rust side; every chart has a table or list beside it with the numbers.
//
// The screen asks only for what it draws: a lean dashboard view (no answers, no statistics it
// does not write out), the charts on the first screen at once, and each chart below it (and the
// trend, with its table) when it is scrolled near or, once the first screen is painted, one after
// another, so a ten-year history's heatmap and trend never hold up the first screen.
//
// The "Compared with N boards" panel (`benchmarkSection`, from the benchmark library) is asked for
// when it comes near the screen, like the charts.

import * as api from "../api.js";
import { chartImage, clear, h, num, plural, select } from "../dom.js";

// How near the screen a part below it is asked for: half a screen ahead of the scroll.
const NEAR = "0px 0px 50% 0px";

// This screen's charts and trend: {el, draw, started}, in page order. `started` is the drawing's
// promise (it settles, never rejects) once the part has been asked for.
let parts = [];
let near = null;

export async function render(root, ctx) {
  near?.disconnect();
  const mine = [];
  parts = mine;
  near = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) start(mine.find((p) => p.el === e.target));
  }, { rootMargin: NEAR });
  const roundId = ctx.state.roundId;
  // The first screen's chart is asked for along with the data, before the page is laid out.
  const radar = chartFigure(roundId, "radar", "The board's level by area: the shape of its readiness", null, "", true);
  const view = await api.dashboardView(roundId);
  root.append(
    h("h1", { text: "Results" }),
    h("p", { class: "lead", id: "results-lead" },
      `${plural(view.respondents, "member", "members")} answered. The board's overall level is `,
      h("strong", { text: num(view.level) }),
      ` on a scale of ${view.scale[0]} to ${view.scale[1]}${view.items_in_level < view.items_total ? ` (over ${view.items_in_level} of ${view.items_total} items: an item with no agreed score that fewer than ${view.min_group} members scored has no figure)` : ""}. ${levelBasis(view.items_agreed, view.items_in_level)}`),
  );
  if (view.respondents > 0 && view.respondents < view.min_group) {
    root.append(h("p", { class: "notice", text: `Fewer than ${view.min_group} members answered, so only counts are shown: any figure would let each of them work out the others' answers.` }));
  }
  const dashboard = h("div", { class: "dashboard" },
    radar,
    h("div", { class: "dashboard-side" }, areaTable(view.areas), gapList(view.gaps)),
    chartFigure(roundId, "bars", "Every item: mean or agreed score, with target", null, "wide"),
    chartFigure(roundId, "heatmap", "Where members disagree: votes by item and level", null, "wide"));
  root.append(h("section", { "aria-labelledby": "dash-title" }, h("h2", { id: "dash-title", text: "This round" }), dashboard));
  root.append(trendSection(ctx, view), benchmarkSection(view), compareSection(ctx, view));
  const drawn = firstScreen(root, mine);
  ctx.drawn = drawn;
  drawn.then(() => painted()).then(() => drawRest(mine));
}

/** Asks for a part once, whatever asks first: the scroll, the first screen or the rest. */
function start(part) {
  if (!part) return undefined;
  if (!part.started) {
    near?.unobserve(part.el);
    part.started = part.draw();
  }
  return part.started;
}

/** A part of the screen drawn at once (`now`) or when it comes near the screen. */
function deferred(el, draw, now = false) {
  const part = { el, draw, started: null };
  parts.push(part);
  if (now) start(part);
  else near.observe(el);
}

/**
 * Settles once every part that begins on the first screen is drawn. The page is put in place
 * only after `render` returns, so this first waits for it to be in the document.
 */
async function firstScreen(root, mine) {
  while (!root.isConnected) {
    await new Promise((r) => requestAnimationFrame(r));
    if (mine !== parts) return; // another screen replaced this one
  }
  const top = mine.filter((p) => p.started || p.el.getBoundingClientRect().top < window.innerHeight);
  await Promise.all(top.map(start));
}

/** Two frames: the first screen is on the glass. */
const painted = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r))));

/**
 * The parts below the first screen, one after another in page order, so they are there when the
 * board scrolls down; a part added meanwhile (the trend's chart) joins the end of the queue.
 */
async function drawRest(mine) {
  for (let i = 0; i < mine.length && mine === parts; i += 1) await start(mine[i]);
}

function chartFigure(roundId, kind, caption, compareWith = null, extraClass = "", now = false) {
  // A wide chart scrolls sideways: it takes the focus so the arrow keys can scroll it (WCAG 2.1.1).
  const wide = extraClass.includes("wide");
  const figure = h("figure", {
    class: `chart-figure ${extraClass}`,
    "data-chart": kind,
    tabindex: wide ? "0" : null,
    role: wide ? "group" : null,
    "aria-label": wide ? `${caption} (scrolls sideways with the arrow keys)` : null,
  }, h("figcaption", { text: caption }));
  const slot = h("div", { class: "chart-slot" }, h("p", { class: "hint", text: "Drawing…" }));
  figure.append(slot);
  const draw = () => api.chartSvg(roundId, kind, compareWith)
    .then((svg) => chartImage(svg, caption))
    .then((img) => clear(slot, img))
    .catch((e) => clear(slot, h("p", { class: "hint", text: `This chart is not available: ${e.message}` })));
  deferred(figure, draw, now);
  return figure;
}

/** What the level is made of, as the report says it (`level_basis` in the report's sections). */
function levelBasis(agreed, inLevel) {
  if (agreed === 0) return "No score has been agreed yet, so each item counts at the members' mean.";
  if (agreed >= inLevel) return `Each of its ${plural(inLevel, "item", "items")} counts at the score the board agreed.`;
  return `It takes the score the board agreed on ${plural(agreed, "item", "items")} and the members' mean on the other ${inLevel - agreed}.`;
}

function areaTable(areas) {
  const body = h("tbody");
  for (const a of areas) {
    body.append(h("tr", {}, h("th", { scope: "row", text: a.title }), h("td", { text: a.items_in_level < a.items ? `${num(a.level)} (over ${a.items_in_level} of ${a.items})` : num(a.level) }), h("td", { text: `${a.agreed} of ${a.items}` })));
  }
  return h("table", { class: "table", id: "area-levels" },
    h("caption", { text: "The board's level by area: agreed scores where agreed, else members' means" }),
    h("thead", {}, h("tr", {}, ["Area", "Level", "Items agreed"].map((t) => h("th", { scope: "col", text: t })))),
    body);
}

// `gaps` come largest first from the Rust side, only items with a target.
function gapList(gaps) {
  const section = h("section", { class: "gaps", "aria-labelledby": "gap-title" }, h("h3", { id: "gap-title", text: "Gaps to target, largest first" }));
  if (!gaps.length) {
    section.append(h("p", { class: "hint", text: "No targets set yet. Set targets while agreeing items." }));
    return section;
  }
  const body = h("tbody");
  for (const i of gaps) {
    const position = i.agreed !== null ? `${i.agreed} (agreed)` : `${num(i.mean)} (mean)`;
    body.append(h("tr", {}, h("th", { scope: "row", text: i.title }), h("td", { text: position }), h("td", { text: String(i.target) }), h("td", { text: num(i.gap) })));
  }
  section.append(h("table", { class: "table" },
    h("thead", {}, h("tr", {}, ["Item", "Now", "Target", "Gap"].map((t) => h("th", { scope: "col", text: t })))),
    body));
  return section;
}

// The trend (scoring every earlier round the first time) is asked for only when its section
// comes near; its table is the chart's numbers, so both arrive together.
function trendSection(ctx, view) {
  const section = h("section", { "aria-labelledby": "trend-title" }, h("h2", { id: "trend-title", text: "Over time" }));
  const slot = h("div", {}, h("p", { class: "hint", text: "Loading the trend…" }));
  section.append(slot);
  deferred(section, async () => {
    let trend;
    let follow;
    try {
      // Beside the scores, how each round followed through on the actions it inherited (issue 27).
      [trend, follow] = await Promise.all([api.trend(view.organisation_id, view.questionnaire), api.followThroughTrend(view.organisation_id, view.questionnaire)]);
    } catch (e) {
      return clear(slot, h("p", { class: "error-text", text: e.message }));
    }
    if (!section.isConnected) return; // another screen replaced this one
    if (trend.points.length < 2) {
      return clear(slot, h("p", { class: "hint", text: "A trend appears once the organisation has two or more rounds of this questionnaire." }));
    }
    const body = h("tbody");
    for (const p of trend.points) {
      const f = follow.find((x) => x.round === p.round)?.follow_through;
      const rate = f && f.rate !== null ? `${Math.round(f.rate * 100)}% (${f.done} of ${f.total - f.dropped})` : "—";
      body.append(h("tr", {}, h("th", { scope: "row", text: `${p.round} (${p.date})` }), h("td", { text: num(p.overall) }), p.areas.map((m) => h("td", { text: num(m) })), h("td", { text: rate })));
    }
    clear(slot,
      chartFigure(ctx.state.roundId, "trend", "The board's level by area across rounds"),
      h("table", { class: "table wide" },
        h("caption", { text: "The board's overall and area levels by round (agreed scores where agreed, else members' means), and how each round followed through on the actions before it" }),
        h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Round" }), h("th", { scope: "col", text: "Overall" }), trend.areas.map(([, title]) => h("th", { scope: "col", text: title })), h("th", { scope: "col", text: "Actions followed through" }))),
        body));
  });
  return section;
}

// The board among other boards' latest results in the benchmark library (issue 26): box plots
// per area drawn in Rust, and their numbers. No other board is named, only counted; with too few
// boards, one sentence says how many more are needed.
function benchmarkSection(view) {
  const title = h("h2", { id: "bench-title", text: "Compared with other boards" });
  const section = h("section", { id: "benchmark", "aria-labelledby": "bench-title" }, title);
  const slot = h("div", {}, h("p", { class: "hint", text: "Loading the comparison…" }));
  section.append(slot);
  deferred(section, async () => {
    let b;
    try {
      b = await api.benchmarkView(view.round_id);
    } catch (e) {
      return clear(slot, h("p", { class: "error-text", text: e.message }));
    }
    if (!section.isConnected) return; // another screen replaced this one
    if (!b.overall) {
      const held = b.boards === 0 ? "none" : `${b.boards} (${b.needed} more needed)`;
      return clear(slot, h("p", { id: "bench-too-few", text: `This board is not compared with others: a comparison needs the results of at least ${b.minimum} other boards on this questionnaire, and the benchmark library holds ${held}.` }));
    }
    title.textContent = `Compared with ${plural(b.boards, "board", "boards")}`;
    const caption = "Each area: the other boards' lowest to highest (whisker), middle half (box) and median (line), and this board (diamond)";
    const chart = h("div", { class: "chart-slot" }, h("p", { class: "hint", text: "Drawing…" }));
    const n = (x) => num(x, 1);
    const row = (name, p) => h("tr", {}, h("th", { scope: "row", text: name }),
      [p.board, p.boards, p.min, p.q1, p.median, p.q3, p.max].map((x, i) => h("td", { text: i === 1 ? String(x) : n(x) })),
      h("td", { text: num(p.percentile, 0) }));
    const head = (first) => h("thead", {}, h("tr", {}, [first, "This board", "Boards", "Lowest", "Q1", "Median", "Q3", "Highest", "Percentile"].map((t) => h("th", { scope: "col", text: t }))));
    clear(slot,
      h("p", { text: `Compared with the latest results of ${plural(b.boards, "other board", "other boards")} that used this questionnaire in a comparable version. None is named, and a figure needs at least ${b.minimum} boards. Every figure here is a members' mean, the one figure every board's results carry, so this board's may differ from its level above. The percentile is the share of those boards below this board (a tie counts half).` }),
      h("figure", { class: "chart-figure", "data-chart": "benchmark" }, h("figcaption", { text: caption }), chart),
      h("table", { class: "table", id: "bench-areas" }, h("caption", { text: "Overall and by area: this board and the other boards' spread" }), head("Area"),
        h("tbody", {}, row("Overall", b.overall), b.areas.map((a) => row(a.title, a)))),
      b.items.length
        ? h("details", {}, h("summary", { text: `Items most boards show (${b.items.length})` }),
          h("table", { class: "table", id: "bench-items" }, h("caption", { text: `Items that at least ${b.minimum} other boards scored with enough members to show a figure: their members' mean` }), head("Item"),
            h("tbody", {}, b.items.map((i) => row(i.title, i)))))
        : null);
    try {
      const svg = await api.benchmarkChart(view.round_id);
      clear(chart, svg ? await chartImage(svg, caption) : h("p", { class: "hint", text: "There are too few boards to draw." }));
    } catch (e) {
      clear(chart, h("p", { class: "hint", text: `This chart is not available: ${e.message}` }));
    }
  });
  return section;
}

function compareSection(ctx, view) {
  const others = (ctx.state.organisation?.rounds || []).filter((r) => r.id !== view.round_id);
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
    const [before, after] = chosen.date <= view.date ? [chosen.id, view.round_id] : [view.round_id, chosen.id];
    try {
      clear(out, comparisonTable(await api.compare(before, after)), chartFigure(view.round_id, "radar", "The board's level by area in both rounds", chosen.id, "", true));
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
    const basis = d.before === null && d.after === null ? "" : d.agreed ? " (agreed)" : " (members' mean)";
    items.append(h("tr", {}, h("th", { scope: "row", text: `${d.title}${basis}` }), h("td", { text: num(d.before) }), h("td", { text: num(d.after) }), h("td", { text: change(d) })));
  }
  const head = (first) => h("thead", {}, h("tr", {}, [first, "Earlier", "Later", "Change"].map((t) => h("th", { scope: "col", text: t }))));
  return h("div", { class: "comparison" },
    h("table", { class: "table" }, h("caption", { text: "The board's level, overall and by area: earlier round, later round and the change" }), head("Area"), body),
    h("table", { class: "table" }, h("caption", { text: "Each item, largest change first: agreed score with agreed score where both rounds agreed one, else members' mean with members' mean" }), head("Item"), items));
}
