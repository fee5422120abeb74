// The optional last step of a member's private answers: their own position on each dimension of
// the governance spectrum, now and aspired to. Saved as each slider is set, through the ballot's
// own save queue (`save`), so finishing waits for these saves too and retries any that failed.

import { h } from "../dom.js";
import { positionSliders } from "./sliders.js";

export function spectrumStep({ spectrum, positions, save, back, next }) {
  const status = h("p", { class: "save-status", id: "save-status", role: "status", "aria-live": "polite" });
  return h(
    "section",
    { class: "ballot-spectrum" },
    h("h1", { text: spectrum.title }),
    h("p", { class: "lead", text: "Optional: place the organisation on each line, as it is now and as you would like it to be. There is no simple good or bad position: what matters is governance in proportion to what the partners want to do together." }),
    positionSliders(spectrum, positions, save, "mine"),
    status,
    h("div", { class: "buttons" },
      h("button", { class: "button secondary", text: "← Back", on: { click: back } }),
      h("button", { class: "button", id: "spectrum-next", text: "Continue →", on: { click: next } })),
  );
}
