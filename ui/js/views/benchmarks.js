// Benchmarks: the consultant's own screen for the benchmark library (issue 26). Other
// organisations' results packs are added (picked in the system's open dialog, or dropped on the
// screen; the Rust side reads or receives them and checks every one, all or nothing), listed with
// their organisation, questionnaire, round and date, and removed an organisation at a time (a
// snapshot is taken first). Names are shown here because this screen is the consultant's; the
// Results step compares a board with "N boards" and names none of them.
//
// It sits after Collaborative in the navigation and, like it, opens without a round in hand.

import * as api from "../api.js";
import { clear, confirmDialog, dropZone, h, notice, plural } from "../dom.js";

/** "Added 2 packs, compared 1 newer round in place of the older (kept aside) and kept 1 older round aside." */
function added(out) {
  const parts = [
    out.added.length ? `added ${plural(out.added.length, "pack", "packs")}` : null,
    out.replaced.length ? `compared ${plural(out.replaced.length, "newer round", "newer rounds")} in place of the older (kept aside)` : null,
    out.aside.length ? `kept ${plural(out.aside.length, "older round", "older rounds")} aside` : null,
  ].filter(Boolean);
  const text = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0] || "nothing changed";
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

// A refusal the consultant may confirm: a newer round to compare, or a re-produced pack.
const confirmable = (e) => e.code === "conflict" && e.message.includes("confirm to");

export async function render(root, ctx) {
  let list;
  try {
    list = await api.benchmarkList();
  } catch (e) {
    return ctx.fail(e);
  }
  const status = h("p", { id: "bench-status", class: "save-status", role: "status", "aria-live": "polite" });
  const fail = (text) => {
    status.textContent = text;
    status.setAttribute("role", "alert");
  };
  const done = (out) => {
    // The screen is drawn again with the library as it is now; the notice outlives the redraw.
    notice(added(out));
    ctx.refresh();
  };

  async function addPicked(replace = false) {
    try {
      const out = await api.benchmarkAdd(replace);
      if (!out) return (status.textContent = "Nothing added: the choice was cancelled.");
      done(out);
    } catch (e) {
      if (confirmable(e) && !replace) {
        const yes = await confirmDialog("Compare a newer pack?", e.message, "Choose the packs again and confirm", false);
        if (yes) return addPicked(true);
      }
      fail(`Nothing added: ${e.message}`);
    }
  }

  // Dropped files: the page reads each one's text (a pack is a few kilobytes of JSON) and hands it
  // over with the file's bare name; Rust refuses anything too large, malformed or tampered.
  const MAX_DROP = 4 * 1024 * 1024;
  async function addDropped(fileList, replace = false) {
    const files = [...fileList];
    if (!files.length) return;
    const big = files.find((f) => f.size > MAX_DROP);
    if (big) return fail(`Nothing added: ${big.name} is too large to be a results pack.`);
    let read;
    try {
      read = await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
    } catch (e) {
      return fail(`Nothing added: a dropped file could not be read (${e.message}).`);
    }
    try {
      done(await api.benchmarkAddDropped(read, replace));
    } catch (e) {
      if (confirmable(e) && !replace) {
        const yes = await confirmDialog("Compare a newer pack?", e.message, "Confirm", false);
        if (yes) return addDropped(files, true);
      }
      fail(`Nothing added: ${e.message}`);
    }
  }

  async function remove(organisation, count) {
    const yes = await confirmDialog(
      `Remove ${organisation}?`,
      `${plural(count, "pack", "packs")} of ${organisation} will leave the benchmark library. govmat keeps a copy of the database first: Undo is on the Start screen for the rest of this session.`,
      "Remove their packs",
    );
    if (!yes) return;
    try {
      const n = await api.benchmarkRemove(organisation);
      notice(`Removed ${plural(n, "pack", "packs")} of ${organisation}.`);
      ctx.refresh();
    } catch (e) {
      fail(`Nothing removed: ${e.message}`);
    }
  }

  root.append(
    h("h1", { text: "Benchmarks" }),
    h("p", { class: "lead", text: "Your library of other boards' results packs. The Results step places a board among the other organisations' latest packs of the same questionnaire, as “Compared with N boards”: it shows figures only with at least 5 other boards, and never names one." }),
    h("p", { class: "hint", text: "This screen names the organisations: it is yours, not the board's. Keep it off the projector." }),
    h("div", { class: "buttons" }, h("button", { class: "button", id: "bench-add", text: "Add results packs…", on: { click: () => addPicked() } })),
    dropZone("bench-drop", "Or drop .govmat-pack files here.", (files) => addDropped(files)),
    status,
    library(list, remove),
  );
}

/** The library, by organisation, each organisation's packs newest round first. */
function library(list, remove) {
  const section = h("section", { "aria-labelledby": "bench-library-title" }, h("h2", { id: "bench-library-title", text: "The library" }));
  if (!list.length) {
    section.append(h("p", { class: "hint", text: "The library is empty. Add the results packs your clients chose to share with you (each board saves its own from the Report step)." }));
    return section;
  }
  const orgs = new Set(list.map((e) => e.organisation));
  section.append(h("p", { text: `${plural(list.length, "pack", "packs")} from ${plural(orgs.size, "organisation", "organisations")}.` }));
  const body = h("tbody");
  let last = null;
  for (const e of list) {
    const first = e.organisation !== last;
    last = e.organisation;
    const count = list.filter((x) => x.organisation === e.organisation).length;
    body.append(h("tr", {},
      h("th", { scope: "row", text: e.organisation }),
      h("td", { text: `${e.questionnaire.id} v${e.questionnaire.version}` }),
      h("td", { text: e.round }),
      h("td", { text: e.round_date }),
      h("td", { text: e.compared ? "Compared" : "Kept aside (a newer round is compared)" }),
      h("td", {}, first
        ? h("button", { class: "button secondary small", "data-remove": e.organisation, "aria-label": `Remove ${e.organisation}'s packs`, text: "Remove", on: { click: () => remove(e.organisation, count) } })
        : null),
    ));
  }
  section.append(h("table", { class: "table", id: "bench-library" },
    h("caption", { text: "Packs in the library" }),
    h("thead", {}, h("tr", {}, ["Organisation", "Questionnaire", "Round", "Round date", "Compared", "Remove"].map((t) => h("th", { scope: "col", text: t })))),
    body));
  return section;
}
