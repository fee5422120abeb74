// Members' own devices, on the projector. Before collection, "Check the room" serves a page that
// only says "You are connected" and counts the devices that reach this laptop; when collection
// starts those pages turn into the ballot by themselves. During collection the panel shows a
// large QR code (an <img> of the SVG drawn in Rust), the address to type, the plain-HTTP warning
// and live counts (joined, finished, answers received per question; never an answer or a name).
// Only addresses of real LAN adapters are offered: with several, the facilitator picks the
// room's network; with none, the panel says plainly that phones cannot reach this laptop and what
// to do, instead of a QR code for 127.0.0.1. The running server is shown again after a window
// reload or a re-render (the server lives in Rust), and after an app restart mid-collection it
// is started again at the same address. The server stops by itself once collection ends.

import * as api from "../api.js";
import { chartImage, h, notice, plural } from "../dom.js";

const CHOSEN = "govmat-devices-adapter";

/** What to try when phones cannot reach the laptop, cheapest in the room's time first. */
export function fallbackLadder() {
  const rung = (what, cost) => h("li", {}, h("strong", { text: what }), " ", h("span", { text: cost }));
  return h("ol", { class: "ladder", id: "fallback-ladder" },
    rung("Your own travel router.", "Plug it in, join this laptop and the phones to its Wi-Fi. Costs: carrying one (about £30) and two minutes; it works where hotel or hospital Wi-Fi keeps devices apart."),
    rung("A phone's hotspot.", "One phone turns its hotspot on; this laptop and the members join it. Costs: that phone's battery and data allowance; most phones take 8 to 10 devices."),
    rung("Android phones that still cannot load the page:", "turn mobile data off for a minute, since Android leaves a Wi-Fi without internet for mobile data. Costs: their messages wait until they turn it back on."),
    rung("Pass the laptop.", "Members answer on this laptop one after another (Next member). Costs: about 5 to 8 minutes a member, so a board of nine takes an hour."),
    rung("Paper ballots.", "Print them (Paper ballots, below) and key them in afterwards. Costs: printing, and your time keying each one."));
}

function minutesLeft(seconds) {
  const m = Math.floor(seconds / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return `${m}:${s}`;
}

/** The time box's line for the projector: a countdown, then that time is up (nothing closes). */
export function timeBoxText(secondsLeft) {
  if (secondsLeft === null || secondsLeft === undefined) return "";
  return secondsLeft > 0
    ? `Time left: ${minutesLeft(secondsLeft)}`
    : "Time is up. Nothing has closed: answers are still being saved. End collection with the PIN when the board is ready.";
}

/**
 * Shows a running server in `body`: the picker when there are several networks, the QR code and
 * address of the chosen one, or the plain words when phones cannot reach this laptop. Returns the
 * element the caller writes its counts into.
 */
async function showServed(body, served, onLookAgain) {
  const counts = h("p", { id: "devices-counts", role: "status", "aria-live": "polite" });
  if (!served.choices.length) {
    body.replaceChildren(
      h("div", { class: "unreachable", id: "devices-unreachable", role: "alert" },
        h("h3", { text: "Phones cannot reach this laptop" }),
        h("p", { text: "This laptop is on no network a phone can join: it has no Wi-Fi or wired network of its own, only its loopback or virtual adapters (a VPN, a virtual machine's). Join it to the room's network, then look again. If the room's network will not do:" }),
        fallbackLadder(),
        h("button", { class: "button secondary", id: "devices-look-again", text: "Look again", on: { click: onLookAgain } })),
      counts);
    return counts;
  }
  const remembered = localStorage.getItem(CHOSEN);
  let chosen = served.choices.find((c) => c.adapter === remembered) ?? served.choices[0];
  const qrBox = h("div", { id: "devices-qr" });
  const url = h("p", { class: "join-url", id: "devices-url" });
  const draw = async () => {
    const qr = await chartImage(chosen.qr_svg, `QR code of the join address ${chosen.url}`);
    qr.classList.add("qr");
    qrBox.replaceChildren(qr);
    url.textContent = chosen.url;
  };
  const parts = [];
  if (served.choices.length > 1) {
    const picker = h("select", { id: "devices-adapter" },
      ...served.choices.map((c) => h("option", { value: c.adapter, text: `${c.adapter} — ${c.url.replace(/^http:\/\//, "").split("/")[0]}`, selected: c === chosen })));
    picker.addEventListener("change", () => {
      chosen = served.choices.find((c) => c.adapter === picker.value) ?? chosen;
      try { localStorage.setItem(CHOSEN, chosen.adapter); } catch { /* not kept */ }
      draw();
    });
    const id = "devices-adapter";
    parts.push(h("div", { class: "field" },
      h("label", { for: id, text: "This laptop is on several networks: which one are the members on?" }), picker,
      h("p", { class: "hint", text: "Choose the room's Wi-Fi or the hotspot the phones have joined." })));
  }
  await draw();
  body.replaceChildren(...parts, qrBox, url, counts);
  return counts;
}

/**
 * Before collection: "Check the room", and how many devices have reached this laptop. The check
 * runs until the facilitator stops it, starts collecting (its pages then turn into the ballot), or
 * leaves it: another step or another round stops it, so no server is left serving a page nobody
 * is watching (a re-render of this screen keeps it).
 */
export function roomCheckPanel(ctx) {
  const round = ctx.state.roundId;
  const body = h("div", { class: "stack", id: "room-check-body" });
  const button = h("button", { class: "button secondary", id: "check-room", text: "Check the room" });
  const stopButton = h("button", { class: "button secondary", id: "stop-room-check", text: "Stop the room check" });
  const panel = h("section", { class: "card", id: "room-check", "aria-labelledby": "room-check-title" },
    h("h2", { id: "room-check-title", text: "Check the room first" }),
    h("p", { text: "Before anyone votes, see whether members' phones can reach this laptop. Members scan the code; their page only says \u201cYou are connected \u2014 keep this page open\u201d, and turns into the ballot by itself when you start collecting." }),
    body, button,
    h("details", {}, h("summary", { text: "If the count stays at zero" }), fallbackLadder()));
  // Each showing of a running check has its own number; an older one's loop stops by itself.
  let showing = 0;
  const pause = async (ms) => {
    for (let t = 0; t < ms && panel.isConnected; t += 250) await new Promise((r) => setTimeout(r, 250));
  };
  const left = () => !location.hash.startsWith("#/collect") || ctx.state.roundId !== round;
  const show = async (served) => {
    const mine = ++showing;
    button.remove();
    const counts = await showServed(body, served, lookAgain);
    body.after(stopButton);
    while (panel.isConnected && mine === showing) {
      try {
        const now = await api.devicesStatus(round);
        if (!now) break;
        counts.id = "room-count";
        counts.textContent = `${plural(now.devices, "device can", "devices can")} reach this laptop`;
      } catch {
        break;
      }
      await pause(2000);
    }
    // The facilitator went to another step or round: the check stops (never collection, which
    // the Rust side keeps whatever it is asked here).
    if (mine === showing && !panel.isConnected && left()) api.stopRoomCheck().catch(() => {});
  };
  const lookAgain = async () => {
    try {
      await api.stopDevices();
      show(await api.startDevices(round));
    } catch (err) {
      notice(err.message, "error");
    }
  };
  stopButton.addEventListener("click", async () => {
    showing++;
    try {
      await api.stopRoomCheck();
    } catch (err) {
      notice(err.message, "error");
    }
    body.replaceChildren();
    stopButton.replaceWith(button);
    button.focus();
  });
  button.addEventListener("click", async () => {
    try {
      show(await api.startDevices(round));
    } catch (err) {
      notice(err.message, "error");
    }
  });
  // A room check already running (a reload, a re-render) is shown again at once.
  api.devicesStatus(round).then((served) => served && show(served)).catch(() => {});
  return panel;
}

/** During collection: the join address and QR code for the whole of collection, and the counts. */
export function devicesPanel(ctx, form) {
  const body = h("div", { class: "stack", id: "devices-body" });
  const startButton = h("button", { class: "button", id: "start-devices", text: "Collect on members' devices" });
  const panel = h("section", { class: "card", id: "devices", "aria-labelledby": "devices-title" },
    h("h2", { id: "devices-title", text: "Collect on members' devices" }),
    h("p", { text: "Members answer at the same time on their own phone, tablet or laptop, in the browser: nothing to install, no account, no internet. Their answers are saved on this laptop." }),
    h("p", { class: "hint", text: "Answers travel as plain HTTP on this room's network. Use a WPA2/WPA3 network you trust, or this laptop's own hotspot — never an open guest Wi-Fi." }),
    body, startButton);
  const titles = new Map(form.instrument.areas.flatMap((a) => a.items.map((i) => [i.id, i.title])));
  for (const d of form.spectrum ? form.spectrum.areas.flatMap((a) => a.items) : []) titles.set(d.id, `Spectrum: ${d.title}`);
  let polling = false;

  async function show(served) {
    startButton.remove();
    const counts = await showServed(body, served, lookAgain);
    const items = h("ol", { id: "devices-items", class: "device-items" });
    const clock = h("p", { id: "devices-time-box", class: "time-box", role: "status" });
    body.append(clock, h("details", {}, h("summary", { text: "Answers received per question" }), items));
    if (!polling) poll(counts, clock, items);
  }

  async function start() {
    try {
      await show(await api.startDevices(ctx.state.roundId));
    } catch (err) {
      notice(err.message, "error");
    }
  }

  async function lookAgain() {
    try {
      await api.stopDevices();
      await start();
    } catch (err) {
      notice(err.message, "error");
    }
  }

  async function poll(counts, clock, items) {
    polling = true;
    let offered = false;
    while (panel.isConnected && counts.isConnected) {
      try {
        const p = await api.deviceProgress(ctx.state.roundId);
        counts.textContent = p.everyone_finished
          ? `Everyone has finished: all ${p.roster} on the roster. End collection with the PIN below to reveal the results.`
          : `${p.joined} joined · ${p.finished} finished (on devices and on this laptop)`;
        counts.classList.toggle("done", Boolean(p.everyone_finished));
        clock.textContent = timeBoxText(p.seconds_left);
        clock.classList.toggle("up", p.seconds_left === 0);
        if (p.everyone_finished && !offered) {
          offered = true;
          body.append(h("button", { class: "button", id: "devices-end", text: "End collection (PIN)",
            on: { click: () => { const end = document.getElementById("end-collection"); end?.scrollIntoView({ block: "center" }); end?.focus(); } } }));
        }
        items.replaceChildren(...p.items.map((i) => h("li", { text: `${titles.get(i.item_id) ?? i.item_id}: ${i.received}` })));
        if (!p.collecting) break;
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
    polling = false;
  }

  startButton.addEventListener("click", start);
  // A server already running (a window reload, the Collect screen drawn again) or remembered by
  // the collection (an app restart) is shown at once, with the same address and QR code.
  api.devicesStatus(ctx.state.roundId).then((served) => served && show(served)).catch(() => {});
  return panel;
}
