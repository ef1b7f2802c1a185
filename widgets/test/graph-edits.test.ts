import { describe, expect, it } from "vitest";
import { copyNodes, pasteClip } from "../src/editor/clipboard";
import { addEdge, addNode, deleteNodes, makeNode, moveNodes, setParam } from "../src/editor/graph-edits";
import { mnist, present, specs } from "./fixtures";
import deletions from "./python-fixtures/delete-nodes.json";
import type { ModelDoc, ProjectDoc } from "../src/editor/types";

// Python's remove_node on the same graphs (python -m tests.shared_fixtures writes the file).
const DELETIONS = deletions as { case: string; before: ModelDoc; delete: string[]; after: ModelDoc }[];

describe("graph edits", () => {
  it("makes nodes from the palette with fresh ids and a starter copy", () => {
    const doc = mnist();
    const spec = present(specs.get("Dense"), "the Dense spec");
    const node = makeNode(spec, doc.models.model, 10.4, 20.6);
    expect(node).toEqual({ id: "dense_1", layer: "Dense", config: { units: 64, activation: "relu" }, pos: [10, 21] });
    node.config.units = 3;
    expect(spec.starter.units).toBe(64);
    const next = addNode(doc, "model", node, { source: "conv1", target: "dense_1", port: 0 });
    expect(next.models.model.nodes).toHaveLength(4);
    expect(doc.models.model.nodes).toHaveLength(3); // not mutated
    expect(addEdge(next, "model", { source: "dense", target: "dense_1", port: 1 }).models.model.edges).toHaveLength(4);
  });

  it("deletes nodes with their edges and from inputs/outputs", () => {
    const doc = mnist();
    const next = deleteNodes(doc, "model", ["dense", "image"]);
    expect(next.models.model.nodes.map((n) => n.id)).toEqual(["conv1"]);
    expect(next.models.model.edges).toEqual([]);
    expect(next.models.model.outputs).toEqual([]);
    expect(next.models.model.inputs).toBeUndefined();
    expect(doc.models.model.nodes).toHaveLength(3);
  });

  it("hands a deleted node's layer over to a node sharing it, as Python does", () => {
    expect(DELETIONS.length).toBeGreaterThan(5);
    for (const { case: name, before, delete: ids, after } of DELETIONS) {
      const doc: ProjectDoc = { ...mnist(), models: { model: before } };
      const next = deleteNodes(doc, "model", ids);
      expect(next.models.model, name).toEqual(after);
      expect(doc.models.model, `${name}: not mutated`).toEqual(before);
    }
  });

  it("moves nodes, rounding, and returns the same doc when nothing moved", () => {
    const doc = mnist();
    expect(moveNodes(doc, "model", new Map([["image", [0, 0]]]))).toBe(doc);
    const next = moveNodes(doc, "model", new Map([["image", [5.6, 7.2]]]));
    expect(next.models.model.nodes[0].pos).toEqual([6, 7]);
  });

  it("sets parameters, dropping values equal to the default", () => {
    const doc = mnist();
    let next = setParam(doc, "model", "dense", "use_bias", false, true);
    expect(next.models.model.nodes[2].config).toEqual({ units: 10, use_bias: false });
    next = setParam(next, "model", "dense", "use_bias", true, true);
    expect(next.models.model.nodes[2].config).toEqual({ units: 10 });
    next = setParam(next, "model", "dense", "units", undefined, undefined);
    expect(next.models.model.nodes[2].config).toEqual({});
    next = setParam(doc, "model", "conv1", "strides", [1, 1], [1, 1]);
    expect(next.models.model.nodes[1].config).not.toHaveProperty("strides");
  });
});

describe("copy and paste", () => {
  it("keeps edges among copied nodes, renames and offsets", () => {
    const doc = mnist();
    const clip = copyNodes(doc.models.model, ["conv1", "dense"]);
    expect(clip.edges).toEqual([{ source: "conv1", target: "dense", port: 0 }]);
    const { project, ids } = pasteClip(doc, "model", clip, 40);
    expect(ids).toEqual(["conv1_1", "dense_1"]);
    const m = project.models.model;
    expect(m.nodes.find((n) => n.id === "conv1_1")?.pos).toEqual([40, 130]);
    expect(m.edges).toContainEqual({ source: "conv1_1", target: "dense_1", port: 0 });
    expect(m.edges).toHaveLength(3);
    const again = pasteClip(project, "model", clip, 40);
    expect(again.ids).toEqual(["conv1_2", "dense_2"]);
  });
});
