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

type Box = { x1: number; y1: number; w: number; h: number };
type Corner = { w: number; h: number };

/** Zoom and pan that show `box` centred in a `w` x `hgt` view, never zooming in past 1.2. */
function centred(box: Box, w: number, hgt: number, pad: number, minZoom: number) {
  const zoom = Math.max(minZoom, Math.min(1.2, (w - 2 * pad) / box.w, (hgt - 2 * pad) / box.h));
  return { zoom, pan: { x: w / 2 - (box.x1 + box.w / 2) * zoom, y: hgt / 2 - (box.y1 + box.h / 2) * zoom } };
}

/**
 * The viewport that fits `box` in a `w` x `hgt` view whose bottom-right `corner` is covered
 * (the overview map): the plain fit when the graph stays clear of the corner, otherwise the
 * larger of a fit beside the corner and a fit above it.
 */
export function fitViewport(box: Box, w: number, hgt: number, pad: number, minZoom: number, corner?: Corner) {
  const plain = centred(box, w, hgt, pad, minZoom);
  if (!corner || corner.w <= 0 || corner.h <= 0) return plain;
  const right = plain.pan.x + (box.x1 + box.w) * plain.zoom;
  const bottom = plain.pan.y + (box.y1 + box.h) * plain.zoom;
  if (right <= w - corner.w || bottom <= hgt - corner.h) return plain;
  const beside = centred(box, w - corner.w, hgt, pad, minZoom);
  const above = centred(box, w, hgt - corner.h, pad, minZoom);
  return beside.zoom >= above.zoom ? beside : above;
}

/** Fit every node in view, clear of a covered bottom-right `corner` if given. */
export function fitNodes(cy: Core, pad = 20, corner?: Corner): void {
  const box = nodesBox(cy);
  if (!box) return;
  const w = cy.width();
  const hgt = cy.height();
  if (w <= 0 || hgt <= 0) return;
  cy.viewport(fitViewport(box, w, hgt, pad, cy.minZoom(), corner));
}
