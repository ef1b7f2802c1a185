// A node's call arguments that are not tensors (use_causal_mask, return_attention_scores, …): how they read,
// and the edit that sets one. Python checks the names and values of every document it takes.
import { withModel } from "./graph-edits";
import { isOpNode } from "./op-labels";
import type { LayerSpec, NodeDoc, ParamSpec, ProjectDoc } from "./types";
import type { Json } from "../shared/widget";

/** A call argument's value as Python writes it: True/False/None, numbers, quoted text, lists. */
export function callValueText(v: Json): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(callValueText).join(", ")}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}: ${callValueText(x)}`)
    .join(", ")}}`;
}

export interface CallRow {
  name: string;
  value: Json;
  text: string;
}

/** The operation (for an Op node) and each call argument, by name. */
export function callRows(node: NodeDoc): { op: string | null; args: CallRow[] } {
  const call = node.call ?? {};
  const args = Object.keys(call)
    .sort()
    .map((name) => ({ name, value: call[name], text: callValueText(call[name]) }));
  return { op: isOpNode(node) ? `keras.ops.${node.op ?? "?"}` : null, args };
}

/** Set call argument `name` of node `nodeId` in model `model` (`undefined` takes it out; a node left with no
 * call arguments has no `call`, as Python writes it); the node keeps everything else. */
export function setCallArg(
  project: ProjectDoc,
  model: string,
  nodeId: string,
  name: string,
  value: Json | undefined,
): ProjectDoc {
  const m = project.models[model];
  const nodes = m.nodes.map((n) => {
    if (n.id !== nodeId) return n;
    const { call: old, ...rest } = n;
    const call = { ...(old ?? {}) };
    if (value === undefined) delete call[name];
    else call[name] = value;
    return Object.keys(call).length ? { ...rest, call } : rest;
  });
  return withModel(project, model, { ...m, nodes });
}

/** Keras' `training` argument, which every layer's call takes: true, false, or none (follow the model). */
const TRAINING: ParamSpec = {
  name: "training",
  kind: "bool",
  required: false,
  default: null,
  nullable: true,
  key: false,
  advanced: false,
};

/** A call argument the catalog does not describe: a switch when it holds true/false, JSON text otherwise
 * (cleared, it is taken out). */
function describedBy(name: string, value: Json): ParamSpec {
  const kind = typeof value === "boolean" ? "bool" : "any";
  return { name, kind, required: false, default: null, nullable: false, key: false, advanced: false };
}

/** The call arguments the inspector edits on `node`: those its layer's call takes (set or not), then any
 * other one the node holds (`training`, or an argument of a layer outside the catalog). */
export function callParams(node: NodeDoc, spec: LayerSpec | undefined): ParamSpec[] {
  const call = node.call ?? {};
  const own = isOpNode(node) ? [] : (spec?.call_params ?? []);
  const named = new Set(own.map((p) => p.name));
  const rest = Object.keys(call)
    .filter((name) => !named.has(name))
    .sort()
    .map((name) => (name === TRAINING.name ? TRAINING : describedBy(name, call[name])));
  return [...own, ...rest];
}
