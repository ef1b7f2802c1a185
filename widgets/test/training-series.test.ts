import { describe, expect, it } from "vitest";
import { ema, SeriesStore, smoothingFor } from "../src/training/series";

describe("SeriesStore", () => {
  it("appends columns, padding names that come and go with null", () => {
    const s = new SeriesStore();
    s.append([0.1, 0.2], { loss: [1, 0.9] });
    s.append([0.3], { loss: [0.8], accuracy: [0.5] });
    s.append([0.4], { accuracy: [0.6] });
    expect(s.x).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(s.column("loss")).toEqual([1, 0.9, 0.8, null]);
    expect(s.column("accuracy")).toEqual([null, null, 0.5, 0.6]);
    expect(s.names()).toEqual(["loss", "accuracy"]);
  });

  it("replaces everything on a snapshot", () => {
    const s = new SeriesStore();
    s.append([0.1], { loss: [1] });
    s.replace([1, 2], { d_loss: [0.5, 0.4] });
    expect(s.names()).toEqual(["d_loss"]);
    expect(s.length).toBe(2);
    s.append([], { loss: [] });
    expect(s.names()).toEqual(["d_loss"]);
  });

  it("halves itself past its limit, keeping order", () => {
    const s = new SeriesStore(10);
    for (let i = 0; i < 25; i++) s.append([i], { loss: [i * 2] });
    expect(s.length).toBeLessThanOrEqual(10);
    expect(s.x).toEqual([...s.x].sort((a, b) => a - b));
    expect(s.column("loss")).toEqual(s.x.map((x) => x * 2));
  });
});

describe("ema", () => {
  it("has no start-up bias and leaves gaps as gaps", () => {
    expect(ema([5, 5, 5], 0.9)).toEqual([5, 5, 5]);
    const out = ema([0, 10, null, 10], 0.5) as number[];
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo((10 * 0.5) / 0.75);
    expect(out[2]).toBeNull();
    expect(out[3]).toBeGreaterThan(out[1]);
  });

  it("is the identity without smoothing and lags behind a jump with it", () => {
    expect(ema([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const smooth = ema([0, 0, 0, 0, 1, 1], 0.8) as number[];
    expect(smooth[5]).toBeLessThan(1);
    expect(smooth[5]).toBeGreaterThan(smooth[4]);
  });

  it("smooths more when there are more points", () => {
    expect(smoothingFor(5)).toBe(0);
    expect(smoothingFor(400)).toBeGreaterThan(smoothingFor(50));
    expect(smoothingFor(1e7)).toBeLessThanOrEqual(0.95);
  });
});
