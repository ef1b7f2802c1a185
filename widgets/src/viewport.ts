// Viewport helpers that avoid cytoscape's label measuring (slow on big graphs).
import type { Core } from "cytoscape";

/** Bounding box of all nodes from their positions and data(w/h). */
export function nodesBox(cy: Core): { x1: number; y1: number; w: number; h: number } | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  cy.nodes().forEach((n) => {
    const p = n.position();
    const hw = (n.data("w") ?? 100) / 2 + 4;
    const hh = (n.data("h") ?? 40) / 2 + 4;
    if (p.x - hw < x1) x1 = p.x - hw;
    if (p.y - hh < y1) y1 = p.y - hh;
    if (p.x + hw > x2) x2 = p.x + hw;
    if (p.y + hh > y2) y2 = p.y + hh;
  });
  return x1 === Infinity ? null : { x1, y1, w: Math.max(1, x2 - x1), h: Math.max(1, y2 - y1) };
}

/** Fit every node in view, never zooming in past 1.2. */
export function fitNodes(cy: Core, pad = 20): void {
  const box = nodesBox(cy);
  if (!box) return;
  const w = cy.width();
  const hgt = cy.height();
  if (w <= 0 || hgt <= 0) return;
  const zoom = Math.max(cy.minZoom(), Math.min(1.2, (w - 2 * pad) / box.w, (hgt - 2 * pad) / box.h));
  cy.viewport({ zoom, pan: { x: w / 2 - (box.x1 + box.w / 2) * zoom, y: hgt / 2 - (box.y1 + box.h / 2) * zoom } });
}
