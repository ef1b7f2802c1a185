// What identifies an edge, as Python says it (test/python-fixtures/edge-identity.json, written by
// `python -m tests.shared_fixtures` from nnbuilder's own document code).
import { describe, expect, it } from "vitest";
import FIXTURE from "./python-fixtures/edge-identity.json";
import { normalEdge, slotClashes, slotKey } from "../src/editor/edge-slots";
import { deleteEdges, deleteNodes } from "../src/editor/graph-edits";
import { edgeId, edgesWithIds } from "../src/editor/graph-elements";
import type { EdgeDoc, ModelDoc, ProjectDoc } from "../src/editor/types";

const project = (model: ModelDoc): ProjectDoc => ({ models: { model } });

describe("edge identity, as Python's document says it", () => {
  it("writes an edge as Python writes it: port always, output only when not 0, arg only when set", () => {
    expect(FIXTURE.written.length).toBeGreaterThan(0);
    for (const { given, written, slot } of FIXTURE.written) {
      expect(normalEdge(given as EdgeDoc)).toEqual(written);
      expect(slotKey(given as EdgeDoc)).toBe(JSON.stringify(slot));
    }
  });

  it("finds the same slot clashes Python refuses a document for, and only those", () => {
    expect(FIXTURE.slots.some((c) => c.accepted)).toBe(true);
    expect(FIXTURE.slots.some((c) => !c.accepted)).toBe(true);
    for (const c of FIXTURE.slots) {
      const clashes = slotClashes(c.edges as EdgeDoc[]);
      expect([c.case, clashes[0] ?? null]).toEqual([c.case, c.clash]);
      // the element ids drawn on the canvas are as distinct as the slots Python takes
      if (c.accepted) expect(new Set(c.edges.map((e) => edgeId(e as EdgeDoc))).size).toBe(c.edges.length);
    }
  });

  it("takes out the edge a remove_edge fix takes out, and nothing else", () => {
    expect(FIXTURE.remove_edge.length).toBeGreaterThan(0);
    for (const c of FIXTURE.remove_edge) {
      const model: ModelDoc = { nodes: [], edges: c.before as EdgeDoc[] };
      const after = deleteEdges(project(model), "model", [c.remove as EdgeDoc]).models.model;
      expect([c.case, after.edges]).toEqual([c.case, c.after]);
    }
  });

  it("finds by element id the very edge the document holds", () => {
    const edges = FIXTURE.remove_edge[0].before as EdgeDoc[];
    const model: ModelDoc = { nodes: [], edges };
    for (const e of edges) expect(edgesWithIds(model, [edgeId(e)])).toEqual([e]);
  });

  it("deletes nodes as Python's remove_node does: their edges and their entries in the outputs", () => {
    expect(FIXTURE.delete_nodes.length).toBeGreaterThan(0);
    for (const c of FIXTURE.delete_nodes) {
      const after = deleteNodes(project(c.before as ModelDoc), "model", c.delete).models.model;
      expect([c.case, after]).toEqual([c.case, c.after]);
    }
  });
});
