import { describe, expect, it } from "vitest";
import { newNodeId, stripSuffix } from "../src/editor/node-ids";
import ids from "./python-fixtures/node-ids.json";

// Graph.new_id's answers (python -m tests.shared_fixtures writes the file).
const IDS = ids as { base: string; taken: string[]; id: string }[];

describe("node ids", () => {
  it("uses the lowercased layer name, then _1, _2, ... as Keras does", () => {
    expect(newNodeId("Dense", new Set())).toBe("dense");
    expect(newNodeId("Dense", new Set(["dense"]))).toBe("dense_1");
    expect(newNodeId("Dense", new Set(["dense", "dense_1"]))).toBe("dense_2");
    expect(newNodeId("Conv2D", new Set())).toBe("conv2d");
    expect(newNodeId("a-b", new Set())).toBe("a_b");
  });
  it("gives the ids Python gives", () => {
    expect(IDS.length).toBeGreaterThan(5);
    for (const { base, taken, id } of IDS) expect(newNodeId(base, new Set(taken)), `${base} with ${taken}`).toBe(id);
  });
  it("strips numbered suffixes", () => {
    expect(stripSuffix("dense_3")).toBe("dense");
    expect(stripSuffix("conv1")).toBe("conv1");
  });
});
