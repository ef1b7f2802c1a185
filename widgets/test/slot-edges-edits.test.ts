// Every edit of the canvas on a format v2 graph keeps which output an edge carries, the keyword it feeds, the
// call arguments and operation of a node, and the model outputs that name a later output.
import cytoscape from "cytoscape";
import { describe, expect, it } from "vitest";
import { syncCanvas } from "../src/editor/canvas-sync";
import { copyNodes, pasteClip } from "../src/editor/clipboard";
import { canConnect } from "../src/editor/connection-rules";
import { normalEdge } from "../src/editor/edge-slots";
import { addEdge, deleteEdges, deleteNodes, moveNodes, setParam } from "../src/editor/graph-edits";
import { type EdgeData, edgeId, edgesWithIds, modelElements, type NodeData } from "../src/editor/graph-elements";
import type { EdgeDoc, ProjectDoc } from "../src/editor/types";
import { UndoStack } from "../src/editor/undo-stack";
import { present } from "./fixtures";
import { infosV2, seq2seq, slotEdges, specsV2 } from "./fixtures-v2";

const edges = (doc: ProjectDoc) => doc.models.model.edges;
const node = (doc: ProjectDoc, id: string) =>
  present(
    doc.models.model.nodes.find((n) => n.id === id),
    `node ${id}`,
  );
const STATES = seq2seq().models.model.edges.filter((e) => e.arg === "initial_state");

describe("drawing a format v2 graph", () => {
  const elements = modelElements(seq2seq().models.model, specsV2, infosV2);
  const edgeData = elements.filter((e) => e.group === "edges").map((e) => e.data as EdgeData);

  it("gives every edge its own element id, with its output and keyword", () => {
    expect(new Set(edgeData.map((d) => d.id)).size).toBe(9);
    const h = present(
      edgeData.find((d) => d.id === "enc:1->dec#initial_state:0"),
      "the state_h edge",
    );
    expect([h.output, h.arg, h.port]).toEqual([1, "initial_state", 0]);
    expect(edgeData.find((d) => d.id === "tgt->dec#0")).toMatchObject({ output: 0, arg: "", label: "" });
  });

  it("labels an edge from a later output or into a keyword, by the output's name", () => {
    const labels = Object.fromEntries(edgeData.map((d) => [d.id, d.label]));
    expect(labels["enc:1->dec#initial_state:0"]).toBe("state_h → initial_state[0]");
    expect(labels["enc:2->dec#initial_state:1"]).toBe("state_c → initial_state[1]");
    expect(labels["mha->add#x1:0"]).toBe("x1");
    expect(labels["dec->add#x2:0"]).toBe("x2");
    expect(labels["dec->mha#1"]).toBe("");
    const classes = Object.fromEntries(elements.filter((e) => e.group === "edges").map((e) => [e.data.id, e.classes]));
    expect(classes["enc:1->dec#initial_state:0"]).toBe("nnb-slot");
    expect(classes["src->enc#0"]).toBe("");
  });

  it("names an output by number, in the editor's language, when check() gives no names", () => {
    const label = (lang: "en" | "zh") => {
      const all = modelElements(seq2seq().models.model, specsV2, undefined, lang);
      return (
        present(
          all.find((e) => e.data.id === "enc:1->dec#initial_state:0"),
          "the edge",
        ).data as EdgeData
      ).label;
    };
    expect(label("zh")).toBe("输出 1 → initial_state[0]");
    expect(label("en")).toBe("output 1 → initial_state[0]");
  });

  it("draws operation nodes with their operator and a class of their own", () => {
    const add = present(
      elements.find((e) => e.data.id === "add"),
      "the node add",
    );
    const scale = present(
      elements.find((e) => e.data.id === "scale"),
      "the node scale",
    );
    expect((add.data as NodeData).label.split("\n")).toEqual(["+", "add", "(None, 5, 4)"]);
    expect((scale.data as NodeData).label.split("\n")[0]).toBe("× 0.5");
    expect(add.classes).toContain("nnb-op");
    expect(elements.find((e) => e.data.id === "dec")?.classes).not.toContain("nnb-op");
  });

  it("puts the edges on a canvas and relabels them when the language changes", () => {
    const cy = cytoscape({ headless: true, styleEnabled: false });
    const model = seq2seq().models.model;
    syncCanvas(cy, model, specsV2, undefined, true, new Set());
    const id = "enc:2->dec#initial_state:1";
    expect(cy.getElementById(id).data("label")).toBe("output 2 → initial_state[1]");
    expect(cy.getElementById(id).data("arg")).toBe("initial_state");
    syncCanvas(cy, model, specsV2, undefined, false, new Set(), "zh");
    expect(cy.getElementById(id).data("label")).toBe("输出 2 → initial_state[1]");
    syncCanvas(cy, model, specsV2, infosV2, false, new Set(), "zh");
    expect(cy.getElementById(id).data("label")).toBe("state_c → initial_state[1]");
    expect(cy.edges().length).toBe(9);
    cy.destroy();
  });
});

describe("editing a format v2 graph", () => {
  it("moves nodes without touching an edge, an operation or a call argument", () => {
    const doc = seq2seq();
    const moved = moveNodes(doc, "model", new Map([["enc", [40, 160] as [number, number]]]));
    expect(node(moved, "enc").pos).toEqual([40, 160]);
    expect(edges(moved)).toEqual(edges(seq2seq()));
    expect(node(moved, "mha").call).toEqual({ use_causal_mask: true, return_attention_scores: true });
    expect(node(moved, "scale")).toMatchObject({ layer: "Op", op: "multiply", config: { x2: 0.5 } });
    expect(moved.models.model.outputs).toEqual(["scale", { node: "mha", output: 1 }]);
  });

  it("undoes and redoes a move back to exactly the document it had", () => {
    const undo = new UndoStack<ProjectDoc>();
    const start = seq2seq();
    const moved = moveNodes(start, "model", new Map([["dec", [320, 250] as [number, number]]]));
    undo.record(start);
    const back = present(undo.undo(moved), "the document before the move");
    expect(back).toEqual(seq2seq());
    const again = present(undo.redo(back), "the moved document");
    expect(slotEdges(again)).toEqual(slotEdges(seq2seq()));
    expect(node(again, "dec").pos).toEqual([320, 250]);
  });

  it("deletes a node with its edges and its entries in the outputs, and keeps the other edges whole", () => {
    const doc = deleteNodes(seq2seq(), "model", ["mha"]);
    expect(doc.models.model.outputs).toEqual(["scale"]);
    expect(edges(doc).some((e) => e.source === "mha" || e.target === "mha")).toBe(false);
    expect(slotEdges(doc)).toEqual(slotEdges(seq2seq()).filter((e) => e.source !== "mha"));
  });

  it("deletes only the selected edge, found by its element id, never its neighbour in another slot", () => {
    const doc = seq2seq();
    const chosen = edgesWithIds(doc.models.model, ["enc:2->dec#initial_state:1"]);
    expect(chosen).toEqual([STATES[1]]);
    const after = deleteEdges(doc, "model", chosen);
    expect(edges(after)).toEqual(edges(seq2seq()).filter((e) => e !== edges(seq2seq())[3] && e.output !== 2));
    expect(edges(after)).toContainEqual(STATES[0]);
    // the main input at port 0 and the first state at port 0 are different slots
    const main = deleteEdges(doc, "model", edgesWithIds(doc.models.model, ["tgt->dec#0"]));
    expect(slotEdges(main)).toEqual(slotEdges(seq2seq()));
    expect(edges(main).length).toBe(8);
  });

  it("keeps an operation node and the call arguments when a setting changes", () => {
    const doc = setParam(seq2seq(), "model", "mha", "num_heads", 4, undefined, true);
    expect(node(doc, "mha").call).toEqual({ use_causal_mask: true, return_attention_scores: true });
    const op = setParam(seq2seq(), "model", "scale", "x2", 2, undefined, true);
    expect(node(op, "scale")).toMatchObject({ op: "multiply", config: { x2: 2 } });
  });

  it("pastes copies whose edges carry the same outputs into the same keywords", () => {
    const doc = seq2seq();
    const copied = ["enc", "dec", "mha", "add"];
    const clip = copyNodes(doc.models.model, copied);
    const { project, ids } = pasteClip(doc, "model", clip, 40);
    expect(ids).toEqual(["enc_1", "dec_1", "mha_1", "add_1"]);
    const pasted = edges(project).filter((e) => ids.includes(e.target));
    // every edge among the copied nodes, between the copies, with its output, keyword and port
    const within = edges(seq2seq()).filter((e) => copied.includes(e.source) && copied.includes(e.target));
    expect(within.map(edgeId)).toEqual([
      "enc:1->dec#initial_state:0",
      "enc:2->dec#initial_state:1",
      "dec->mha#0",
      "dec->mha#1",
      "mha->add#x1:0",
      "dec->add#x2:0",
    ]);
    expect(pasted).toEqual(within.map((e) => ({ ...e, source: `${e.source}_1`, target: `${e.target}_1` })));
    expect(node(project, "mha_1").call).toEqual({ use_causal_mask: true, return_attention_scores: true });
    expect(node(project, "add_1")).toMatchObject({ layer: "Op", op: "add" });
    expect(edges(project).slice(0, 9)).toEqual(edges(seq2seq())); // the originals are untouched
  });

  it("duplicates twice from one copy, each duplicate with its own whole edges", () => {
    const doc = seq2seq();
    const clip = copyNodes(doc.models.model, ["enc", "dec"]);
    const once = pasteClip(doc, "model", clip, 40).project;
    const twice = pasteClip(once, "model", clip, 80);
    expect(twice.ids).toEqual(["enc_2", "dec_2"]);
    const states = (doc: ProjectDoc, target: string) =>
      edges(doc).filter((e) => e.target === target && e.arg === "initial_state");
    expect(states(twice.project, "dec_1").map((e) => [e.source, e.output, e.port])).toEqual([
      ["enc_1", 1, 0],
      ["enc_1", 2, 1],
    ]);
    expect(states(twice.project, "dec_2").map((e) => [e.source, e.output, e.port])).toEqual([
      ["enc_2", 1, 0],
      ["enc_2", 2, 1],
    ]);
  });

  it("reconnects a main input beside keyword edges: the keyword edges neither fill the inputs nor take the port", () => {
    const doc = seq2seq();
    const cut = deleteEdges(doc, "model", edgesWithIds(doc.models.model, ["tgt->dec#0"]));
    const verdict = canConnect(cut.models.model, specsV2, infosV2, "tgt", "dec");
    expect(verdict).toEqual({ ok: true, port: 0 });
    const back = addEdge(cut, "model", { source: "tgt", target: "dec", port: 0 });
    const key = (e: EdgeDoc) => edgeId(e);
    expect(edges(back).map(key).sort()).toEqual(edges(seq2seq()).map(key).sort());
    expect(slotEdges(back)).toEqual(slotEdges(seq2seq()));
    // with the main input there, the LSTM's one input is full (the two states do not count toward it)
    const full = canConnect(doc.models.model, specsV2, infosV2, "src", "dec");
    expect(full.ok).toBe(false);
    expect(!full.ok && full.reason).toBe("LSTM takes 1 input and already has 1");
  });

  it("sends Python edges in the form Python writes them, so a saved and reloaded document is the same", () => {
    let doc = seq2seq();
    doc = moveNodes(doc, "model", new Map([["add", [280, 470] as [number, number]]]));
    doc = pasteClip(doc, "model", copyNodes(doc.models.model, ["enc", "dec", "add", "scale"]), 40).project;
    doc = deleteEdges(doc, "model", edgesWithIds(doc.models.model, ["tgt->dec#0"]));
    doc = addEdge(doc, "model", { source: "tgt", target: "dec", port: 0 });
    doc = deleteNodes(doc, "model", ["mha"]);
    const saved = JSON.parse(JSON.stringify(doc)) as ProjectDoc;
    expect(saved).toEqual(doc);
    for (const e of edges(saved)) expect(e).toEqual(normalEdge(e));
    expect(slotEdges(saved).filter((e) => e.target === "dec_1")).toEqual([
      { source: "enc_1", target: "dec_1", port: 0, output: 1, arg: "initial_state" },
      { source: "enc_1", target: "dec_1", port: 1, output: 2, arg: "initial_state" },
    ]);
    expect(slotEdges(saved).filter((e) => e.target === "dec")).toEqual(STATES);
  });
});
