// Shapes of the synced traits (see ../README.md). Plain JSON, no behaviour.
import type { Json, Language } from "../shared/widget";

export interface NodeDoc {
  id: string;
  layer: string;
  config: Record<string, Json>;
  pos: [number, number];
  label?: string;
  shares?: string;
  model?: string;
  /** With `layer: "Op"`: the keras.ops function the node calls (add, multiply, mean, get_item, …). */
  op?: string;
  /** Call arguments that are not tensors, e.g. {"use_causal_mask": true}. */
  call?: Record<string, Json>;
}

export interface EdgeDoc {
  source: string;
  target: string;
  /** Orders the tensors of one slot: the main inputs, or the tensors given to `arg`. */
  port: number;
  /** Which output of `source` (absent: 0). */
  output?: number;
  /** The call keyword the tensor feeds (initial_state, mask, x1, …); absent: the main inputs. */
  arg?: string;
}

/** A model output: a node id (its output 0) or one output of a node. */
export type OutputRef = string | { node: string; output: number };

export interface ModelDoc {
  nodes: NodeDoc[];
  edges: EdgeDoc[];
  inputs?: string[];
  outputs?: OutputRef[];
}

export interface ProjectDoc {
  models: Record<string, ModelDoc>;
  [key: string]: unknown;
}

/** One setting (a layer argument, a training setting or a dataset option): Param.to_dict of
 * nnbuilder/document/params.py. */
export interface ParamSpec {
  name: string;
  /** int, float, bool, str, choice, ints, shape, axes, activation, initializer, regularizer, constraint, layer, any,
   * text (not blank), path, or size (exactly `size` integers, as a list). */
  kind: string;
  required: boolean;
  default: Json;
  nullable: boolean;
  key: boolean;
  advanced: boolean;
  choices?: Json[];
  min?: number;
  max?: number;
  min_exclusive?: boolean;
  max_exclusive?: boolean;
  /** How many integers a tuple holds (kinds ints and size). */
  size?: number;
  help?: string;
  help_zh?: string;
}

export interface LayerSpec {
  name: string;
  category: string;
  display: string;
  inputs: [number, number | null];
  help: { en: string; zh: string };
  params: ParamSpec[];
  starter: Record<string, Json>;
  ranks?: number[] | null;
  /** The JSON arguments of the layer's call (a node's `call`) besides `training`. */
  call_params?: ParamSpec[];
}

/** A tensor argument of an operation: fed by edges naming it (`arg`), or by a number in `config` (`constant`). */
export interface OpTensor {
  name: string;
  /** A list of tensors (concatenate's xs): one edge per port. */
  many: boolean;
  constant: boolean;
}

/** One keras.ops function: OpSpec.to_dict of nnbuilder/catalog/operations.py. */
export interface OpSpecDoc {
  name: string;
  category: string;
  operator: string | null;
  tensors: OpTensor[];
  params: ParamSpec[];
  help: { en: string; zh: string };
}

/** The palette's operations (names in order) and every op the table knows. */
export interface OperationsDoc {
  category: string;
  label: { en: string; zh: string };
  palette: string[];
  specs: Record<string, OpSpecDoc>;
}

export interface Category {
  category: string;
  label: { en: string; zh: string };
  layers: LayerSpec[];
}

export interface Catalog {
  categories: Category[];
  operations?: OperationsDoc;
  choices?: Partial<Record<"activation" | "initializer" | "regularizer" | "constraint", string[]>>;
  /** Each initializer, regularizer and constraint name: its Keras class, the settings that class takes and
   * their defaults. */
  objects?: Partial<
    Record<"initializer" | "regularizer" | "constraint", Record<string, [string, string[], Record<string, Json>?]>>
  >;
  /** Names Keras cannot build without settings (given as {"class_name": ..., "config": {...}}). */
  needs_settings?: string[];
}

export interface Fix {
  action: string;
  label?: string;
  layer?: string;
  param?: string;
  value?: Json;
  edge?: EdgeDoc;
  config?: Record<string, Json>;
}

export interface Diagnostic {
  code: string;
  message: string;
  messages?: Partial<Record<Language, string>>;
  model?: string;
  severity: "error" | "warning" | string;
  node?: string | null;
  param?: string | null;
  port?: number | null;
  /** With `port`: the call keyword of the input meant (absent: the main inputs). */
  arg?: string | null;
  edge?: EdgeDoc | null;
  fixes?: Fix[];
}

export interface NodeCheck {
  layer: string;
  input_shapes: (number | null)[][] | null;
  output_shape: (number | null)[] | null;
  /** Every output's shape, when the node has several (output_shape is the first). */
  output_shapes?: ((number | null)[] | null)[];
  /** The names of the outputs (out, state_h, state_c, …), when known. */
  output_names?: string[];
  trainable: number;
  non_trainable: number;
  problems: Diagnostic[];
}

export interface NodeInfo {
  ok?: boolean;
  models: Record<string, Record<string, NodeCheck>>;
  problems: Diagnostic[];
}
