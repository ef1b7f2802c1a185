// Whether an edge source -> target may be drawn, and on which port.
import type { SpecIndex } from "./catalog-index";
import { edgeOutput, mainInputs } from "./edge-slots";
import { formatShape } from "./graph-elements";
import { t, tCount } from "./i18n";
import { isOpNode } from "./op-labels";
import { nextOpSlot, type OpIndex } from "./op-specs";
import type { ModelDoc, NodeCheck, NodeDoc } from "./types";
import type { Language } from "../shared/widget";

/** Whether an edge may be drawn; when it may, the port it takes and, into an operation, the argument it feeds. */
export type Verdict = { ok: true; port: number; arg?: string } | { ok: false; reason: string };

/** Smallest port number not used by a main input of `target` (edges into a call keyword have ports of their own). */
export function nextFreePort(model: ModelDoc, target: string): number {
  const used = new Set(mainInputs(model, target).map((e) => e.port ?? 0));
  let port = 0;
  while (used.has(port)) port += 1;
  return port;
}

/** True when `to` can be reached from `from` along edges. */
export function reaches(model: ModelDoc, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of model.edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length) {
    const id = stack.pop() as string;
    if (id === to) return true;
    for (const t of next.get(id) ?? []) {
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return false;
}

export function canConnect(
  model: ModelDoc,
  specs: SpecIndex,
  infos: Record<string, NodeCheck> | undefined,
  source: string,
  target: string,
  lang: Language = "en",
  ops: OpIndex = new Map(),
): Verdict {
  const src = model.nodes.find((n) => n.id === source);
  const tgt = model.nodes.find((n) => n.id === target);
  if (!src || !tgt) return { ok: false, reason: t(lang, "unknownNode") };
  if (source === target) return { ok: false, reason: t(lang, "selfLoop") };
  const spec = specs.get(tgt.layer);
  if (spec && spec.inputs?.[1] === 0) return { ok: false, reason: t(lang, "takesNoInputs", { layer: spec.display }) };
  // a drawn edge takes output 0 into the main inputs: only such an edge is the same connection
  if (mainInputs(model, target).some((e) => e.source === source && edgeOutput(e) === 0)) {
    return { ok: false, reason: t(lang, "alreadyConnected", { s: source, t: target }) };
  }
  if (reaches(model, target, source)) {
    return { ok: false, reason: t(lang, "makesLoop", { s: source, t: target }) };
  }
  if (isOpNode(tgt)) return opVerdict(model, ops, tgt, lang);
  if (spec) {
    const [, max] = spec.inputs;
    const have = mainInputs(model, target).length;
    if (max !== null && max !== undefined && have >= max) {
      return { ok: false, reason: tCount(lang, "inputsFull", max, { layer: spec.display, have }) };
    }
    const shape = infos?.[source]?.output_shape;
    const ranks = spec.ranks;
    if (Array.isArray(ranks) && ranks.length && Array.isArray(shape) && !ranks.includes(shape.length)) {
      const want = ranks.join(t(lang, "or"));
      return {
        ok: false,
        reason: t(lang, "needsRank", { layer: spec.display, want, source, shape: formatShape(shape) }),
      };
    }
  }
  return { ok: true, port: nextFreePort(model, target) };
}

/** An edge into an operation feeds its next free tensor argument (x1, then x2; a list argument one port
 * after another); a full operation refuses, as a full layer does. The same source may feed two arguments
 * (x + x). */
function opVerdict(model: ModelDoc, ops: OpIndex, node: NodeDoc, lang: Language): Verdict {
  const op = ops.get(node.op ?? "");
  if (!op) return { ok: false, reason: t(lang, "opArgsUnknown", { op: node.op ?? "?" }) };
  const slot = nextOpSlot(model, node, op);
  if (!slot) {
    const args = op.tensors.map((x) => x.name).join(", ");
    return { ok: false, reason: t(lang, "opFull", { op: `ops.${op.name}`, args }) };
  }
  return { ok: true, port: slot.port, arg: slot.arg };
}
