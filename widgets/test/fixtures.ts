import { indexCatalog } from "../src/editor/catalog-index";
import type { Catalog, LayerSpec, ModelDoc, NodeCheck, ParamSpec, ProjectDoc } from "../src/editor/types";

/** A parameter spec with the catalog's defaults for every field not given. */
export const p = (name: string, kind: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({
  name,
  kind,
  required: false,
  default: null,
  nullable: false,
  key: false,
  advanced: false,
  ...extra,
});

/** A layer spec with the test catalog's display name and help. */
export const layer = (
  name: string,
  category: string,
  inputs: [number, number | null],
  params: ParamSpec[],
  starter = {},
  ranks: number[] | null = null,
): LayerSpec => ({
  name,
  category,
  display: name,
  inputs,
  help: { en: `${name} help`, zh: `${name} 帮助` },
  params,
  starter,
  ranks,
});

export const catalog: Catalog = {
  categories: [
    {
      category: "core",
      label: { en: "Core", zh: "核心" },
      layers: [
        layer("Input", "core", [0, 0], [p("shape", "shape", { nullable: true, key: true })], { shape: [784] }),
        layer(
          "Dense",
          "core",
          [1, 1],
          [
            p("units", "int", { required: true, min: 1, key: true }),
            p("activation", "activation", { nullable: true, key: true }),
            p("use_bias", "bool", { default: true }),
          ],
          { units: 64, activation: "relu" },
        ),
      ],
    },
    {
      category: "convolutional",
      label: { en: "Convolution", zh: "卷积" },
      layers: [
        layer(
          "Conv2D",
          "convolutional",
          [1, 1],
          [
            p("filters", "int", { required: true, min: 1, key: true }),
            p("kernel_size", "ints", { required: true, min: 1, size: 2, key: true }),
            p("strides", "ints", { default: [1, 1], min: 1, size: 2 }),
            p("padding", "choice", { default: "valid", choices: ["valid", "same"] }),
          ],
          { filters: 32, kernel_size: [3, 3] },
          [4],
        ),
      ],
    },
    {
      category: "merging",
      label: { en: "Merging", zh: "合并" },
      layers: [layer("Add", "merging", [2, null], []), layer("Subtract", "merging", [2, 2], [])],
    },
    {
      category: "regularization",
      label: { en: "Regularization", zh: "正则化" },
      layers: [
        layer(
          "Dropout",
          "regularization",
          [1, 1],
          [p("rate", "float", { required: true, min: 0, max: 1, max_exclusive: true, key: true })],
          { rate: 0.5 },
        ),
      ],
    },
  ],
  choices: {
    activation: ["relu", "softmax", "linear"],
    initializer: ["zeros", "glorot_uniform"],
    regularizer: ["l1", "l2", "l1_l2"],
    constraint: ["non_neg"],
  },
};

export const specs = indexCatalog(catalog);

export function mnist(): ProjectDoc {
  return {
    format: "nnbuilder",
    version: 1,
    models: {
      model: {
        nodes: [
          { id: "image", layer: "Input", config: { shape: [28, 28, 1] }, pos: [0, 0] },
          {
            id: "conv1",
            layer: "Conv2D",
            config: { filters: 32, kernel_size: [3, 3], activation: "relu" },
            pos: [0, 90],
          },
          { id: "dense", layer: "Dense", config: { units: 10 }, pos: [0, 180] },
        ],
        edges: [
          { source: "image", target: "conv1", port: 0 },
          { source: "conv1", target: "dense", port: 0 },
        ],
        outputs: ["dense"],
      },
    },
  };
}

export const infos: Record<string, NodeCheck> = {
  image: {
    layer: "Input",
    input_shapes: [],
    output_shape: [null, 28, 28, 1],
    trainable: 0,
    non_trainable: 0,
    problems: [],
  },
  conv1: {
    layer: "Conv2D",
    input_shapes: [[null, 28, 28, 1]],
    output_shape: [null, 26, 26, 32],
    trainable: 320,
    non_trainable: 0,
    problems: [],
  },
  dense: {
    layer: "Dense",
    input_shapes: [[null, 26, 26, 32]],
    output_shape: [null, 26, 26, 10],
    trainable: 8256,
    non_trainable: 0,
    problems: [
      {
        code: "rank",
        message: "Dense expects a vector",
        severity: "warning",
        node: "dense",
        edge: { source: "conv1", target: "dense", port: 0 },
        fixes: [{ action: "insert", layer: "Flatten", label: "Insert Flatten" }],
      },
    ],
  },
};

export const model = (doc: ProjectDoc): ModelDoc => doc.models.model;

/** `value`, or the test fails here naming `what` when it is missing. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, found nothing`);
  return value;
}
