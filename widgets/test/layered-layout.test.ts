import { describe, expect, it } from "vitest";
import { layeredPositions } from "../src/editor/layered-layout";

describe("layeredPositions", () => {
  it("puts each node one row below its deepest parent", () => {
    const pos = layeredPositions(
      ["in", "a", "b", "add"],
      [
        { source: "in", target: "a" },
        { source: "a", target: "b" },
        { source: "in", target: "add" },
        { source: "b", target: "add" },
      ],
    );
    expect(pos.get("in")?.[1]).toBe(0);
    expect(pos.get("a")?.[1]).toBe(90);
    expect(pos.get("b")?.[1]).toBe(180);
    expect(pos.get("add")?.[1]).toBe(270);
  });

  it("centres siblings and keeps them apart", () => {
    const pos = layeredPositions(
      ["x", "l", "r"],
      [
        { source: "x", target: "l" },
        { source: "x", target: "r" },
      ],
    );
    expect(pos.get("x")).toEqual([0, 0]);
    expect(pos.get("l")?.[0]).toBe(-90);
    expect(pos.get("r")?.[0]).toBe(90);
  });

  it("places nodes on a loop after the rest instead of failing", () => {
    const pos = layeredPositions(
      ["in", "a", "b"],
      [
        { source: "in", target: "a" },
        { source: "a", target: "b" },
        { source: "b", target: "a" },
      ],
    );
    expect(pos.size).toBe(3);
    expect(pos.get("a")?.[1]).toBeGreaterThan(0);
    expect(pos.get("b")?.[1]).toBeGreaterThan(0);
  });

  it("lays out a 5,000-node chain with skips without recursion limits", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => ({ source: ids[i], target: id }));
    for (let i = 0; i + 3 < ids.length; i += 3) edges.push({ source: ids[i], target: ids[i + 3] });
    const pos = layeredPositions(ids, edges);
    expect(pos.get("n4999")?.[1]).toBe(4999 * 90);
  });
});
