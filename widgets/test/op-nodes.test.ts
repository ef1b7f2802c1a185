// Operation nodes made from the palette and wired by mouse, with the op table as Python sends it
// (test/python-fixtures/operations.json, written by `python -m tests.shared_fixtures` from the catalog payload).
import { describe, expect, it } from "vitest";
import OPERATIONS from "./python-fixtures/operations.json";
import { callParams, setCallArg } from "../src/editor/call-args";
import { canConnect } from "../src/editor/connection-rules";
import { setParam } from "../src/editor/graph-edits";
import {
  indexOps,
  inspectedSpec,
  nextOpSlot,
  opLayerSpec,
  opOfPaletteKey,
  opPaletteKey,
  paletteOps,
} from "../src/editor/op-specs";
import { paletteNode } from "../src/editor/palette-entries";
import { opMatches } from "../src/editor/palette-view";
import { checkInput } from "../src/editor/value-validation";
import type { Catalog, EdgeDoc, LayerSpec, ModelDoc, NodeDoc, OperationsDoc, ProjectDoc } from "../src/editor/types";
import { catalog as layers, p, specs } from "./fixtures";

const operations = OPERATIONS as unknown as OperationsDoc;
const catalog: Catalog = { ...layers, operations };
const ops = indexOps(catalog);
const op = (name: string) => {
  const spec = ops.get(name);
  if (!spec) throw new Error(`the op table sent no ${name}`);
  return spec;
};

const input = (id: string): NodeDoc => ({ id, layer: "Input", config: { shape: [4] }, pos: [0, 0] });
const dense = (id: string): NodeDoc => ({ id, layer: "Dense", config: { units: 4 }, pos: [0, 90] });
const opNode = (id: string, name: string, config = {}): NodeDoc => ({
  id,
  layer: "Op",
  op: name,
  config,
  pos: [0, 180],
});

/** x -> a, x -> b (two Dense layers), and `extra` nodes and edges. */
function model(extra: NodeDoc[] = [], edges: EdgeDoc[] = []): ModelDoc {
  return {
    nodes: [input("x"), dense("a"), dense("b"), dense("c"), ...extra],
    edges: [
      { source: "x", target: "a", port: 0 },
      { source: "x", target: "b", port: 0 },
      { source: "x", target: "c", port: 0 },
      ...edges,
    ],
  };
}

describe("the palette's operations", () => {
  it("come from Python, in its order, each with its tensor arguments", () => {
    const names = paletteOps(catalog).map((o) => o.name);
    expect(names).toEqual(OPERATIONS.palette);
    for (const name of ["add", "subtract", "multiply", "divide", "mean", "concatenate", "reshape", "get_item"]) {
      expect(names).toContain(name);
    }
    expect(op("add").tensors.map((x) => x.name)).toEqual(["x1", "x2"]);
    expect(catalog.operations?.label).toEqual({ en: "Operations", zh: "运算" });
  });

  it("leave out a name the table lacks, and are none without the payload", () => {
    const partial: Catalog = { ...catalog, operations: { ...operations, palette: ["add", "no_such_op"] } };
    expect(paletteOps(partial).map((o) => o.name)).toEqual(["add"]);
    expect(paletteOps(layers)).toEqual([]);
  });

  it("are found by name, operator and help in either language", () => {
    expect(opMatches(op("add"), "add", "en")).toBe(true);
    expect(opMatches(op("add"), "+", "en")).toBe(true);
    expect(opMatches(op("mean"), "ops.mean", "en")).toBe(true);
    expect(opMatches(op("mean"), "平均", "zh")).toBe(true);
    expect(opMatches(op("mean"), "平均", "en")).toBe(false);
    expect(opMatches(op("add"), "conv", "en")).toBe(false);
  });

  it("drop as an Op node named like Keras names it; a layer's key still makes the layer", () => {
    const key = opPaletteKey("add");
    expect(opOfPaletteKey(key)).toBe("add");
    expect(opOfPaletteKey("Dense")).toBeNull();
    const first = paletteNode(key, specs, ops, model(), 10.4, 20.6);
    expect(first).toEqual({ node: { id: "add", layer: "Op", op: "add", config: {}, pos: [10, 21] } });
    const again = paletteNode(key, specs, ops, model([opNode("add", "add")]), 0, 0);
    expect(again?.node.id).toBe("add_1");
    expect(paletteNode("Dense", specs, ops, model(), 0, 0)?.node.layer).toBe("Dense");
    expect(paletteNode(opPaletteKey("no_such_op"), specs, ops, model(), 0, 0)).toBeNull();
  });

  it("fed from the selected node take it as their first tensor argument", () => {
    const made = paletteNode(opPaletteKey("mean"), specs, ops, model(), 0, 0, "a");
    expect(made?.edge).toEqual({ source: "a", target: "mean", port: 0, arg: "x" });
    const joined = paletteNode(opPaletteKey("concatenate"), specs, ops, model(), 0, 0, "a");
    expect(joined?.edge).toEqual({ source: "a", target: "concatenate", port: 0, arg: "xs" });
  });
});

describe("drawing an edge into an operation", () => {
  it("feeds x1, then x2, then refuses: the op is full", () => {
    let m = model([opNode("add", "add")]);
    const one = canConnect(m, specs, {}, "a", "add", "en", ops);
    expect(one).toEqual({ ok: true, port: 0, arg: "x1" });
    m = { ...m, edges: [...m.edges, { source: "a", target: "add", port: 0, arg: "x1" }] };
    expect(canConnect(m, specs, {}, "b", "add", "en", ops)).toEqual({ ok: true, port: 0, arg: "x2" });
    m = { ...m, edges: [...m.edges, { source: "b", target: "add", port: 0, arg: "x2" }] };
    const full = canConnect(m, specs, {}, "c", "add", "en", ops);
    expect(full).toEqual({ ok: false, reason: "ops.add already has every input it takes (x1, x2)" });
    const zh = canConnect(m, specs, {}, "c", "add", "zh", ops);
    expect(zh).toEqual({ ok: false, reason: "ops.add 需要的输入（x1, x2）都已连接" });
  });

  it("fills the argument an edge left free, and may take one source twice (x + x)", () => {
    const m = model([opNode("add", "add")], [{ source: "a", target: "add", port: 0, arg: "x2" }]);
    expect(nextOpSlot(m, m.nodes[4], op("add"))).toEqual({ arg: "x1", port: 0 });
    expect(canConnect(m, specs, {}, "a", "add", "en", ops)).toEqual({ ok: true, port: 0, arg: "x1" });
  });

  it("skips an argument a number stands in for", () => {
    const m = model(
      [opNode("multiply", "multiply", { x2: 0.5 })],
      [{ source: "a", target: "multiply", port: 0, arg: "x1" }],
    );
    const full = canConnect(m, specs, {}, "b", "multiply", "en", ops);
    expect(full.ok).toBe(false);
    const free = model([opNode("multiply", "multiply", { x1: 2 })]);
    expect(canConnect(free, specs, {}, "a", "multiply", "en", ops)).toEqual({ ok: true, port: 0, arg: "x2" });
  });

  it("gives a list argument one port after another, never full", () => {
    let m = model([opNode("concatenate", "concatenate", { axis: -1 })]);
    for (const [port, source] of ["a", "b", "c"].entries()) {
      const v = canConnect(m, specs, {}, source, "concatenate", "en", ops);
      expect(v).toEqual({ ok: true, port, arg: "xs" });
      m = { ...m, edges: [...m.edges, { source, target: "concatenate", port, arg: "xs" }] };
    }
  });

  it("follows where's order: condition, x1, x2", () => {
    let m = model([opNode("where", "where")]);
    const seen: string[] = [];
    for (const source of ["a", "b", "c"]) {
      const v = canConnect(m, specs, {}, source, "where", "en", ops);
      if (!v.ok || !v.arg) throw new Error("refused");
      seen.push(v.arg);
      m = { ...m, edges: [...m.edges, { source, target: "where", port: v.port, arg: v.arg }] };
    }
    expect(seen).toEqual(["condition", "x1", "x2"]);
  });

  it("still refuses a loop, and an op outside the table by name", () => {
    const m = model([opNode("add", "add")], [{ source: "add", target: "a", port: 1 }]);
    const loop = canConnect(m, specs, {}, "a", "add", "en", ops);
    expect(loop.ok).toBe(false);
    if (!loop.ok) expect(loop.reason).toMatch(/loop/);
    const unknown = canConnect(model([opNode("f", "fft")]), specs, {}, "a", "f", "en", ops);
    expect(unknown).toEqual({ ok: false, reason: expect.stringContaining("ops.fft") });
  });
});

describe("an operation's settings in the inspector", () => {
  it("are the op's own arguments, with the field kinds of layer settings", () => {
    const mean = opNode("mean", "mean");
    const spec = inspectedSpec(mean, specs, ops, model([mean]));
    expect(spec?.display).toBe("ops.mean");
    expect(spec?.params.map((p) => [p.name, p.kind])).toEqual([
      ["axis", "axes"],
      ["keepdims", "bool"],
    ]);
    expect(spec?.help.zh).toMatch(/平均/);
  });

  it("add a number for each operand no edge feeds, in both languages", () => {
    const mul = opNode("multiply", "multiply");
    const wired = model([mul], [{ source: "a", target: "multiply", port: 0, arg: "x1" }]);
    const spec = opLayerSpec(op("multiply"), mul, wired);
    expect(spec.params.map((p) => p.name)).toEqual(["x2"]);
    expect(spec.params[0]).toMatchObject({ kind: "float", nullable: true, default: null });
    expect(spec.params[0].help).toMatch(/x2/);
    expect(spec.params[0].help_zh).toMatch(/x2.*数字/);
    const both = { ...wired, edges: [...wired.edges, { source: "b", target: "multiply", port: 0, arg: "x2" }] };
    expect(opLayerSpec(op("multiply"), mul, both).params).toEqual([]);
    // a number given as well as an edge stays in view, so it can be cleared
    expect(opLayerSpec(op("multiply"), { ...mul, config: { x2: 3 } }, both).params.map((p) => p.name)).toEqual(["x2"]);
  });

  it("are checked and written as layer settings are: axis typed, refused, cleared", () => {
    const mean = opNode("mean", "mean");
    const project: ProjectDoc = { models: { model: model([mean]) } };
    const axis = inspectedSpec(mean, specs, ops, project.models.model)?.params[0];
    if (!axis) throw new Error("no axis");
    const typed = checkInput(axis, "1", catalog, "en");
    expect(typed).toEqual({ ok: true, value: 1 });
    expect(checkInput(axis, "1, 2", catalog, "en")).toEqual({ ok: true, value: [1, 2] });
    expect(checkInput(axis, "first", catalog, "en").ok).toBe(false);
    const set = setParam(project, "model", "mean", "axis", 1, axis.default);
    expect(set.models.model.nodes[4]).toEqual({ ...mean, config: { axis: 1 } });
    const cleared = setParam(set, "model", "mean", "axis", null, axis.default);
    expect(cleared.models.model.nodes[4]).toEqual(mean);
  });

  it("are none for an op outside the table; a layer keeps its catalog spec", () => {
    expect(inspectedSpec(opNode("f", "fft"), specs, ops, model())).toBeUndefined();
    expect(inspectedSpec(dense("a"), specs, ops, model())?.name).toBe("Dense");
  });
});

describe("call arguments in the inspector", () => {
  const mha = {
    ...(specs.get("Dense") as LayerSpec),
    name: "MultiHeadAttention",
    call_params: [
      p("use_causal_mask", "bool", { default: false }),
      p("return_attention_scores", "bool", { default: false }),
    ],
  };
  const node: NodeDoc = {
    id: "mha",
    layer: "MultiHeadAttention",
    config: {},
    pos: [0, 0],
    call: { training: true, window: 3 },
  };

  it("are the layer's own (set or not), then the others the node holds, each with a field kind", () => {
    const params = callParams(node, mha);
    expect(params.map((p) => [p.name, p.kind, p.nullable])).toEqual([
      ["use_causal_mask", "bool", false],
      ["return_attention_scores", "bool", false],
      ["training", "bool", true],
      ["window", "any", false],
    ]);
    expect(callParams({ ...node, call: undefined }, undefined)).toEqual([]);
  });

  it("take typed values checked like settings, and clearing one takes it out", () => {
    const window = callParams(node, mha)[3];
    expect(checkInput(window, "[4, 8]", layers, "en")).toEqual({ ok: true, value: [4, 8] });
    expect(checkInput(window, "[4,", layers, "en").ok).toBe(false);
    expect(checkInput(window, "", layers, "en")).toEqual({ ok: true, value: undefined });
    const project: ProjectDoc = { models: { model: { nodes: [node], edges: [] } } };
    const set = setCallArg(project, "model", "mha", "window", [4, 8]);
    expect(set.models.model.nodes[0].call).toEqual({ training: true, window: [4, 8] });
    const out = setCallArg(setCallArg(set, "model", "mha", "window", undefined), "model", "mha", "training", undefined);
    expect(out.models.model.nodes[0]).toEqual({ id: "mha", layer: "MultiHeadAttention", config: {}, pos: [0, 0] });
    expect(project.models.model.nodes[0].call).toEqual({ training: true, window: 3 }); // nothing mutated
  });
});
