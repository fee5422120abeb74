// A member answering on their own phone, tablet or laptop. It asks the facilitator's laptop for
// the form, then saves every answer the moment it is given. Unsaved answers wait in a queue kept
// in this browser's storage, are shown as "not yet saved", and are resent when the laptop answers
// again (after a network drop or an app restart: the server comes back at the same address and
// the page's cookie still holds its ballot); each carries a change number, so a late copy never
// overwrites a newer answer. A refused answer is said, never "All answers saved". Before
// collection (the room check) the page only says "You are connected" and turns into the ballot by
// itself when collection starts; the facilitator's time box counts down in the bar. Every text
// from the form goes into text nodes, never into markup.

const base = location.pathname.endsWith("/") ? location.pathname : `${location.pathname}/`;
const api = (path) => `${base}api/${path}`;
const store = window.localStorage;
const QUEUE = `govmat-queue:${base}`;
const NAME = `govmat-name:${base}`;
const main = document.getElementById("main");
const net = document.getElementById("net");
const clock = document.getElementById("clock");

let form = null;
let items = [];
let dimensions = [];
const answers = new Map();
const positions = new Map();
let queue = new Map(loadQueue());
let counter = 0;
let flushing = false;
let retryTimer = null;
let closed = false;
// Answers the laptop refused for good, by question, with its words (issue 29 §3).
const refused = new Map();
// What the laptop serves ("check" or "collecting"), whether it answered the last time it was
// asked, and when the time box ends on this device's clock (null without one).
let phase = null;
let reachable = true;
let endsAt = null;

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") el.textContent = v;
    else if (k === "class") el.className = v;
    else if (k === "on") for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === "value") el.value = v;
    else if (k === "checked" || k === "disabled" || k === "selected") el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function show(...children) {
  main.replaceChildren(...children.filter(Boolean));
  main.focus();
  window.scrollTo(0, 0);
}

async function call(method, path, body) {
  const res = await fetch(api(path), {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
    cache: "no-store",
  });
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (res.status === 410) shutDown();
  if (!res.ok) throw Object.assign(new Error(data?.message || `the laptop answered ${res.status}`), { status: res.status, code: data?.code });
  return data;
}

function loadQueue() {
  try { return Object.entries(JSON.parse(store.getItem(QUEUE) || "{}")); } catch { return []; }
}

function keepQueue() {
  try { store.setItem(QUEUE, JSON.stringify(Object.fromEntries(queue))); } catch { /* private mode: memory only */ }
}

function seq() {
  counter += 1;
  return Date.now() * 1000 + (counter % 1000);
}

function showNet(error) {
  const n = queue.size;
  const r = refused.size;
  net.classList.toggle("pending", n > 0 || r > 0 || !reachable);
  if (closed) net.textContent = "Collection closed";
  else if (r > 0) net.textContent = `${r === 1 ? "1 answer" : `${r} answers`} not saved: ${[...refused.values()].at(-1)}`;
  else if (!reachable) net.textContent = n ? `${n} not yet saved — reconnecting to the laptop…` : "Reconnecting to the laptop…";
  else if (phase !== "collecting" || !form) net.textContent = "";
  else net.textContent = n === 0 ? "All answers saved" : `${n} not yet saved${error ? " — retrying" : ""}`;
}

// Queues the newest value of one question and tries to send it; only the newest is ever kept.
function enqueue(key, path, body) {
  queue.set(key, { path, body: { ...body, seq: seq() } });
  keepQueue();
  showNet();
  flush();
}

async function flush() {
  if (flushing || closed) return;
  flushing = true;
  let failed = false;
  try {
    for (const [key, entry] of [...queue]) {
      try {
        await call("PUT", entry.path, entry.body);
        reachable = true;
        if (queue.get(key) === entry) queue.delete(key);
        if (refused.delete(key)) showProblem(key, "");
      } catch (e) {
        // The page no longer holds the ballot: the answer stays queued, and is sent once the
        // member carries on with their resume code.
        if (e.status === 403) { keepQueue(); askToResume(e.message); return; }
        if (e.status && e.status < 500 && e.status !== 429 && e.status !== 409) {
          // Refused for good (a value the form does not allow): said, and not resent forever.
          if (queue.get(key) === entry) queue.delete(key);
          refused.set(key, e.message);
          showProblem(key, e.message);
        } else {
          failed = true;
          break;
        }
      }
    }
  } finally {
    flushing = false;
    keepQueue();
    showNet(failed);
  }
  if (failed && !retryTimer) retryTimer = setTimeout(() => { retryTimer = null; flush(); }, 3000);
  else if (queue.size && !failed) flush();
}

window.addEventListener("online", () => flush());

// Says (or, once put right, clears) a refusal on the screen it belongs to: the question it was
// about, or the spectrum step for a place on it; another question's screen is left alone.
function showProblem(key, message) {
  const p = document.getElementById("problem");
  const on = p && p.dataset.for;
  if (on && (key === on || (on.endsWith(":") && key.startsWith(on)))) p.textContent = message;
}

function shutDown() {
  if (closed) return;
  closed = true;
  showNet();
  show(h("h1", { text: "Collection is closed" }),
    h("p", { text: "The facilitator has closed collection. Thank you: your saved answers are with the facilitator." }),
    queue.size ? h("p", { class: "notice", text: `${queue.size} answer(s) on this page were not saved in time.` }) : null);
}

// Asks the laptop what it serves every few seconds: during the room check this is what counts the
// phone on the projector, and turns the page into the ballot when collection starts; during
// collection it keeps the time box right and notices when the laptop is back after a drop or a
// restart, and then resends what the page holds.
async function watchLaptop() {
  try {
    const st = await call("GET", "status");
    const wasAway = !reachable;
    reachable = true;
    endsAt = st.seconds_left === null || st.seconds_left === undefined ? null : Date.now() + st.seconds_left * 1000;
    const before = phase;
    phase = st.phase;
    if (before === "check" && phase === "collecting") await loadForm();
    if (wasAway) flush();
  } catch (e) {
    if (!e.status) reachable = false;
  }
  showNet();
  showClock();
  if (!closed) setTimeout(watchLaptop, phase === "check" ? 3000 : 8000);
}

function showClock() {
  if (!clock) return;
  if (endsAt === null || closed || phase !== "collecting") { clock.textContent = ""; return; }
  const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
  clock.textContent = left > 0 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} left` : "Time is up";
}
setInterval(showClock, 1000);

// The join address, shown on every screen so a member can help a neighbour join (issue 25 §6).
function showJoin() {
  const foot = document.querySelector(".foot");
  if (!foot || document.getElementById("join-address")) return;
  foot.prepend(h("p", { id: "join-address" }, "To join on another device: ", h("strong", { text: `${location.origin}${base}` })));
}

async function boot() {
  showJoin();
  showNet();
  try {
    const st = await call("GET", "status");
    phase = st.phase;
    endsAt = st.seconds_left === null || st.seconds_left === undefined ? null : Date.now() + st.seconds_left * 1000;
  } catch (e) {
    if (!closed) show(h("h1", { text: "Cannot reach the facilitator's laptop" }), h("p", { text: e.message }),
      h("button", { text: "Try again", on: { click: boot } }));
    return;
  }
  setTimeout(watchLaptop, phase === "check" ? 3000 : 8000);
  if (phase === "check") { connected(); return; }
  await loadForm();
}

// The room check: nothing but this, until collection starts.
function connected() {
  show(h("h1", { id: "connected", text: "You are connected — keep this page open" }),
    h("p", { text: "The questions appear here by themselves when the facilitator starts." }));
}

async function loadForm() {
  try {
    form = await call("GET", "form");
  } catch (e) {
    if (!closed) show(h("h1", { text: "Cannot reach the facilitator's laptop" }), h("p", { text: e.message }),
      h("button", { text: "Try again", on: { click: loadForm } }));
    return;
  }
  items = form.instrument.areas.flatMap((area) => area.items.map((item) => ({ area, item })));
  dimensions = form.spectrum ? form.spectrum.areas.flatMap((a) => a.items) : [];
  showNet();
  // Answers this page still holds from before a reload go to the ballot its cookie holds (or,
  // if it holds none any more, wait for the resume code).
  if (queue.size) flush();
  welcome();
}

function welcome(message) {
  const name = h("input", { type: "text", id: "name", autocomplete: "off", maxlength: 100, required: true, value: store.getItem(NAME) || "" });
  // Under the board's roster the role is the roster's, so none is asked for. Without one the list
  // starts empty: nobody is counted as the chair because they did not change a preselected role.
  const fromRoster = Boolean(form.roles_from_roster);
  const role = fromRoster ? null : h("select", { id: "role", required: true },
    h("option", { value: "", text: "Choose your role", selected: true, disabled: true }),
    ...[["chair", "Chair"], ["non-executive", "Non-executive director"], ["executive", "Executive director"], ["other", "Other"]]
      .map(([v, t]) => h("option", { value: v, text: t })));
  const problem = h("p", { id: "problem", class: "error", role: "alert", text: message || "" });
  const startNow = async () => {
    if (!name.value.trim()) { problem.textContent = "Give a name or a code first."; name.focus(); return; }
    if (role && !role.value) { problem.textContent = "Choose your role first."; role.focus(); return; }
    try {
      const started = await call("POST", "start", role ? { name: name.value.trim(), role: role.value } : { name: name.value.trim() });
      // A new ballot starts empty: nothing a previous member left unsaved on this device follows.
      queue.clear();
      refused.clear();
      keepQueue();
      try { store.setItem(NAME, name.value.trim()); } catch { /* memory only */ }
      showCode(started.resume_code);
    } catch (e) { problem.textContent = e.message; }
  };
  show(
    h("p", { class: "small", text: `${form.organisation} · ${form.round}` }),
    h("h1", { text: form.instrument.title }),
    h("p", { text: "Your answers are private: the board sees them only together, when the facilitator reveals the results." }),
    h("label", { class: "field", for: "name" }, h("span", { text: fromRoster ? "Your name, as the board's roster has it" : "Your name or a code" }), name),
    role ? h("label", { class: "field", for: "role" }, h("span", { text: "Your role" }), role)
      : h("p", { class: "small", id: "role-from-roster", text: "Your role is the one on the board's roster." }),
    problem,
    h("div", { class: "buttons" },
      h("button", { id: "start", text: "Start", on: { click: startNow } }),
      h("button", { class: "secondary", id: "carry-on", text: "Carry on with a resume code", on: { click: () => askToResume() } })));
}

function askToResume(message) {
  const name = h("input", { type: "text", id: "resume-name", autocomplete: "off", maxlength: 100, value: store.getItem(NAME) || "" });
  const code = h("input", { type: "text", id: "resume-code", autocomplete: "off", autocapitalize: "characters", maxlength: 32, inputmode: "text" });
  const problem = h("p", { id: "problem", class: "error", role: "alert", text: message || "" });
  const go = async () => {
    try {
      const own = await call("POST", "resume", { name: name.value.trim(), code: code.value });
      for (const a of own.answers) answers.set(a.item_id, { answer: a.answer, comment: a.comment });
      for (const p of own.positions) positions.set(p.dimension, p.position);
      // Answers given on this page but not yet saved win over the saved ones: they are newer.
      for (const entry of queue.values()) {
        if (entry.body.item_id) answers.set(entry.body.item_id, { answer: entry.body.answer, comment: entry.body.comment });
        if (entry.body.dimension) positions.set(entry.body.dimension, { now: entry.body.now, aspiration: entry.body.aspiration });
      }
      flush();
      question(firstUnanswered());
    } catch (e) { problem.textContent = e.message; }
  };
  show(h("h1", { text: "Carry on with your resume code" }),
    h("label", { class: "field", for: "resume-name" }, h("span", { text: "The name or code you started with" }), name),
    h("label", { class: "field", for: "resume-code" }, h("span", { text: "Your resume code" }), code),
    problem,
    h("div", { class: "buttons" },
      h("button", { class: "secondary", text: "← Back", on: { click: () => welcome() } }),
      h("button", { id: "resume", text: "Carry on", on: { click: go } })));
}

function showCode(code) {
  show(h("h1", { text: "Your resume code" }),
    h("p", { class: "code", id: "resume-code-shown", text: code }),
    h("p", { text: "Write it down. With it you can carry on later, on this or another device. It is shown only once." }),
    h("div", { class: "buttons" }, h("button", { id: "begin", text: "Begin the questions →", on: { click: () => question(0) } })));
}

const isAnswered = (id) => { const a = answers.get(id); return a && a.answer.kind !== "unanswered"; };
const firstUnanswered = () => { const i = items.findIndex(({ item }) => !isAnswered(item.id)); return i < 0 ? items.length : i; };

function question(index) {
  if (index >= items.length) { spectrumStep(); return; }
  const { area, item } = items[index];
  const entry = answers.get(item.id) || { answer: { kind: "unanswered" }, comment: "" };
  const send = () => enqueue(`item:${item.id}`, "answer", { item_id: item.id, answer: entry.answer, comment: entry.comment });
  const levels = h("fieldset", {}, h("legend", { class: "sr-only", text: "Your answer" }));
  // Each level on one line; the chosen level's description opens under it, so Next and all five
  // levels fit on a phone's screen without scrolling (issue 29 §3).
  const option = (value, label, descriptor, answer) => {
    const id = `answer-${value}`;
    const input = h("input", { type: "radio", name: "answer", id, value,
      checked: entry.answer.kind === answer.kind && entry.answer.value === answer.value,
      "aria-describedby": `${id}-about`,
      on: { change: () => { entry.answer = answer; answers.set(item.id, entry); send(); } } });
    return h("div", { class: "option" }, input, h("label", { for: id },
      h("span", { class: "label", text: label }), h("span", { class: "descriptor", id: `${id}-about`, text: descriptor })));
  };
  const own = item.levels && item.levels.length ? item.levels : form.instrument.scale.levels;
  for (const l of own) levels.append(option(String(l.value), `${l.value} — ${l.label}`, l.descriptor, { kind: "level", value: l.value }));
  levels.append(option("dk", "Don't know", "You do not know enough to say. This is not counted in any score.", { kind: "dont_know" }));
  const comment = h("textarea", { id: "comment", rows: 3, maxlength: 2000, value: entry.comment });
  comment.addEventListener("change", () => { entry.comment = comment.value; answers.set(item.id, entry); send(); });
  const done = items.filter(({ item: it }) => isAnswered(it.id)).length;
  show(
    h("p", { class: "small", id: "where", text: `Question ${index + 1} of ${items.length} · ${area.title}` }),
    h("progress", { class: "progress", max: items.length, value: done, "aria-label": `${done} of ${items.length} answered` }),
    h("h1", { id: "item-title", text: item.title }),
    h("p", { class: "question", text: item.question }),
    levels,
    item.guidance ? h("details", { class: "guidance" }, h("summary", { text: "Evidence that would show this" }), h("p", { text: item.guidance })) : null,
    h("details", { class: "comment", open: Boolean(entry.comment) }, h("summary", { text: "Add evidence or a comment (optional)" }),
      h("label", { class: "field", for: "comment" }, h("span", { text: "Evidence or comment" }), comment)),
    h("p", { id: "problem", class: "error", role: "alert", "data-for": `item:${item.id}`, text: refused.get(`item:${item.id}`) || "" }),
    h("div", { class: "buttons nav" },
      h("button", { class: "secondary", id: "previous", text: "← Previous", disabled: index === 0, on: { click: () => question(index - 1) } }),
      h("button", { id: "next", text: index === items.length - 1 ? "Continue →" : "Next →", on: { click: () => question(index + 1) } })));
}

function spectrumStep() {
  if (!dimensions.length) { review(); return; }
  const levels = form.spectrum.scale.levels;
  const rows = dimensions.map((dim) => {
    const place = { now: null, aspiration: null, ...(positions.get(dim.id) || {}) };
    const pick = (key, label) => {
      const id = `${dim.id}-${key}`;
      const select = h("select", { id, "data-dimension": dim.id, "data-half": key },
        h("option", { value: "", text: "Not set", selected: place[key] === null }),
        ...levels.map((l) => h("option", { value: String(l.value), text: `${l.value} — ${l.label}`, selected: place[key] === l.value })));
      select.addEventListener("change", () => {
        place[key] = select.value === "" ? null : Number(select.value);
        positions.set(dim.id, { ...place });
        enqueue(`dimension:${dim.id}`, "position", { dimension: dim.id, now: place.now, aspiration: place.aspiration });
      });
      return h("label", { class: "field", for: id }, h("span", { text: label }), select);
    };
    return h("fieldset", {}, h("legend", { text: dim.title }), dim.question ? h("p", { class: "small", text: dim.question }) : null,
      pick("now", "Where we are now"), pick("aspiration", "Where we want to be"));
  });
  show(h("h1", { text: form.spectrum.title }),
    h("p", { text: "Optional: place the organisation on each line, as it is now and as you would like it to be. Neither end is better." }),
    ...rows,
    h("p", { id: "problem", class: "error", role: "alert", "data-for": "dimension:" }),
    h("div", { class: "buttons" },
      h("button", { class: "secondary", text: "← Back", on: { click: () => question(items.length - 1) } }),
      h("button", { id: "spectrum-next", text: "Continue →", on: { click: review } })));
}

function review() {
  const missing = items.filter(({ item }) => !isAnswered(item.id));
  const problem = h("p", { id: "problem", class: "error", role: "alert" });
  const finish = async () => {
    await flush();
    if (queue.size) { problem.textContent = `${queue.size} answer(s) are not yet saved; wait for the network and try again.`; return; }
    try {
      await call("POST", "finish");
      // A shared tablet forgets this member: the next one starts with an empty name (issue 29 §3).
      try { store.removeItem(QUEUE); store.removeItem(NAME); } catch { /* nothing kept */ }
      answers.clear();
      positions.clear();
      refused.clear();
      show(h("h1", { class: "done", id: "finished", text: "Thank you — your answers are in" }),
        h("p", { text: "You can close this page. The facilitator will reveal the board's answers together." }),
        h("div", { class: "buttons" }, h("button", { class: "secondary", id: "next-member", text: "Another member on this device", on: { click: () => welcome() } })));
    } catch (e) { problem.textContent = e.message; }
  };
  show(h("h1", { text: "Check and finish" }),
    h("p", { text: `${items.length - missing.length} of ${items.length} questions answered.` }),
    missing.length ? h("p", { class: "notice", text: "Unanswered questions are left out of the scores. You can still go back." }) : null,
    refused.size ? h("p", { class: "error", id: "refused", text: `${refused.size === 1 ? "1 answer was" : `${refused.size} answers were`} not saved: ${[...refused.values()].join("; ")}` }) : null,
    missing.length ? h("ul", {}, ...missing.map(({ item }) => h("li", {}, h("button", { class: "secondary", text: item.title,
      on: { click: () => question(items.findIndex((x) => x.item.id === item.id)) } })))) : null,
    problem,
    h("div", { class: "buttons" },
      h("button", { class: "secondary", text: "← Back", on: { click: dimensions.length ? spectrumStep : () => question(items.length - 1) } }),
      h("button", { id: "finish", text: "Finish and hand in", on: { click: finish } })));
}

boot();
