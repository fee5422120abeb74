// "Collect on members' devices": starts the server on the room's network and shows, for the
// projector, a large QR code (an <img> of the SVG drawn in Rust), the address to type, the
// plain-HTTP warning, and live counts: how many joined and finished, answers received per
// question. Never an answer or a name. With a roster, once every member on it has finished, it
// says "everyone has finished" and offers the PIN's End collection. The address and QR code stay
// for the whole of collection. The server stops by itself once collection ends.

import * as api from "../api.js";
import { chartImage, h, notice } from "../dom.js";

export function devicesPanel(ctx, form) {
  const body = h("div", { class: "stack", id: "devices-body" });
  const panel = h("section", { class: "card", "aria-labelledby": "devices-title" },
    h("h2", { id: "devices-title", text: "Collect on members' devices" }),
    h("p", { text: "Members answer at the same time on their own phone, tablet or laptop, in the browser: nothing to install, no account, no internet. Their answers are saved on this laptop." }),
    h("p", { class: "hint", text: "Answers travel as plain HTTP on this room's network. Use a WPA2/WPA3 network you trust, or this laptop's own hotspot — never an open guest Wi-Fi." }),
    body,
    h("button", { class: "button", id: "start-devices", text: "Collect on members' devices", on: { click: start } }));
  const titles = new Map(form.instrument.areas.flatMap((a) => a.items.map((i) => [i.id, i.title])));
  for (const d of form.spectrum ? form.spectrum.areas.flatMap((a) => a.items) : []) titles.set(d.id, `Spectrum: ${d.title}`);

  async function start() {
    try {
      const served = await api.startDevices(ctx.state.roundId);
      const qr = await chartImage(served.qr_svg, `QR code of the join address ${served.url}`);
      qr.classList.add("qr");
      const counts = h("p", { id: "devices-counts", role: "status", "aria-live": "polite" });
      const items = h("ol", { id: "devices-items", class: "device-items" });
      body.replaceChildren(qr,
        h("p", { class: "join-url", id: "devices-url", text: served.url }),
        counts, h("details", {}, h("summary", { text: "Answers received per question" }), items));
      panel.querySelector("#start-devices")?.remove();
      poll(counts, items);
    } catch (err) {
      notice(err.message, "error");
    }
  }

  async function poll(counts, items) {
    let offered = false;
    while (panel.isConnected) {
      try {
        const p = await api.deviceProgress(ctx.state.roundId);
        counts.textContent = p.everyone_finished
          ? `Everyone has finished: all ${p.roster} on the roster. End collection with the PIN below to reveal the results.`
          : `${p.joined} joined · ${p.finished} finished (on devices and on this laptop)`;
        counts.classList.toggle("done", Boolean(p.everyone_finished));
        if (p.everyone_finished && !offered) {
          offered = true;
          body.append(h("button", { class: "button", id: "devices-end", text: "End collection (PIN)",
            on: { click: () => { const end = document.getElementById("end-collection"); end?.scrollIntoView({ block: "center" }); end?.focus(); } } }));
        }
        items.replaceChildren(...p.items.map((i) => h("li", { text: `${titles.get(i.item_id) ?? i.item_id}: ${i.received}` })));
        if (!p.collecting) return;
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  return panel;
}
