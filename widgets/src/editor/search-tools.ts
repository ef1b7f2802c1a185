// The editor's hyperparameter-search parts wired to the widget: the inspector's toggle and range editor, and the
// badges on the canvas, redrawn whenever the document, the shown model or the language changes (an edit, an undo,
// a document from Python) and gone with the canvas.
import type { Core } from "cytoscape";
import { SearchBadges } from "./search-badges";
import { type SearchHooks, SearchRangeView } from "./search-range-view";
import { selectOnly } from "./selection-sync";
import type { ProjectDoc } from "./types";
import { asLanguage, type WidgetModel } from "../shared/widget";

/** The range view for the inspector; the badges on `host` over `cy` follow `widget`'s traits by themselves. */
export function searchTools(cy: Core, host: HTMLElement, widget: WidgetModel, hooks: SearchHooks): SearchRangeView {
  const badges = new SearchBadges(cy, host, (id) => selectOnly(cy, [id]));
  const draw = () => {
    const doc = widget.get("graph") as ProjectDoc | null;
    if (!doc?.models) return;
    const wanted = widget.get("active_model");
    const names = Object.keys(doc.models);
    const shown = typeof wanted === "string" && names.includes(wanted) ? wanted : (names[0] ?? "");
    badges.render(doc, shown, asLanguage(widget.get("language")));
  };
  const events = ["change:graph", "change:active_model", "change:language"];
  for (const name of events) widget.on(name, draw);
  cy.on("destroy", () => {
    for (const name of events) widget.off(name, draw);
    badges.destroy();
  });
  draw();
  return new SearchRangeView(hooks);
}
