import { describe, expect, it } from "vitest";
import { type Box, type Corner, fitView } from "../src/editor/viewport";
import { notePosition } from "../src/editor/overlay-place";

const rendered = (box: Box, fit: { zoom: number; pan: { x: number; y: number } }) => ({
  x1: box.x1 * fit.zoom + fit.pan.x,
  y1: box.y1 * fit.zoom + fit.pan.y,
  x2: (box.x1 + box.w) * fit.zoom + fit.pan.x,
  y2: (box.y1 + box.h) * fit.zoom + fit.pan.y,
});

function expectClear(box: Box, w: number, h: number, corner: Corner, pad: number) {
  const fit = fitView(box, w, h, pad, corner, 0.02);
  const r = rendered(box, fit);
  expect(r.x1).toBeGreaterThanOrEqual(pad - 1e-6);
  expect(r.y1).toBeGreaterThanOrEqual(pad - 1e-6);
  expect(r.x2).toBeLessThanOrEqual(w - pad + 1e-6);
  expect(r.y2).toBeLessThanOrEqual(h - pad + 1e-6);
  expect(r.x2 <= w - corner.w + 1e-6 || r.y2 <= h - corner.h + 1e-6).toBe(true);
  return fit;
}

describe("fitting the view clear of the overview", () => {
  const corner = { w: 182, h: 126 };

  it("keeps a tall chain (the last node would sit under the map) left of it", () => {
    const chain = { x1: -60, y1: 0, w: 120, h: 900 };
    const fit = expectClear(chain, 700, 560, corner, 20);
    expect(fit.zoom).toBeCloseTo((560 - 40) / 900, 5); // the height still decides the zoom
  });

  it("keeps a wide graph above it", () => {
    expectClear({ x1: 0, y1: 0, w: 2400, h: 200 }, 700, 560, corner, 20);
  });

  it("keeps a square graph in the larger of the two free areas", () => {
    const fit = expectClear({ x1: 0, y1: 0, w: 800, h: 800 }, 900, 560, corner, 20);
    expect(fit.zoom).toBeCloseTo((560 - 40) / 800, 5); // left of the map: 718 x 560 beats 900 x 434 above it
  });

  it("centres a small graph when it is clear of the map there", () => {
    const small = { x1: 0, y1: 0, w: 100, h: 100 };
    const fit = expectClear(small, 700, 560, corner, 20);
    expect(fit.zoom).toBe(1.2);
    const r = rendered(small, fit);
    expect((r.x1 + r.x2) / 2).toBeCloseTo(350, 5);
    expect((r.y1 + r.y2) / 2).toBeCloseTo(280, 5);
  });

  it("uses the whole canvas when there is no map", () => {
    const fit = fitView({ x1: 0, y1: 0, w: 120, h: 900 }, 700, 560, 20, null, 0.02);
    expect(fit.zoom).toBeCloseTo(520 / 900, 5);
  });
});

describe("placing a note inside the visible canvas", () => {
  const area = { left: 0, top: 0, right: 600, bottom: 400 };
  const at = (x: number, y: number) => ({ x1: x, y1: y, x2: x, y2: y });

  it("goes right of and below the pointer when there is room", () => {
    expect(notePosition(at(100, 100), 200, 40, area, 14, 12)).toEqual({ x: 114, y: 112 });
  });

  it("goes left of the pointer near the right edge, and above it near the bottom", () => {
    expect(notePosition(at(550, 380), 200, 40, area, 14, 12)).toEqual({ x: 336, y: 328 });
  });

  it("stays inside even when it is wider than the room on either side", () => {
    const p = notePosition(at(300, 100), 560, 40, area, 14, 12);
    expect(p.x).toBeGreaterThanOrEqual(4);
    expect(p.x + 560).toBeLessThanOrEqual(596);
  });

  it("stays in the part of the canvas the window shows", () => {
    const shown = { left: 0, top: 250, right: 600, bottom: 400 };
    const p = notePosition({ x1: 200, y1: 100, x2: 320, y2: 160 }, 150, 60, shown, 8);
    expect(p).toEqual({ x: 328, y: 254 });
  });
});
