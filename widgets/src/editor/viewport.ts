// Viewport helpers that avoid cytoscape's label measuring (slow on big graphs).
import type { Core } from "cytoscape";

export interface Box {
  x1: number;
  y1: number;
  w: number;
  h: number;
}

/** A corner of the canvas that nodes must stay clear of (the overview), in rendered pixels. */
export interface Corner {
  w: number;
  h: number;
}

/** Bounding box of all nodes from their positions and data(w/h). */
export function nodesBox(cy: Core): Box | null {
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

export interface Fit {
  zoom: number;
  pan: { x: number; y: number };
}

/**
 * Zoom and pan that show `box` whole in a `w` x `h` canvas, `pad` pixels from
 * its edges, never zooming in past `maxZoom`, and clear of the bottom-right
 * `corner`: the box goes either left of it or above it, whichever is larger.
 */
export function fitView(
  box: Box,
  w: number,
  h: number,
  pad: number,
  corner: Corner | null,
  minZoom: number,
  maxZoom = 1.2,
): Fit {
  const areas: { w: number; h: number }[] = corner
    ? [
        { w: w - corner.w, h },
        { w, h: h - corner.h },
      ]
    : [{ w, h }];
  let best: Fit | null = null;
  for (const a of areas) {
    const aw = Math.max(1, a.w - 2 * pad);
    const ah = Math.max(1, a.h - 2 * pad);
    const zoom = Math.max(minZoom, Math.min(maxZoom, aw / box.w, ah / box.h));
    const pan = { x: a.w / 2 - (box.x1 + box.w / 2) * zoom, y: a.h / 2 - (box.y1 + box.h / 2) * zoom };
    // Keep a small graph in the middle of the canvas when it fits there anyway.
    const centred = { x: w / 2 - (box.x1 + box.w / 2) * zoom, y: h / 2 - (box.y1 + box.h / 2) * zoom };
    const clear = corner
      ? clearOf(
          { x1: centred.x + box.x1 * zoom, y1: centred.y + box.y1 * zoom, w: box.w * zoom, h: box.h * zoom },
          w,
          h,
          corner,
        )
      : true;
    const fit = { zoom, pan: clear && box.w * zoom <= w - 2 * pad && box.h * zoom <= h - 2 * pad ? centred : pan };
    if (!best || fit.zoom > best.zoom) best = fit;
  }
  return best as Fit;
}

/** Whether a rendered box avoids the bottom-right corner of a w x h canvas. */
function clearOf(r: Box, w: number, h: number, corner: Corner): boolean {
  return r.x1 + r.w <= w - corner.w || r.y1 + r.h <= h - corner.h;
}

/** Fit every node in view, clear of `corner`, never zooming in past 1.2; false when the canvas has no size yet. */
export function fitNodes(cy: Core, pad = 20, corner: Corner | null = null): boolean {
  const box = nodesBox(cy);
  if (!box) return true;
  const w = cy.width();
  const hgt = cy.height();
  if (w <= 0 || hgt <= 0) return false;
  cy.viewport(fitView(box, w, hgt, pad, corner, cy.minZoom()));
  return true;
}

/** Whether every node is drawn inside the canvas and clear of `corner`. */
export function allInView(cy: Core, corner: Corner | null = null): boolean {
  const w = cy.width();
  const h = cy.height();
  if (w <= 0 || h <= 0) return true; // nothing to see yet; the fit after sizing decides
  const zoom = cy.zoom();
  const pan = cy.pan();
  let ok = true;
  cy.nodes().forEach((n) => {
    if (!ok) return;
    const p = n.position();
    const hw = ((n.data("w") ?? 100) / 2) * zoom;
    const hh = ((n.data("h") ?? 40) / 2) * zoom;
    const x = p.x * zoom + pan.x;
    const y = p.y * zoom + pan.y;
    const r = { x1: x - hw, y1: y - hh, w: 2 * hw, h: 2 * hh };
    if (r.x1 < 0 || r.y1 < 0 || r.x1 + r.w > w || r.y1 + r.h > h) ok = false;
    else if (corner && !clearOf(r, w, h, corner)) ok = false;
  });
  return ok;
}
