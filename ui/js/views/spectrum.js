// Spectrum: where the board places its governance on five dimensions, now and as it wants it to be
// — members' spread first, then the agreed position, the profile chart and the approaches it is
// nearest to, in plain words. A position is a description, never a grade.

import * as api from "../api.js";
import { chartImage, clear, h, notice, num, plural } from "../dom.js";
import { positionSliders } from "./sliders.js";

export async function render(root, ctx) {
  const roundId = ctx.state.roundId;
  const [spectrum, sv] = await Promise.all([api.spectrumForm(roundId), api.spectrumView(roundId)]);
  root.append(h("h1", { text: "Spectrum" }));
  if (!spectrum) {
    root.append(h("p", { text: "No spectrum questionnaire is installed, so there is nothing to place." }));
    return;
  }
  root.append(h("p", { class: "lead", text: `${spectrum.title}: ${spectrum.summary}` }));
  // The chart, the approaches and the members' table are redrawn in place after each agreed
  // position is saved, so the sliders (and the keyboard focus on them) stay where they are.
  const summary = h("div", { class: "spectrum-summary" });
  const draw = (view) => {
    const chart = h("figure", { class: "chart-figure", "data-chart": "spectrum" }, h("figcaption", { text: "Profile: members' positions and the agreed position on each dimension" }));
    clear(summary, chart, nearestSection(spectrum, view), membersSection(view));
    if (view) {
      api.chartSvg(roundId, "spectrum")
        .then((svg) => chartImage(svg, "Spectrum profile chart"))
        .then((img) => chart.append(img))
        .catch((e) => chart.append(h("p", { class: "hint", text: `The chart is not available: ${e.message}` })));
    } else chart.append(h("p", { class: "hint", text: "No positions yet: members place the board at the end of their private answers." }));
  };
  draw(sv);
  const redraw = () => api.spectrumView(roundId).then(draw).catch(ctx.fail);
  root.append(summary, agreedSection(spectrum, sv, roundId, ctx, redraw));
}

function membersSection(sv) {
  const section = h("section", { "aria-labelledby": "spread-title" }, h("h2", { id: "spread-title", text: "Where members placed the board" }));
  if (!sv || sv.summary.members === 0) {
    section.append(h("p", { class: "hint", text: "No member has placed the board yet." }));
    return section;
  }
  const range = (s) => (s.min === null ? "—" : s.min === s.max ? `${s.min}` : `${s.min} to ${s.max}`);
  const body = h("tbody");
  for (const d of sv.summary.dimensions) {
    body.append(h("tr", {},
      h("th", { scope: "row", text: d.title }),
      h("td", { text: `${num(d.now.mean)} (${range(d.now)})` }),
      h("td", { text: `${num(d.aspiration.mean)} (${range(d.aspiration)})` }),
      h("td", { text: d.agreed.now === null ? "—" : String(d.agreed.now) }),
      h("td", { text: d.agreed.aspiration === null ? "—" : String(d.agreed.aspiration) })));
  }
  section.append(
    h("p", { text: `${plural(sv.summary.members, "member", "members")}. Mean position, with the range in brackets.` }),
    h("table", { class: "table" },
      h("thead", {}, h("tr", {}, ["Dimension", "Now (members)", "Aspiration (members)", "Agreed now", "Agreed aspiration"].map((t) => h("th", { scope: "col", text: t })))),
      body),
  );
  return section;
}

function nearestSection(spectrum, sv) {
  const section = h("section", { "aria-labelledby": "nearest-title" }, h("h2", { id: "nearest-title", text: "Which approaches this looks like" }));
  if (!sv || (!sv.summary.nearest_now.length && !sv.summary.nearest_aspiration.length)) {
    section.append(h("p", { class: "hint", text: "Once every dimension is placed, this says which of the described approaches the position is closest to." }));
    return section;
  }
  const approach = (id) => spectrum.approaches.find((a) => a.id === id);
  const say = (label, list) => {
    if (!list.length) return null;
    const [first, ...rest] = list;
    const a = approach(first.id);
    return h("div", { class: "nearest" },
      h("h3", { text: label }),
      h("p", {}, "Closest to ", h("strong", { text: first.title }), a ? `: ${a.characteristics}` : "."),
      a && a.application ? h("p", { class: "hint", text: `Where it is used: ${a.application}` }) : null,
      rest.length ? h("p", { text: `Also near: ${rest.map((r) => r.title).join(" and ")}.` }) : null);
  };
  section.append(
    h("p", { class: "hint", text: "Uses the agreed position where there is one, otherwise the members' mean. There is no simple good or bad position on the spectrum: what matters is governance proportionate to the collaborative's nature and ambition, its sweet spot." }),
    say("As the board is now", sv.summary.nearest_now),
    say("As the board wants to be", sv.summary.nearest_aspiration),
  );
  return section;
}

function agreedSection(spectrum, sv, roundId, ctx, redraw) {
  const agreed = {};
  if (sv) for (const d of sv.summary.dimensions) agreed[d.id] = d.agreed;
  const save = (dimension, position) =>
    api.saveAgreedPosition(roundId, dimension, position)
      .then(() => {
        notice("Saved the agreed position.");
        return redraw();
      })
      .catch(ctx.fail);
  return h("section", { class: "card", "aria-labelledby": "agreed-title" },
    h("h2", { id: "agreed-title", text: "The board's agreed position" }),
    h("p", { class: "hint", text: "After discussion, set where the board as a whole places itself. Each slider saves when you let go, and the summary above follows." }),
    positionSliders(spectrum, agreed, save, "agreed"));
}
