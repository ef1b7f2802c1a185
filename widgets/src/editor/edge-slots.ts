// What identifies an edge and the slot it fills, and the model outputs that may name one output of a node.
// A slot is (target, arg, port): one edge per slot, as Python's Graph.from_dict says
// (test/python-fixtures/edge-identity.json holds Python's answers). Every edit that rebuilds an edge
// goes through here so that `output` and `arg` are never dropped.
import type { EdgeDoc, ModelDoc, OutputRef } from "./types";

/** Which output of its source an edge carries (absent: 0). */
export function edgeOutput(e: EdgeDoc): number {
  return e.output ?? 0;
}

/** The slot an edge fills on its target, as one string: (target, arg, port). */
export function slotKey(e: EdgeDoc): string {
  return JSON.stringify([e.target, e.arg ?? null, e.port ?? 0]);
}

/** The same edge: same source output into the same slot. */
export function sameEdge(a: EdgeDoc, b: EdgeDoc): boolean {
  return a.source === b.source && edgeOutput(a) === edgeOutput(b) && slotKey(a) === slotKey(b);
}

/** An edge as Python writes it (Edge.to_dict): `output` only when not 0, `arg` only when set. */
export function normalEdge(e: EdgeDoc): EdgeDoc {
  const out: EdgeDoc = { source: e.source, target: e.target, port: e.port ?? 0 };
  if (edgeOutput(e) !== 0) out.output = edgeOutput(e);
  if (e.arg !== undefined && e.arg !== null) out.arg = e.arg;
  return out;
}

/** The same edge between other ends (a pasted copy): its output, arg and port are kept. */
export function withEnds(e: EdgeDoc, source: string, target: string): EdgeDoc {
  return { ...normalEdge(e), source, target };
}

/** Pairs of edge indexes [i, j] (i < j) that fill the same slot. */
export function slotClashes(edges: EdgeDoc[]): [number, number][] {
  const first = new Map<string, number>();
  const out: [number, number][] = [];
  edges.forEach((e, j) => {
    const key = slotKey(e);
    const i = first.get(key);
    if (i === undefined) first.set(key, j);
    else out.push([i, j]);
  });
  return out;
}

/** The edges into `target`'s main inputs (those that name no arg). */
export function mainInputs(model: ModelDoc, target: string): EdgeDoc[] {
  return model.edges.filter((e) => e.target === target && (e.arg === undefined || e.arg === null));
}

/** The node an output entry names. */
export function outputNode(ref: OutputRef): string {
  return typeof ref === "string" ? ref : ref.node;
}
