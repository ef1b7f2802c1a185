import { describe, expect, it } from "vitest";
import { copyNodes, pasteClip } from "../src/editor/clipboard";
import type { ProjectDoc } from "../src/editor/types";
import { mnist } from "./fixtures";

/** The MNIST graph with a second Dense that shares its layer with `dense`. */
function sharing(): ProjectDoc {
  const doc = mnist();
  doc.models.model.nodes.push({
    id: "dense_twin",
    layer: "Dense",
    config: { units: 10 },
    pos: [80, 180],
    shares: "dense",
  });
  doc.models.model.edges.push({ source: "conv1", target: "dense_twin", port: 0 });
  return doc;
}

describe("pasting nodes that share a layer", () => {
  it("keeps the sharing among copied nodes, renamed to the copies", () => {
    const doc = sharing();
    const { project, ids } = pasteClip(doc, "model", copyNodes(doc.models.model, ["dense", "dense_twin"]), 40);
    expect(ids).toEqual(["dense_1", "dense_twin_1"]);
    const twin = project.models.model.nodes.find((n) => n.id === "dense_twin_1");
    expect(twin?.shares).toBe("dense_1");
    expect(project.models.model.nodes.find((n) => n.id === "dense_twin")?.shares).toBe("dense"); // the original keeps its own
  });

  it("drops the sharing when the shared node is not among the copies", () => {
    const doc = sharing();
    const { project, ids } = pasteClip(doc, "model", copyNodes(doc.models.model, ["dense_twin"]), 40);
    expect(ids).toEqual(["dense_twin_1"]);
    const copy = project.models.model.nodes.find((n) => n.id === "dense_twin_1");
    expect(copy).toBeDefined();
    expect(copy).not.toHaveProperty("shares");
  });

  it("keeps the sharing when the shared node comes after its twin in the clip", () => {
    const doc = sharing();
    const clip = copyNodes(doc.models.model, ["dense", "dense_twin"]);
    clip.nodes.reverse();
    const { project } = pasteClip(doc, "model", clip, 40);
    expect(project.models.model.nodes.find((n) => n.id === "dense_twin_1")?.shares).toBe("dense_1");
  });
});
