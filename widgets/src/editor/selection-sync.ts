// The canvas selection: as Python sees it (the `selection` trait, set once per burst of
// select/unselect events; a box selection fires one event per element), and set from code.
import type { Core } from "cytoscape";
import { jsonEqual } from "./catalog-index";
import type { WidgetModel } from "../shared/widget";

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

/** Select exactly `ids` (nothing else stays selected). */
export function selectOnly(cy: Core, ids: string[]): void {
  cy.batch(() => {
    cy.elements(":selected").unselect();
    for (const id of ids) cy.getElementById(id).select();
  });
}

/** Select node `id` alone and glide the view to centre it. */
export function focusNode(cy: Core, id: string): void {
  const n = cy.getElementById(id);
  if (n.empty()) return;
  selectOnly(cy, [id]);
  cy.animate({ center: { eles: n }, duration: 200 });
}
