import { describe, expect, it } from "vitest";
import { edgeId, formatShape, keyParamText, modelElements, nodeLabel } from "../src/editor/graph-elements";
import { infos, mnist, specs } from "./fixtures";
import shapes from "./python-fixtures/shape-text.json";
import { formatCount } from "../src/shared/widget";

// Shapes as Python writes them (catalog/_shapes.fmt; python -m tests.shared_fixtures writes the file).
const SHAPES = shapes as { shape: (number | null)[]; text: string }[];

describe("labels", () => {
  it("formats shapes and counts", () => {
    expect(formatShape([null, 28, 28, 1])).toBe("(None, 28, 28, 1)");
    expect(formatShape([null])).toBe("(None,)");
    expect(formatShape(null)).toBe("?");
    expect(SHAPES.length).toBeGreaterThan(5);
    for (const { shape, text } of SHAPES) expect(formatShape(shape), JSON.stringify(shape)).toBe(text);
    expect(formatCount(8256)).toBe("8,256");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(12)).toBe("12");
  });

  it("shows key parameters", () => {
    const doc = mnist();
    const [image, conv, dense] = doc.models.model.nodes;
    expect(keyParamText(conv, specs.get("Conv2D"))).toBe("32 · 3×3");
    expect(keyParamText({ ...dense, config: { units: 64, activation: "relu" } }, specs.get("Dense"))).toBe(
      "units 64 · relu",
    );
    expect(keyParamText(image, specs.get("Input"))).toBe("(28, 28, 1)");
    expect(keyParamText({ id: "d", layer: "Dropout", config: { rate: 0.5 }, pos: [0, 0] }, specs.get("Dropout"))).toBe(
      "rate 0.5",
    );
  });

  it("builds the full label with id, shape, params and a marker for problems", () => {
    const doc = mnist();
    const dense = doc.models.model.nodes[2];
    const label = nodeLabel(dense, specs.get("Dense"), infos.dense);
    expect(label.split("\n")).toEqual(["⚠ dense · Dense", "units 10", "(None, 26, 26, 10)", "8,256 params"]);
    expect(nodeLabel(dense, specs.get("Dense"), undefined)).toContain("?");
    const ref = nodeLabel(
      { id: "g", layer: "Model", model: "generator", config: {}, pos: [0, 0] },
      undefined,
      undefined,
    );
    expect(ref.split("\n")[0]).toBe("g · Model: generator");
  });
});

describe("elements", () => {
  it("maps nodes and edges with positions, classes and problem edges", () => {
    const els = modelElements(mnist().models.model, specs, infos);
    const nodes = els.filter((e) => e.group === "nodes");
    const edges = els.filter((e) => e.group === "edges");
    expect(nodes.map((n) => n.data.id)).toEqual(["image", "conv1", "dense"]);
    expect(nodes[1].position).toEqual({ x: 0, y: 90 });
    expect(nodes[1].classes).toBe("cat-convolutional");
    expect(nodes[2].classes).toBe("cat-core nnb-warning");
    const bad = edges.find((e) => e.data.id === edgeId({ source: "conv1", target: "dense", port: 0 }));
    expect(bad?.classes).toBe("nnb-warning");
    expect(edges[0].classes).toBe("");
  });

  it("colours the input edge at `port` when the diagnostic has no edge", () => {
    const problems = [{ code: "x", message: "m", severity: "error", node: "dense", port: 0 }];
    const els = modelElements(mnist().models.model, specs, { ...infos, dense: { ...infos.dense, problems } });
    expect(els.find((e) => e.data.id === "conv1->dense#0")?.classes).toBe("nnb-error");
  });
});
