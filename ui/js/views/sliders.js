// Position sliders for a spectrum: for each dimension, where the board is now and where it wants
// to be. A position is a place on a line between two descriptions, not a score: neither end is
// better, so the sliders carry no colour scale and no "higher is better" wording.

import { h } from "../dom.js";

/**
 * `positions` maps dimension id → { now, aspiration } (either may be null); `onSave(dimension,
 * position)` is called whenever one changes and must return a promise.
 */
export function positionSliders(spectrum, positions, onSave, idPrefix) {
  const levels = spectrum.scale.levels;
  const min = levels[0].value;
  const max = levels[levels.length - 1].value;
  const wrap = h("div", { class: "sliders" });
  for (const area of spectrum.areas) {
    for (const dim of area.items) {
      const current = { now: null, aspiration: null, ...(positions[dim.id] || {}) };
      const row = h("fieldset", { class: "dimension" }, h("legend", { text: dim.title }));
      if (dim.question) row.append(h("p", { class: "hint", text: dim.question }));
      for (const [key, label] of [["now", "Where we are now"], ["aspiration", "Where we want to be"]]) {
        const id = `${idPrefix}-${dim.id}-${key}`;
        const output = h("output", { for: id, class: "slider-value" });
        const input = h("input", {
          type: "range", id, min, max, step: 1,
          value: current[key] ?? Math.round((min + max) / 2),
          class: current[key] === null ? "unset" : null,
        });
        const describe = () => {
          if (current[key] === null) {
            output.textContent = "Not set";
            input.setAttribute("aria-valuetext", "not set");
            return;
          }
          const level = levels.find((l) => l.value === current[key]);
          output.textContent = level ? `${level.value} — ${level.label}` : String(current[key]);
          input.setAttribute("aria-valuetext", output.textContent);
        };
        describe();
        const commit = () => {
          current[key] = Number(input.value);
          input.classList.remove("unset");
          describe();
          onSave(dim.id, { ...current });
        };
        input.addEventListener("change", commit);
        // An unset slider rests in the middle; a click or Enter there moves nothing, so the browser
        // fires no change event. It still means "here": take it.
        input.addEventListener("click", () => {
          if (current[key] === null) commit();
        });
        input.addEventListener("keydown", (e) => {
          if ((e.key === "Enter" || e.key === " ") && current[key] === null) {
            e.preventDefault();
            commit();
          }
        });
        row.append(
          h("div", { class: "slider" },
            h("label", { for: id, text: label }),
            h("div", { class: "slider-track" },
              input,
              // The levels under the track, so a position can be read without dragging.
              h("div", { class: "ticks", "aria-hidden": "true" }, levels.map((l) => h("span", { text: String(l.value) }))),
              h("span", { class: "end low", text: dim.low || "" }),
              h("span", { class: "end high", text: dim.high || "" })),
            output),
        );
      }
      wrap.append(row);
    }
  }
  return wrap;
}
