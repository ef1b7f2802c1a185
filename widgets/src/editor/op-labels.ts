// The text an operation node (layer "Op") shows: its operator with a constant operand ("+", "× 0.5",
// "2 −", "[:, 0]"), or the function it calls ("ops.mean").
import type { NodeDoc } from "./types";
import type { Json } from "../shared/widget";

/** Operators drawn between two operands (display glyphs, not the Python the export writes). */
const BINARY: Record<string, string> = {
  add: "+",
  subtract: "−",
  multiply: "×",
  divide: "÷",
  true_divide: "÷",
  floor_divide: "//",
  mod: "%",
  power: "**",
  matmul: "@",
  equal: "==",
  not_equal: "≠",
  less: "<",
  less_equal: "≤",
  greater: ">",
  greater_equal: "≥",
  logical_and: "and",
  logical_or: "or",
};

const UNARY: Record<string, string> = { negative: "−x", logical_not: "not x", abs: "|x|" };

export const OP_LAYER = "Op";

export function isOpNode(node: NodeDoc): boolean {
  return node.layer === OP_LAYER;
}

function scalarText(v: Json): string | null {
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "True" : "False";
  return null;
}

/** One part of a get_item key: an index, `:` slices, `None` (a new axis), `...`. */
function keyPart(part: Json): string {
  if (part === null) return "None";
  if (typeof part === "number") return String(part);
  if (part === "...") return "..."; // Python writes Ellipsis as "..." (nnbuilder/catalog/operations.py encode_key)
  if (part && typeof part === "object" && !Array.isArray(part)) {
    const slice = part.slice;
    if (Array.isArray(slice)) {
      const [start, stop, step] = slice.map((s) => (s === null || s === undefined ? "" : String(s)));
      return step ? `${start}:${stop}:${step}` : `${start}:${stop}`;
    }
    if (part.ellipsis === true) return "...";
  }
  return "…";
}

export function itemKeyText(key: Json): string {
  const parts = Array.isArray(key) ? key : [key];
  return `[${parts.map(keyPart).join(", ")}]`;
}

/** What the node does, in a few characters, and the config keys that text already shows. */
export function opText(node: NodeDoc): { text: string; shown: string[] } {
  const op = node.op ?? "?";
  const config = node.config ?? {};
  const symbol = BINARY[op];
  if (symbol) {
    const right = scalarText(config.x2 as Json);
    if (right !== null) return { text: `${symbol} ${right}`, shown: ["x2"] };
    const left = scalarText(config.x1 as Json);
    if (left !== null) return { text: `${left} ${symbol}`, shown: ["x1"] };
    return { text: symbol, shown: [] };
  }
  if (UNARY[op]) return { text: UNARY[op], shown: [] };
  if (op === "get_item" && config.key !== undefined) return { text: itemKeyText(config.key as Json), shown: ["key"] };
  return { text: `ops.${op}`, shown: [] };
}
