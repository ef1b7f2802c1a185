import { describe, expect, it } from "vitest";
import { callRows, callValueText, setCallArg } from "../src/editor/call-args";
import { nodeLabel } from "../src/editor/graph-elements";
import { t } from "../src/editor/i18n";
import { itemKeyText, opText } from "../src/editor/op-labels";
import type { NodeDoc } from "../src/editor/types";
import type { Json } from "../src/shared/widget";
import { seq2seq } from "./fixtures-v2";

const op = (name: string, config: Record<string, Json> = {}): NodeDoc => ({
  id: name,
  layer: "Op",
  op: name,
  config,
  pos: [0, 0],
});

describe("what an operation node shows", () => {
  it("shows an operator, with a constant operand on its side", () => {
    expect(opText(op("add")).text).toBe("+");
    expect(opText(op("multiply", { x2: 0.5 })).text).toBe("× 0.5");
    expect(opText(op("subtract", { x1: 2 })).text).toBe("2 −");
    expect(opText(op("matmul")).text).toBe("@");
    expect(opText(op("negative")).text).toBe("−x");
  });

  it("shows a function by its name, and its settings on a line below", () => {
    expect(opText(op("mean", { axis: 1 }))).toEqual({ text: "ops.mean", shown: [] });
    const label = nodeLabel({ ...op("mean", { axis: 1, keepdims: true }), id: "pool" }, undefined, undefined);
    expect(label.split("\n")).toEqual(["ops.mean", "pool", "axis 1 · keepdims yes", "?"]);
    const zh = nodeLabel({ ...op("mean", { keepdims: true }), id: "pool" }, undefined, undefined, "zh");
    expect(zh.split("\n")[2]).toBe(`keepdims ${t("zh", "yes")}`);
  });

  it("writes a get_item key as Python indexing", () => {
    expect(opText(op("get_item", { key: [{ slice: [null, null, null] }, 0] })).text).toBe("[:, 0]");
    expect(itemKeyText([{ slice: [1, null, 2] }, null, { ellipsis: true }])).toBe("[1::2, None, ...]");
    expect(itemKeyText(-1)).toBe("[-1]");
    const label = nodeLabel(op("get_item", { key: [{ slice: [null, -1, null] }] }), undefined, undefined);
    expect(label.split("\n")).toEqual(["[:-1]", "get_item", "?"]);
  });

  it("marks an operation with a problem", () => {
    const problem = { code: "op_broadcast", message: "cannot broadcast", severity: "error" };
    const info = { layer: "Op", input_shapes: [], output_shape: null, trainable: 0, non_trainable: 0 };
    expect(nodeLabel(op("add"), undefined, { ...info, problems: [problem] }).split("\n")[0]).toBe("⚠ +");
  });
});

describe("the call arguments the inspector shows", () => {
  it("lists the operation and each call argument as Python writes the value", () => {
    const mha: NodeDoc = {
      id: "mha",
      layer: "MultiHeadAttention",
      config: {},
      pos: [0, 0],
      call: { use_causal_mask: true, return_attention_scores: false, training: null },
    };
    expect(callRows(mha).op).toBeNull();
    expect(callRows(mha).args.map((r) => [r.name, r.text])).toEqual([
      ["return_attention_scores", "False"],
      ["training", "None"],
      ["use_causal_mask", "True"],
    ]);
    expect(callRows(op("add"))).toEqual({ op: "keras.ops.add", args: [] });
    expect(callValueText([1, "a", { k: [true] }])).toBe('[1, "a", {"k": [True]}]');
  });
});

describe("setting a call argument", () => {
  it("changes that argument of that node only, keeping its other arguments, edges and outputs", () => {
    const doc = seq2seq();
    const next = setCallArg(doc, "model", "mha", "use_causal_mask", false);
    const mha = next.models.model.nodes.find((n) => n.id === "mha");
    expect(mha?.call).toEqual({ use_causal_mask: false, return_attention_scores: true });
    expect(next.models.model.edges).toBe(doc.models.model.edges);
    expect(next.models.model.outputs).toEqual(doc.models.model.outputs);
    expect(doc.models.model.nodes.find((n) => n.id === "mha")?.call?.use_causal_mask).toBe(true); // not mutated
    const dec = setCallArg(doc, "model", "dec", "training", true).models.model.nodes.find((n) => n.id === "dec");
    expect(dec?.call).toEqual({ training: true });
  });
});
