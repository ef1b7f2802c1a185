import { describe, expect, it } from "vitest";
import { newNodeId, stripSuffix } from "../src/node-ids";

describe("node ids", () => {
  it("uses the lowercased layer name, then numbered suffixes", () => {
    expect(newNodeId("Dense", new Set())).toBe("dense");
    expect(newNodeId("Dense", new Set(["dense"]))).toBe("dense_2");
    expect(newNodeId("Dense", new Set(["dense", "dense_2"]))).toBe("dense_3");
    expect(newNodeId("Conv2D", new Set())).toBe("conv2d");
    expect(newNodeId("a-b", new Set())).toBe("a_b");
  });
  it("strips numbered suffixes", () => {
    expect(stripSuffix("dense_3")).toBe("dense");
    expect(stripSuffix("conv1")).toBe("conv1");
  });
});
