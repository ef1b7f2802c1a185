import { describe, expect, it } from "vitest";
import { addNode, deleteNodes, isAnotherProject, makeNode } from "../src/editor/graph-edits";
import { mnist, present, specs } from "./fixtures";

describe("isAnotherProject", () => {
  it("treats edits as the same project", () => {
    const doc = mnist();
    const grown = addNode(
      doc,
      "model",
      makeNode(present(specs.get("Dense"), "the Dense spec"), doc.models.model, 0, 0),
    );
    expect(isAnotherProject(doc, grown)).toBe(false);
    expect(isAnotherProject(doc, deleteNodes(doc, "model", ["conv1"]))).toBe(false);
  });

  it("sees a different model set or mostly new ids as another project", () => {
    const doc = mnist();
    expect(isAnotherProject(doc, { ...doc, models: { generator: doc.models.model } })).toBe(true);
    const renamed = {
      ...doc,
      models: { model: { ...doc.models.model, nodes: doc.models.model.nodes.map((n) => ({ ...n, id: `x_${n.id}` })) } },
    };
    expect(isAnotherProject(doc, renamed)).toBe(true);
  });
});
