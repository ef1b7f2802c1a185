import { describe, expect, it } from "vitest";
import { extentOf, linear, niceStep, niceTicks, padExtent, thinToPixels } from "../src/training/scale";

describe("chart scaling", () => {
  it("finds the extent of finite values over several columns", () => {
    expect(extentOf([[3, null, 1], [NaN, 7], []])).toEqual({ min: 1, max: 7 });
    expect(extentOf([[null], []])).toBeNull();
  });

  it("pads extents and gives flat ones some height", () => {
    expect(padExtent({ min: 0, max: 10 }, 0.1)).toEqual({ min: -1, max: 11 });
    const flat = padExtent({ min: 2, max: 2 });
    expect(flat.min).toBeLessThan(2);
    expect(flat.max).toBeGreaterThan(2);
    const zero = padExtent({ min: 0, max: 0 });
    expect(zero.max - zero.min).toBeGreaterThan(0);
  });

  it("picks 1-2-5 steps and ticks inside the range", () => {
    expect(niceStep(1, 5)).toBeCloseTo(0.2);
    expect(niceStep(100, 4)).toBe(20);
    expect(niceStep(0.03, 4)).toBeCloseTo(0.01);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.13, 0.91, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 3, 8, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(5, 5)).toEqual([5]);
    expect(niceTicks(1, 0)).toEqual([]);
  });

  it("maps linearly, flipping for the y axis", () => {
    const y = linear(0, 1, 100, 0);
    expect(y(0)).toBe(100);
    expect(y(0.25)).toBe(75);
    expect(linear(3, 3, 0, 10)(3)).toBe(0);
  });

  it("thins many points to about two per pixel, averaging each column", () => {
    const xs = Array.from({ length: 10000 }, (_, i) => i / 10000);
    const ys = xs.map((x) => x * 2);
    const t = thinToPixels(xs, ys, 0, 1, 100);
    expect(t.x.length).toBeLessThanOrEqual(200);
    expect(t.x.length).toBeGreaterThan(150);
    t.y.forEach((v, i) => {
      expect(v).toBeCloseTo(t.x[i] * 2);
    });
    const few = thinToPixels([0, 0.5, 2], [1, null, 3], 0, 1, 100);
    expect(few).toEqual({ x: [0, 0.5], y: [1, null] });
  });

  it("keeps gaps when thinning", () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i / 1000);
    const ys = xs.map((x) => (x > 0.4 && x < 0.6 ? null : 1));
    const t = thinToPixels(xs, ys, 0, 1, 50);
    expect(t.y.some((v) => v === null)).toBe(true);
  });
});
