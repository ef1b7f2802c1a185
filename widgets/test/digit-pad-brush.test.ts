import { describe, expect, it } from "vitest";
import {
  DEFAULT_BRUSH,
  blankGrid,
  cellPoint,
  dab,
  gridFrom,
  gridValues,
  inkAt,
  stroke,
  throttled,
} from "../src/digit-pad/brush";

const SIZE = 28;

describe("digit pad brush", () => {
  it("inks the cell under the brush fully and fades to nothing at its radius", () => {
    expect(inkAt(DEFAULT_BRUSH, 10.5, 10.5, 10, 10)).toBe(1);
    const near = inkAt(DEFAULT_BRUSH, 10.5, 10.5, 11, 10);
    expect(near).toBeGreaterThan(0);
    expect(near).toBeLessThan(1);
    expect(inkAt(DEFAULT_BRUSH, 10.5, 10.5, 13, 10)).toBe(0);
  });

  it("adds ink to cells near a dab and never lightens one", () => {
    const grid = blankGrid(SIZE);
    expect(dab(grid, SIZE, DEFAULT_BRUSH, 5.5, 5.5)).toBe(true);
    expect(grid[5 * SIZE + 5]).toBe(1);
    expect(grid[5 * SIZE + 6]).toBeGreaterThan(0);
    expect(grid[20 * SIZE + 20]).toBe(0);
    const before = [...grid];
    expect(dab(grid, SIZE, DEFAULT_BRUSH, 5.5, 5.5)).toBe(false);
    expect(grid).toEqual(before);
  });

  it("keeps a dab at the edge inside the grid", () => {
    const grid = blankGrid(SIZE);
    dab(grid, SIZE, DEFAULT_BRUSH, 0, 0);
    dab(grid, SIZE, DEFAULT_BRUSH, SIZE, SIZE);
    expect(grid).toHaveLength(SIZE * SIZE);
    expect(grid[0]).toBeGreaterThan(0);
    expect(grid[SIZE * SIZE - 1]).toBeGreaterThan(0);
    expect(grid.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it("draws a fast stroke without gaps", () => {
    const grid = blankGrid(SIZE);
    stroke(grid, SIZE, DEFAULT_BRUSH, 2.5, 14.5, 25.5, 14.5);
    for (let column = 3; column <= 25; column++) expect(grid[14 * SIZE + column]).toBe(1);
    expect(grid[2 * SIZE + 14]).toBe(0);
  });

  it("maps a pointer to cells of the pad as drawn on the page", () => {
    const rect = { left: 100, top: 50, width: 224, height: 224 };
    expect(cellPoint(rect, SIZE, 100, 50)).toEqual({ x: 0, y: 0 });
    expect(cellPoint(rect, SIZE, 212, 162)).toEqual({ x: 14, y: 14 });
    expect(cellPoint(rect, SIZE, 400, 0)).toEqual({ x: SIZE, y: 0 });
  });

  it("reads Python's values as a grid and a wrong length as a blank pad", () => {
    expect(gridFrom([], SIZE)).toEqual(blankGrid(SIZE));
    expect(gridFrom([1, 2, 3], SIZE)).toEqual(blankGrid(SIZE));
    const values = blankGrid(SIZE);
    values[3] = 2;
    values[4] = -1;
    values[5] = 0.25;
    const grid = gridFrom(values, SIZE);
    expect([grid[3], grid[4], grid[5]]).toEqual([1, 0, 0.25]);
    expect(gridValues([0.12345, 1, 0])).toEqual([0.123, 1, 0]);
  });

  it("sends at most once per interval while drawing and once more at the end", () => {
    let now = 0;
    const timers: { fn: () => void; at: number }[] = [];
    let sent = 0;
    const sender = throttled(
      () => {
        sent += 1;
      },
      150,
      () => now,
      (fn, ms) => timers.push({ fn, at: now + ms }),
    );
    sender.request();
    expect(sent).toBe(1);
    now = 50;
    sender.request();
    now = 100;
    sender.request();
    expect(sent).toBe(1);
    expect(timers).toHaveLength(1);
    now = timers[0].at;
    timers[0].fn();
    expect(sent).toBe(2);
    sender.flush();
    expect(sent).toBe(2);
    now = 400;
    sender.request();
    expect(sent).toBe(3);
  });
});
