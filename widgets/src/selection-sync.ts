// The canvas selection as Python sees it: the `selection` trait, set once per burst of
// select/unselect events (a box selection fires one event per element).
import type { Core } from "cytoscape";
import { jsonEqual } from "./catalog-index";
import type { WidgetModel } from "./types";

/** Keeps `selection` in step with the selected nodes and calls `changed` after each burst; returns a stop. */
export function syncSelection(cy: Core, model: WidgetModel, changed: () => void): () => void {
  let timer: number | null = null;
  cy.on("select unselect", () => {
    if (timer !== null) return;
    timer = window.setTimeout(() => {
      timer = null;
      const ids = cy.$("node:selected").map((n) => n.id());
      if (!jsonEqual(ids, model.get("selection") ?? [])) {
        model.set("selection", ids);
        model.save_changes();
      }
      changed();
    }, 0);
  });
  return () => {
    if (timer !== null) window.clearTimeout(timer);
  };
}
