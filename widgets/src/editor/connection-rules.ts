// Whether an edge source -> target may be drawn, and on which port.
import type { SpecIndex } from "./catalog-index";
import { formatShape } from "./graph-elements";
import { t, tCount } from "./i18n";
import type { ModelDoc, NodeCheck } from "./types";
import type { Language } from "../shared/widget";

export type Verdict = { ok: true; port: number } | { ok: false; reason: string };

/** Smallest port number not used by an input of `target`. */
export function nextFreePort(model: ModelDoc, target: string): number {
  const used = new Set(model.edges.filter((e) => e.target === target).map((e) => e.port ?? 0));
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
): Verdict {
  const src = model.nodes.find((n) => n.id === source);
  const tgt = model.nodes.find((n) => n.id === target);
  if (!src || !tgt) return { ok: false, reason: t(lang, "unknownNode") };
  if (source === target) return { ok: false, reason: t(lang, "selfLoop") };
  const spec = specs.get(tgt.layer);
  if (spec && spec.inputs?.[1] === 0) return { ok: false, reason: t(lang, "takesNoInputs", { layer: spec.display }) };
  if (model.edges.some((e) => e.source === source && e.target === target)) {
    return { ok: false, reason: t(lang, "alreadyConnected", { s: source, t: target }) };
  }
  if (reaches(model, target, source)) {
    return { ok: false, reason: t(lang, "makesLoop", { s: source, t: target }) };
  }
  if (spec) {
    const [, max] = spec.inputs;
    const have = model.edges.filter((e) => e.target === target).length;
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
