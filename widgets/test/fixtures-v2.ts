// A format v2 project: an LSTM's states (outputs 1 and 2) into another LSTM's initial_state, attention with call
// arguments whose second output is a model output, and two operation nodes fed by keyword.
import { indexCatalog } from "../src/editor/catalog-index";
import type { Catalog, EdgeDoc, NodeCheck, ProjectDoc } from "../src/editor/types";
import { catalog, layer, p } from "./fixtures";

const recurrent = layer(
  "LSTM",
  "recurrent",
  [1, 1],
  [p("units", "int", { required: true, min: 1, key: true }), p("return_state", "bool", { default: false })],
  { units: 32 },
  [3],
);

const attention = layer(
  "MultiHeadAttention",
  "attention",
  [2, 3],
  [p("num_heads", "int", { required: true, min: 1, key: true })],
  { num_heads: 2, key_dim: 4 },
  [3],
);

export const catalogV2: Catalog = {
  ...catalog,
  categories: [
    ...catalog.categories,
    { category: "recurrent", label: { en: "Recurrent", zh: "循环" }, layers: [recurrent] },
    { category: "attention", label: { en: "Attention", zh: "注意力" }, layers: [attention] },
  ],
};

export const specsV2 = indexCatalog(catalogV2);

/** The edges that carry an output other than 0 or feed a keyword: what an edit must never lose. */
export function slotEdges(doc: ProjectDoc, name = "model"): EdgeDoc[] {
  return doc.models[name].edges.filter((e) => e.output !== undefined || e.arg !== undefined);
}

export function seq2seq(): ProjectDoc {
  return {
    format: "nnbuilder",
    version: 2,
    models: {
      model: {
        nodes: [
          { id: "src", layer: "Input", config: { shape: [5, 3] }, pos: [0, 0] },
          { id: "tgt", layer: "Input", config: { shape: [5, 3] }, pos: [300, 0] },
          { id: "enc", layer: "LSTM", config: { units: 4, return_state: true }, pos: [0, 120] },
          { id: "dec", layer: "LSTM", config: { units: 4, return_sequences: true }, pos: [300, 240] },
          {
            id: "mha",
            layer: "MultiHeadAttention",
            config: { num_heads: 2, key_dim: 4 },
            call: { use_causal_mask: true, return_attention_scores: true },
            pos: [300, 360],
          },
          { id: "add", layer: "Op", op: "add", config: {}, pos: [300, 480] },
          { id: "scale", layer: "Op", op: "multiply", config: { x2: 0.5 }, pos: [300, 600] },
        ],
        edges: [
          { source: "src", target: "enc", port: 0 },
          { source: "tgt", target: "dec", port: 0 },
          { source: "enc", target: "dec", port: 0, output: 1, arg: "initial_state" },
          { source: "enc", target: "dec", port: 1, output: 2, arg: "initial_state" },
          { source: "dec", target: "mha", port: 0 },
          { source: "dec", target: "mha", port: 1 },
          { source: "mha", target: "add", port: 0, arg: "x1" },
          { source: "dec", target: "add", port: 0, arg: "x2" },
          { source: "add", target: "scale", port: 0, arg: "x1" },
        ],
        outputs: ["scale", { node: "mha", output: 1 }],
      },
    },
  };
}

const check = (layer: string, out: (number | null)[], extra: Partial<NodeCheck> = {}): NodeCheck => ({
  layer,
  input_shapes: [],
  output_shape: out,
  trainable: 0,
  non_trainable: 0,
  problems: [],
  ...extra,
});

export const infosV2: Record<string, NodeCheck> = {
  src: check("Input", [null, 5, 3]),
  tgt: check("Input", [null, 5, 3]),
  enc: check("LSTM", [null, 4], { output_names: ["enc", "state_h", "state_c"], trainable: 128 }),
  dec: check("LSTM", [null, 5, 4], { trainable: 144 }),
  mha: check("MultiHeadAttention", [null, 5, 4], { output_names: ["mha", "scores"] }),
  add: check("Op", [null, 5, 4]),
  scale: check("Op", [null, 5, 4]),
};
