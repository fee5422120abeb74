// The step between the room's screen and a private one, shared by the laptop ballot, paper
// keying and the facilitator's hand-over of a new resume code.

import { clear, clearNotice, h } from "../dom.js";

/**
 * The step between the room's screen (which may be projected: the QR code, the counts) and a
 * private one (a ballot, paper keying, a new resume code): the facilitator is asked to stop
 * projecting first. Enter continues, Escape goes back.
 */
export function privateStep(root, ctx, go, { who = null } = {}) {
  const back = () => ctx.refresh();
  const cont = h("button", { class: "button", id: "private-continue", text: "The screen is not projected: continue" });
  const cancel = h("button", { class: "button secondary", id: "private-back", text: "Back" });
  cont.addEventListener("click", () => {
    cont.disabled = true;
    go();
  });
  cancel.addEventListener("click", back);
  // Nothing from the screen before (an error about someone else's try) follows onto a private one.
  clearNotice();
  clear(root, h("section", { class: "card neutral private-step", "aria-labelledby": "private-title" },
    h("h1", { id: "private-title", tabindex: "-1", text: "Stop projecting first" }),
    // Named only once the screen is private: this step may still be on the projector.
    h("p", { class: "lead", text: who ? "The next screen is for one member only." : "The next screen is private." }),
    h("p", { text: "If this laptop is showing on a projector or a shared screen, stop that now: on Windows press the Windows key and P together and choose \u201cPC screen only\u201d; on a Mac turn mirroring off in Displays." }),
    h("div", { class: "buttons" }, cont, cancel)));
  root.querySelector("#private-title").focus();
  root.querySelector(".private-step").addEventListener("keydown", (e) => {
    if (e.key === "Escape") back();
  });
}
