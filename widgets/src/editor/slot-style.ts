// Canvas rules for what format v2 adds: operation nodes drawn apart from layers, and the label on an edge
// that carries a later output or feeds a call keyword, readable at the default zoom.
import type { StylesheetJson } from "cytoscape";
import type { Theme } from "../shared/theme";

export function slotStyle(theme: Theme): StylesheetJson {
  return [
    {
      selector: "node.nnb-op",
      style: {
        shape: "ellipse",
        "border-style": "double",
        "border-width": 4,
        "border-color": theme.brand,
        "background-color": theme.brand,
        "background-opacity": theme.dark ? 0.22 : 0.1,
      },
    },
    // after the rule above, so a problem still shows on an operation node
    { selector: "node.nnb-op.nnb-warning", style: { "border-color": theme.warn } },
    { selector: "node.nnb-op.nnb-error", style: { "border-color": theme.error } },
    {
      selector: "edge.nnb-slot",
      style: {
        label: "data(label)",
        "font-size": 13, // as large as a node's label
        "font-family": theme.font,
        color: theme.text,
        "text-background-color": theme.bg,
        "text-background-opacity": 0.9,
        "text-background-padding": "2px",
        "text-background-shape": "roundrectangle",
        "text-rotation": "none",
        "line-style": "dashed",
        "line-dash-pattern": [6, 3],
        "min-zoomed-font-size": 6,
        "text-events": "no",
      },
    },
  ];
}
