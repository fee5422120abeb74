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
        input.addEventListener("change", () => {
          current[key] = Number(input.value);
          input.classList.remove("unset");
          describe();
          onSave(dim.id, { ...current });
        });
        row.append(
          h("div", { class: "slider" },
            h("label", { for: id, text: label }),
            h("div", { class: "slider-track" },
              h("span", { class: "end low", text: dim.low || "" }),
              input,
              h("span", { class: "end high", text: dim.high || "" })),
            output),
        );
      }
      wrap.append(row);
    }
  }
  return wrap;
}
