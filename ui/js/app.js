// The shell of the page: which round is in hand, the step navigation, large type, and handing
// each screen its part of the page. Screens live in views/ and only use api.js and dom.js.
//
// Only the start screen is imported up front; every other step's module is imported the first time
// it is opened, so the page starts on a handful of modules rather than all of them.

import * as api from "./api.js";
import { clear, clearNotice, confirmDialog, h, notice, releaseCharts } from "./dom.js";
import * as start from "./views/start.js";

// When this module starts running, every module it imports has been fetched and run.
const modulesLoaded = performance.now();

// Each step's screen module. Only the start screen comes with the page; the others are fetched
// the first time they are opened, so a start fetches and runs the modules of the screen it shows
// rather than all seventeen (start time, issue 14).
const STEPS = [
  ["start", "Start", async () => start],
  // Did we do what we said: last round's actions, before anyone votes (issue 27).
  ["review", "Look back", () => import("./views/review.js")],
  ["collect", "Collect privately", () => import("./views/collect.js")],
  ["reveal", "Reveal and agree", () => import("./views/reveal.js")],
  ["spectrum", "Spectrum", () => import("./views/spectrum.js")],
  ["results", "Results", () => import("./views/results.js")],
  ["actions", "Actions", () => import("./views/actions.js")],
  ["report", "Report", () => import("./views/report.js")],
  // Not a step of the away-day: the collaborative works without a round in hand.
  ["collaborative", "Collaborative", () => import("./views/collaborative.js")],
  // The consultant's benchmark library (issue 26): no round in hand needed either.
  ["benchmarks", "Benchmarks", () => import("./views/benchmarks.js")],
];
// The screens that work without a round in hand.
const ROUNDLESS = new Set(["start", "collaborative", "benchmarks"]);
// The screen modules opened so far, by step.
const opened = new Map();

const state = {
  info: null,
  // The round in hand is remembered per database file, so the app reopens where the facilitator
  // left it (a page reload, or quitting and starting again); set once appInfo says which file.
  roundId: null,
  round: null,
  organisation: null,
  // "Pass the laptop": while a round is collecting (a state kept in the database, not here), only
  // the collect screen is shown. The page only reflects it: the Rust side refuses every other
  // screen's data with "locked" until the facilitator ends collection with the PIN.
  private: false,
  collecting: null,
};

const ctx = {
  state,
  go(step) {
    keepNotice = true;
    if (location.hash === `#/${step}`) render();
    else location.hash = `#/${step}`;
  },
  async selectRound(roundId) {
    state.roundId = roundId;
    remember(roundId);
    await loadRound();
  },
  /** Asks the Rust side whether a round is collecting, and shows the app accordingly. */
  async syncCollection() {
    try {
      state.collecting = await api.collectingRound();
    } catch (e) {
      notice(e.message || String(e), "error");
    }
    const on = Boolean(state.collecting);
    if (on) {
      state.roundId = state.collecting.round_id;
      remember(state.roundId);
    }
    const changed = on !== state.private;
    state.private = on;
    document.body.classList.toggle("private", on);
    if (!on && (changed || !state.round)) await loadRound();
    renderChrome();
  },
  // Redrawing the same screen keeps the message just given ("Deleted …", "Undone …").
  refresh: () => {
    keepNotice = true;
    return render();
  },
  fail: (e) => {
    notice(e.message || String(e), "error");
    // Collection was started elsewhere (another window or the CLI): show only the ballot.
    if (e && e.code === "locked" && !state.private) ctx.syncCollection().then(() => render());
  },
};

const roundKey = () => `govmat.round:${state.info ? state.info.db : ""}`;
const stepKey = () => `govmat.step:${state.info ? state.info.db : ""}`;

function remember(roundId) {
  if (roundId) localStorage.setItem(roundKey(), String(roundId));
  else localStorage.removeItem(roundKey());
}

async function loadRound() {
  state.round = null;
  state.organisation = null;
  if (!state.roundId || state.private) return renderChrome();
  try {
    for (const org of await api.organisations()) {
      const round = org.rounds.find((r) => r.id === state.roundId);
      if (round) {
        state.round = round;
        state.organisation = org;
      }
    }
  } catch (e) {
    ctx.fail(e);
  }
  if (!state.round) {
    state.roundId = null;
    remember(null);
  }
  renderChrome();
}

function currentStep() {
  if (state.private) return STEPS.find(([id]) => id === "collect");
  const name = location.hash.replace(/^#\//, "");
  const found = STEPS.find(([id]) => id === name);
  return found && (ROUNDLESS.has(found[0]) || state.round) ? found : STEPS[0];
}

function renderChrome() {
  const [current] = currentStep();
  const list = h("ol");
  STEPS.forEach(([id, label], i) => {
    const enabled = ROUNDLESS.has(id) || state.round;
    const link = enabled
      ? h("a", { href: `#/${id}`, "aria-current": id === current ? "page" : null }, h("span", { class: "step-no", text: `${i + 1}` }), label)
      : h("span", { class: "disabled", "aria-disabled": "true" }, h("span", { class: "step-no", text: `${i + 1}` }), label);
    list.append(h("li", {}, link));
  });
  clear(document.getElementById("steps"), state.private ? null : list);
  const context = document.getElementById("context");
  if (state.private) clear(context, `Answering privately · ${state.collecting.org} · ${state.collecting.round}`);
  else if (state.round) {
    clear(
      context,
      h("span", { class: "org", text: state.organisation.name }),
      h("span", { class: "sep", "aria-hidden": "true", text: " · " }),
      h("span", { text: `${state.round.name} (${state.round.date})` }),
    );
  } else clear(context, "No round chosen yet");
}

let renderCount = 0;
// A notice given just before moving to another screen ("Started the round") survives that move.
let keepNotice = false;

async function render() {
  const mine = ++renderCount;
  opened.get("reveal")?.leave(); // presentation mode belongs to the reveal screen only
  renderChrome();
  const [id, label, load] = currentStep();
  if (!state.private) localStorage.setItem(stepKey(), id);
  const main = document.getElementById("main");
  document.title = `${label} — govmat`;
  if (!keepNotice) clearNotice();
  keepNotice = false;
  clear(main, h("p", { class: "hint", text: "Loading…" }));
  releaseCharts(); // the last screen's chart pictures are gone from the page
  main.setAttribute("aria-busy", "true");
  try {
    const view = await load();
    opened.set(id, view);
    if (mine !== renderCount) return;
    const section = h("div", { class: `view view-${id}` });
    await view.render(section, ctx);
    if (mine !== renderCount) return; // a newer screen was asked for meanwhile
    clear(main, section);
  } catch (e) {
    if (mine !== renderCount) return;
    clear(main, h("h1", { text: label }), h("p", { class: "error-text", role: "alert", text: e.message || String(e) }));
  } finally {
    main.removeAttribute("aria-busy");
  }
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
}

function setupLargeType() {
  const button = document.getElementById("large-type");
  const apply = (on) => {
    document.documentElement.classList.toggle("large", on);
    button.setAttribute("aria-pressed", String(on));
    localStorage.setItem("largeType", on ? "1" : "0");
  };
  apply(localStorage.getItem("largeType") === "1");
  button.addEventListener("click", () => {
    apply(!document.documentElement.classList.contains("large"));
    // Charts are drawn in Rust at the text size asked for: screens with charts draw them again.
    if (!state.private && /^#\/(results|spectrum)\b/.test(location.hash)) ctx.refresh();
  });
}

async function boot() {
  setupLargeType();
  try {
    state.info = await api.appInfo();
  } catch (e) {
    ctx.fail(e);
  }
  if (state.info && state.info.bench === "results") return benchmark();
  state.roundId = Number(localStorage.getItem(roundKey())) || null;
  const lastStep = localStorage.getItem(stepKey());
  if (!location.hash && lastStep && STEPS.some(([id]) => id === lastStep)) history.replaceState(null, "", `#/${lastStep}`);
  await ctx.syncCollection();
  if (!state.private) await loadRound();
  if (state.private) history.replaceState(null, "", "#/collect");
  // A file dropped anywhere but a drop zone does nothing (the browser would otherwise open it in
  // place of the app; Rust refuses that navigation too).
  for (const type of ["dragover", "drop"]) window.addEventListener(type, (e) => e.preventDefault());
  window.addEventListener("hashchange", async (e) => {
    // While members answer privately, any way of changing the page (a link, the back button)
    // is put straight back.
    if (state.private) return history.replaceState(null, "", "#/collect");
    // A form with typed, unsaved text (an action) is not thrown away without asking.
    if (document.querySelector("form[data-unsaved]")) {
      const leave = await confirmDialog("Leave without saving?", "What you typed on this screen has not been saved yet.", "Leave without saving", false);
      if (!leave) return history.replaceState(null, "", new URL(e.oldURL).hash);
    }
    render();
  });
  await render();
  // GOVMAT_BENCH=start: the normal start, timed to the screen it opens on.
  if (state.info && state.info.bench === "start") reportDrawn([["modules", modulesLoaded], ["start", performance.now()]]);
}

// GOVMAT_BENCH: straight to the latest round's results, then say when they are on screen.
async function benchmark() {
  const t = [["modules", modulesLoaded], ["boot", performance.now()]];
  const orgs = await api.organisations();
  const rounds = orgs.length ? orgs[0].rounds : [];
  state.roundId = rounds.length ? rounds[rounds.length - 1].id : null;
  await loadRound();
  t.push(["round", performance.now()]);
  history.replaceState(null, "", "#/results");
  await render();
  t.push(["data", performance.now()]);
  await ctx.drawn;
  t.push(["charts", performance.now()]);
  reportDrawn(t);
}

// Two frames after the last step, the screen is painted: tell the benchmark, with the phases.
function reportDrawn(t) {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    t.push(["painted", performance.now()]);
    api.benchDrawn(t.map(([k, v]) => `${k}=${Math.round(v)}`).join(" "));
  }));
}

boot();
