import { describe, expect, it } from "vitest";
import { canConnect, nextFreePort } from "../src/editor/connection-rules";
import type { ModelDoc } from "../src/editor/types";
import { infos, mnist, specs } from "./fixtures";

const m = (): ModelDoc => mnist().models.model;
const withNodes = (extra: ModelDoc["nodes"], edges: ModelDoc["edges"] = []): ModelDoc => {
  const base = m();
  return { ...base, nodes: [...base.nodes, ...extra], edges: [...base.edges, ...edges] };
};

describe("canConnect", () => {
  it("refuses self loops, duplicates and cycles", () => {
    expect(canConnect(m(), specs, infos, "dense", "dense")).toMatchObject({ ok: false });
    const dup = canConnect(m(), specs, infos, "image", "conv1");
    expect(dup.ok).toBe(false);
    const cyc = canConnect(
      withNodes(
        [{ id: "d2", layer: "Dropout", config: {}, pos: [0, 0] }],
        [{ source: "dense", target: "d2", port: 0 }],
      ),
      specs,
      {},
      "d2",
      "conv1",
    );
    expect(cyc).toMatchObject({ ok: false });
    if (!cyc.ok) expect(cyc.reason).toMatch(/loop/);
  });

  it("refuses inputs into Input and beyond the arity", () => {
    const r = canConnect(m(), specs, infos, "dense", "image");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/takes no inputs/);
    const full = canConnect(withNodes([{ id: "x", layer: "Input", config: {}, pos: [0, 0] }]), specs, {}, "x", "dense");
    expect(full.ok).toBe(false);
    if (!full.ok) expect(full.reason).toMatch(/1 input/);
  });

  it("accepts unbounded merges on the next free port", () => {
    const doc = withNodes(
      [
        { id: "a", layer: "Input", config: {}, pos: [0, 0] },
        { id: "b", layer: "Input", config: {}, pos: [0, 0] },
        { id: "c", layer: "Input", config: {}, pos: [0, 0] },
        { id: "add", layer: "Add", config: {}, pos: [0, 0] },
      ],
      [
        { source: "a", target: "add", port: 0 },
        { source: "b", target: "add", port: 2 },
      ],
    );
    expect(canConnect(doc, specs, {}, "c", "add")).toEqual({ ok: true, port: 1 });
    expect(nextFreePort(doc, "add")).toBe(1);
    expect(nextFreePort(doc, "a")).toBe(0);
  });

  it("checks the rank when both sides are known", () => {
    const doc = withNodes([
      { id: "c2", layer: "Conv2D", config: {}, pos: [0, 0] },
      { id: "v", layer: "Input", config: {}, pos: [0, 0] },
    ]);
    const vec = {
      ...infos,
      v: { layer: "Input", input_shapes: [], output_shape: [null, 10], trainable: 0, non_trainable: 0, problems: [] },
    };
    const bad = canConnect(doc, specs, vec, "v", "c2");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/rank 4/);
    expect(canConnect(doc, specs, vec, "image", "c2")).toEqual({ ok: true, port: 0 });
    expect(canConnect(doc, specs, {}, "v", "c2")).toEqual({ ok: true, port: 0 }); // unknown shape
  });

  it("allows layers missing from the catalog", () => {
    const doc = withNodes([{ id: "g", layer: "Model", model: "gen", config: {}, pos: [0, 0] }]);
    expect(canConnect(doc, specs, infos, "dense", "g")).toEqual({ ok: true, port: 0 });
  });
});
