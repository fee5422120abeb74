// Building the page without ever parsing user text as HTML. `h` sets text with text nodes only;
// charts drawn by the Rust side (which escapes every name it draws) are shown as images
// (`chartImage`), so their markup is never parsed into the page at all.
//
// Chart SVG goes into an `<img>` from a blob URL (`chartImage`).

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key === "value") el.value = value;
    else if (key === "checked" || key === "disabled" || key === "selected") el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let idCounter = 0;
export function uid(prefix = "id") {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * A labelled form field: the label's `for` always points at the control. Under the control is its
 * message line, empty until `fieldMessage` says what is wrong there; it is part of the control's
 * description and a live region, so a screen reader hears it.
 */
export function field(label, control, hint = null) {
  if (!control.id) control.id = uid("field");
  const parts = [h("label", { for: control.id, text: label })];
  const described = [];
  if (hint) {
    const hintId = uid("hint");
    described.push(hintId);
    parts.push(h("p", { class: "hint", id: hintId, text: hint }));
  }
  const messageId = uid("message");
  described.push(messageId);
  control.setAttribute("aria-describedby", described.join(" "));
  control.dataset.message = messageId;
  control.dataset.label = label;
  const message = h("p", { class: "field-message", id: messageId, "aria-live": "polite" });
  const box = control.picker ? h("div", { class: "date-box" }, control, control.picker) : control;
  return h("div", { class: "field" }, parts, box, message);
}

/** Shows `text` beside the field's control, or clears it with "". */
export function fieldMessage(control, text) {
  const message = control.dataset.message && document.getElementById(control.dataset.message);
  if (!message) return false;
  message.textContent = text;
  if (text) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
  return true;
}

/** "an organisation named X already exists" → "An organisation named X already exists." */
export function sentence(text) {
  const t = String(text || "").trim();
  if (!t) return t;
  const first = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** What is wrong with a control before anything is sent, in the app's own words, or "". */
function problemOf(control) {
  const label = (control.dataset.label || "This field").toLowerCase();
  if (control.type === "date" && control.validity && control.validity.badInput) {
    return `The ${label} is not a whole date: give the day, month and year.`;
  }
  if (control.dataset.date !== undefined && String(control.value).trim() && parseDate(control.value) === null) {
    return `The ${label} is not a date: give the day, month and year, as 31/03/2026.`;
  }
  if (control.required && !String(control.value).trim()) return `Enter the ${label}.`;
  if (control.maxLength > 0 && String(control.value).length > control.maxLength) {
    return `The ${label} is ${control.value.length} characters long; the most is ${control.maxLength}.`;
  }
  return "";
}

/**
 * Sends `form` through `submit` only when every field passes its own checks, with each problem
 * said beside its field (WebKitGTK shows no validation bubbles, so the browser's own checks are
 * off). A refusal from the Rust side is shown beside the control `where(error)` names, else it
 * goes to `fail` (the page's banner).
 */
export function speakingForm(form, submit, { where = () => null, fail }) {
  form.noValidate = true;
  const controls = () => [...form.querySelectorAll("input, select, textarea")];
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    let first = null;
    for (const control of controls()) {
      const problem = problemOf(control);
      fieldMessage(control, problem);
      if (problem && !first) first = control;
    }
    if (first) return first.focus();
    try {
      await submit();
    } catch (err) {
      const control = where(err);
      if (control && fieldMessage(control, sentence(err.message || String(err)))) control.focus();
      else fail(err);
    }
  });
  // A message goes as soon as the field is changed.
  form.addEventListener("input", (e) => {
    if (e.target.getAttribute && e.target.getAttribute("aria-invalid")) fieldMessage(e.target, "");
  });
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const pad = (n) => String(n).padStart(2, "0");

/**
 * A typed date as ISO `YYYY-MM-DD`: "31/03/2026", "31-3-2026", "31.03.2026", "31032026",
 * "31 March 2026", "31 Mar 2026" (day first, as in the UK) or "2026-03-31". "" for nothing typed,
 * null for anything that is not a real day (the Rust side checks again).
 */
export function parseDate(text) {
  const t = String(text || "").trim().toLowerCase();
  if (!t) return "";
  let d, m, y, g;
  if ((g = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t))) [y, m, d] = [+g[1], +g[2], +g[3]];
  else if ((g = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})$/.exec(t))) [d, m, y] = [+g[1], +g[2], +g[3]];
  else if ((g = /^(\d{2})(\d{2})(\d{4})$/.exec(t))) [d, m, y] = [+g[1], +g[2], +g[3]];
  else if ((g = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,})\.?,?\s+(\d{4})$/.exec(t))) {
    [d, y] = [+g[1], +g[3]];
    m = MONTHS.findIndex((name) => name.startsWith(g[2])) + 1;
  } else return null;
  if (!(m >= 1 && m <= 12) || d < 1 || y < 1900 || y > 2200) return null;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** ISO `YYYY-MM-DD` as the UK writes it, 31/03/2026. */
export function ukDate(iso) {
  const g = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return g ? `${g[3]}/${g[2]}/${g[1]}` : "";
}

/**
 * A date field that takes typing (WebKitGTK's own date field takes no digits and has no
 * calendar) and picking: a text box for the date as the UK writes it, and a button beside it
 * that opens a month calendar of day buttons. Read the date with `parseDate(input.value)`.
 */
export function dateInput(iso, props = {}) {
  const input = h("input", { type: "text", inputmode: "numeric", autocomplete: "off", maxlength: 40, placeholder: "DD/MM/YYYY", value: ukDate(iso), "data-date": "", ...props });
  input.addEventListener("change", () => {
    const got = parseDate(input.value);
    if (got) input.value = ukDate(got);
  });
  input.picker = h("button", { type: "button", class: "button secondary date-pick", text: "Pick…", on: { click: () => pickDate(input) } });
  return input;
}

/** The calendar behind a date field's "Pick…": one month of day buttons, ← / → by month. */
function pickDate(input) {
  const chosen = parseDate(input.value) || new Date().toISOString().slice(0, 10);
  let [y, m] = chosen.split("-").map(Number);
  const dialog = h("dialog", { class: "dialog calendar", "aria-labelledby": "calendar-title" });
  const close = (iso) => {
    dialog.close();
    dialog.remove();
    if (iso) {
      input.value = ukDate(iso);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    input.focus();
  };
  const draw = () => {
    const title = h("h2", { id: "calendar-title", text: `${MONTHS[m - 1][0].toUpperCase()}${MONTHS[m - 1].slice(1)} ${y}` });
    const step = (by) => () => {
      m += by;
      if (m < 1) [m, y] = [12, y - 1];
      if (m > 12) [m, y] = [1, y + 1];
      draw();
      dialog.querySelector(by < 0 ? "[data-prev]" : "[data-next]").focus();
    };
    const head = h("tr", {}, ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].map((d) => h("th", { scope: "col", text: d })));
    const body = h("tbody");
    const first = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    let row = h("tr");
    for (let i = 0; i < first; i++) row.append(h("td"));
    for (let d = 1; d <= days; d++) {
      const iso = `${y}-${pad(m)}-${pad(d)}`;
      row.append(h("td", {}, h("button", { type: "button", class: iso === chosen ? "day chosen" : "day", "data-day": iso, "aria-label": ukDate(iso), "aria-pressed": String(iso === chosen), text: String(d), on: { click: () => close(iso) } })));
      if ((first + d) % 7 === 0) {
        body.append(row);
        row = h("tr");
      }
    }
    if (row.children.length) body.append(row);
    clear(dialog,
      h("div", { class: "calendar-head" },
        h("button", { type: "button", class: "button small secondary", "data-prev": "", "aria-label": "Previous month", text: "←", on: { click: step(-1) } }),
        title,
        h("button", { type: "button", class: "button small secondary", "data-next": "", "aria-label": "Next month", text: "→", on: { click: step(1) } })),
      h("table", { class: "calendar-days" }, h("thead", {}, head), body),
      h("div", { class: "buttons" }, h("button", { type: "button", class: "button secondary", "data-cancel": "", text: "Cancel", on: { click: () => close(null) } })));
  };
  dialog.addEventListener("cancel", (e) => {
    e.preventDefault();
    close(null);
  });
  draw();
  document.body.append(dialog);
  dialog.showModal();
  (dialog.querySelector(".day.chosen") || dialog.querySelector(".day")).focus();
}

export function select(options, value = null, props = {}) {
  const el = h("select", props);
  for (const [optValue, label] of options) {
    el.append(h("option", { value: optValue, text: label, selected: String(optValue) === String(value) }));
  }
  return el;
}

// Chart pictures made on this screen, released when the next screen is drawn.
let chartUrls = [];

/**
 * Shows chart markup from the Rust side as a picture: the SVG goes into an `<img>` from a blob URL,
 * never into the page's DOM. An SVG shown as an image runs no script, follows no link and loads
 * nothing, so no sanitising is needed, and a chart of thousands of cells costs the page one
 * element. Resolves once the picture is decoded, so "drawn" means drawn.
 */
export async function chartImage(markup, label) {
  const url = URL.createObjectURL(new Blob([markup], { type: "image/svg+xml" }));
  chartUrls.push(url);
  const img = h("img", { class: "chart", src: url, alt: label });
  try {
    await img.decode();
  } catch {
    return h("p", { class: "hint", text: "This chart could not be drawn." });
  }
  return img;
}

/** Lets go of the previous screen's chart pictures. */
export function releaseCharts() {
  for (const url of chartUrls) URL.revokeObjectURL(url);
  chartUrls = [];
}

/** A number for people: one decimal place, or a dash where nothing was scored. */
export function num(value, places = 1) {
  return value === null || value === undefined ? "—" : Number(value).toFixed(places);
}

/** "1 member", "3 members": a count with the right word. */
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

export const ROLES = [
  ["chair", "Chair"],
  ["non-executive", "Non-executive"],
  ["executive", "Executive"],
  ["other", "Other"],
];

export function roleLabel(role) {
  const found = ROLES.find(([value]) => value === role);
  return found ? found[1] : role;
}

/**
 * Shows a message in one of the page's two permanent live regions (index.html): errors in the
 * `alert` region, announced at once; everything else in the polite `status` region. The regions
 * are never hidden or re-created, only their text changes, so screen readers announce each one.
 */
export function notice(text, kind = "ok") {
  const [region, other] = kind === "error" ? ["alert", "notice"] : ["notice", "alert"];
  document.getElementById(other).textContent = "";
  document.getElementById(region).textContent = text;
  clearTimeout(notice.timer);
  if (kind !== "error") notice.timer = setTimeout(() => (document.getElementById("notice").textContent = ""), 4000);
}

/** Empties both message regions (a new screen starts without the last screen's messages). */
export function clearNotice() {
  clearTimeout(notice.timer);
  for (const id of ["notice", "alert"]) document.getElementById(id).textContent = "";
}

/** A modal question with real buttons; resolves true when the person confirms. */
export function confirmDialog(title, text, confirmLabel, danger = true) {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "dialog", "aria-labelledby": "dialog-title" });
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(
      h("h2", { id: "dialog-title", text: title }),
      h("p", { text }),
      h(
        "div",
        { class: "buttons" },
        h("button", { class: danger ? "button danger" : "button", "data-confirm": "", text: confirmLabel, on: { click: () => done(true) } }),
        h("button", { class: "button secondary", "data-cancel": "", text: "Cancel", on: { click: () => done(false) } }),
      ),
    );
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    // Enter on an unread dialog must never delete anything: the safe answer has the focus.
    dialog.querySelector("[data-cancel]").focus();
  });
}

/**
 * A drop zone for files dragged from the file manager: `onFiles` gets the dropped `File`s (the
 * page reads them; Rust checks whatever they hold).
 */
export function dropZone(id, text, onFiles) {
  const zone = h("div", { id, class: "drop-zone" }, h("p", { text }));
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    e.stopPropagation();
    zone.classList.remove("over");
    onFiles([...(e.dataTransfer?.files || [])]);
  });
  return zone;
}
