import { describe, expect, it } from "vitest";
import { fitViewport } from "../src/viewport";

const screenBox = (box: { x1: number; y1: number; w: number; h: number }, v: ReturnType<typeof fitViewport>) => ({
  right: v.pan.x + (box.x1 + box.w) * v.zoom,
  bottom: v.pan.y + (box.y1 + box.h) * v.zoom,
});

describe("fitViewport", () => {
  const corner = { w: 176, h: 122 };

  it("keeps a tall graph clear of the covered corner", () => {
    const box = { x1: 0, y1: 0, w: 120, h: 700 };
    const v = fitViewport(box, 500, 540, 20, 0.05, corner);
    const s = screenBox(box, v);
    expect(s.right <= 500 - corner.w || s.bottom <= 540 - corner.h).toBe(true);
  });

  it("leaves a graph that does not reach the corner where the plain fit puts it", () => {
    const box = { x1: 0, y1: 0, w: 100, h: 100 };
    expect(fitViewport(box, 800, 600, 20, 0.05, corner)).toEqual(fitViewport(box, 800, 600, 20, 0.05));
  });

  it("never zooms in past 1.2", () => {
    const v = fitViewport({ x1: 0, y1: 0, w: 10, h: 10 }, 800, 600, 20, 0.05, corner);
    expect(v.zoom).toBeLessThanOrEqual(1.2);
  });
});
