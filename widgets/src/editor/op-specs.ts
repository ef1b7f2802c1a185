// Operation nodes (layer "Op") as the palette, the connection rules and the inspector see them, from the op
// table Python sends in the catalog (`catalog.operations`: nnbuilder/catalog/operations.py via ui/_catalog.py).
import { hasOwn } from "../shared/own-key";
import { roundPos, takenIds } from "./graph-edits";
import { t } from "./i18n";
import { newNodeId } from "./node-ids";
import { isOpNode, OP_LAYER } from "./op-labels";
import type { Catalog, LayerSpec, ModelDoc, NodeDoc, OpSpecDoc, ParamSpec } from "./types";

export type OpIndex = Map<string, OpSpecDoc>;

/** What a palette entry of an operation carries when dragged: "Op:add" (a layer entry carries its layer name). */
const KEY_PREFIX = `${OP_LAYER}:`;

export function opPaletteKey(op: string): string {
  return `${KEY_PREFIX}${op}`;
}

/** The op a palette key names, or null for a layer's key. */
export function opOfPaletteKey(key: string): string | null {
  return key.startsWith(KEY_PREFIX) ? key.slice(KEY_PREFIX.length) : null;
}

/** Every op of the table, by keras.ops function name. */
export function indexOps(catalog: Catalog | null | undefined): OpIndex {
  return new Map(Object.entries(catalog?.operations?.specs ?? {}));
}

/** The palette's operations, in the order Python lists them (names the table lacks are left out). */
export function paletteOps(catalog: Catalog | null | undefined): OpSpecDoc[] {
  const specs = catalog?.operations?.specs ?? {};
  return (catalog?.operations?.palette ?? []).filter((name) => hasOwn(specs, name)).map((name) => specs[name]);
}

/** A node calling `op`, fresh from the palette: its id the op's name as Keras names it (add, add_1, …). */
export function makeOpNode(op: OpSpecDoc, model: ModelDoc, x: number, y: number): NodeDoc {
  return { id: newNodeId(op.name, takenIds(model)), layer: OP_LAYER, op: op.name, config: {}, pos: roundPos(x, y) };
}

/** The argument and port a new edge into `node` feeds: the first tensor argument that neither an edge nor a
 * number in `config` gives, in the op's order (x1, then x2); a list argument (concatenate's xs) takes one
 * more port each time. Null when every argument is given: the op takes no more inputs. */
export function nextOpSlot(model: ModelDoc, node: NodeDoc, op: OpSpecDoc): { arg: string; port: number } | null {
  for (const tensor of op.tensors) {
    const ports = new Set(
      model.edges.filter((e) => e.target === node.id && e.arg === tensor.name).map((e) => e.port ?? 0),
    );
    if (tensor.many) {
      let port = 0;
      while (ports.has(port)) port += 1;
      return { arg: tensor.name, port };
    }
    if (ports.size || (tensor.constant && hasOwn(node.config ?? {}, tensor.name))) continue;
    return { arg: tensor.name, port: 0 };
  }
  return null;
}

/** A number standing in for tensor argument `arg` (x2 of `x * 0.5`): none unless set. */
function constantParam(arg: string): ParamSpec {
  return {
    name: arg,
    kind: "float",
    required: false,
    default: null,
    nullable: true,
    key: false,
    advanced: false,
    help: t("en", "opConstantHelp", { arg }),
    help_zh: t("zh", "opConstantHelp", { arg }),
  };
}

/** An op node's settings as the inspector edits them, in the shape of a layer's spec: the op's own arguments
 * (axis, keepdims, …), then a number for each tensor argument that may be one and that no edge feeds (or that
 * holds a number already, so it can be cleared). */
export function opLayerSpec(op: OpSpecDoc, node: NodeDoc, model: ModelDoc): LayerSpec {
  const fed = new Set(model.edges.filter((e) => e.target === node.id && e.arg).map((e) => e.arg as string));
  const constants = op.tensors
    .filter((x) => x.constant && (!fed.has(x.name) || hasOwn(node.config ?? {}, x.name)))
    .map((x) => constantParam(x.name));
  return {
    name: OP_LAYER,
    category: op.category,
    display: `ops.${op.name}`,
    inputs: [1, op.tensors.some((x) => x.many) ? null : op.tensors.length],
    help: op.help,
    params: [...op.params, ...constants],
    starter: {},
  };
}

/** The spec the inspector shows for `node`: its layer's, or for an op node the op's settings (undefined for
 * an op outside the table or a layer outside the catalog). */
export function inspectedSpec(
  node: NodeDoc,
  specs: Map<string, LayerSpec>,
  ops: OpIndex,
  model: ModelDoc,
): LayerSpec | undefined {
  if (!isOpNode(node)) return specs.get(node.layer);
  const op = ops.get(node.op ?? "");
  return op ? opLayerSpec(op, node, model) : undefined;
}
