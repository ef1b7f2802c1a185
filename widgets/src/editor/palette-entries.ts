// What a palette entry puts on the canvas: a layer's node, or an operation's (layer "Op"), with the edge from
// the selected node when there is one.
import type { SpecIndex } from "./catalog-index";
import { makeNode } from "./graph-edits";
import { makeOpNode, nextOpSlot, type OpIndex, opOfPaletteKey } from "./op-specs";
import type { EdgeDoc, ModelDoc, NodeDoc } from "./types";

/** The node for palette key `key` (a layer name or "Op:<op>") at (x, y) in `model`, fed by `from` when given
 * and the node takes inputs (an op's first tensor argument); null for a key the catalog does not know. */
export function paletteNode(
  key: string,
  specs: SpecIndex,
  ops: OpIndex,
  model: ModelDoc,
  x: number,
  y: number,
  from?: string,
): { node: NodeDoc; edge?: EdgeDoc } | null {
  const opName = opOfPaletteKey(key);
  if (opName !== null) {
    const op = ops.get(opName);
    if (!op) return null;
    const node = makeOpNode(op, model, x, y);
    const slot = from ? nextOpSlot(model, node, op) : null;
    return slot
      ? { node, edge: { source: from as string, target: node.id, port: slot.port, arg: slot.arg } }
      : { node };
  }
  const spec = specs.get(key);
  if (!spec) return null;
  const node = makeNode(spec, model, x, y);
  return from && spec.inputs?.[1] !== 0 ? { node, edge: { source: from, target: node.id, port: 0 } } : { node };
}
