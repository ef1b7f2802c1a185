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
}

export interface EdgeDoc {
  source: string;
  target: string;
  port: number;
}

export interface ModelDoc {
  nodes: NodeDoc[];
  edges: EdgeDoc[];
  inputs?: string[];
  outputs?: string[];
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
}

export interface Category {
  category: string;
  label: { en: string; zh: string };
  layers: LayerSpec[];
}

export interface Catalog {
  categories: Category[];
  choices?: Partial<Record<"activation" | "initializer" | "regularizer" | "constraint", string[]>>;
  /** Each initializer, regularizer and constraint name: its Keras class and the settings that class takes. */
  objects?: Partial<Record<"initializer" | "regularizer" | "constraint", Record<string, [string, string[]]>>>;
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
  edge?: EdgeDoc | null;
  fixes?: Fix[];
}

export interface NodeCheck {
  layer: string;
  input_shapes: (number | null)[][] | null;
  output_shape: (number | null)[] | null;
  trainable: number;
  non_trainable: number;
  problems: Diagnostic[];
}

export interface NodeInfo {
  ok?: boolean;
  models: Record<string, Record<string, NodeCheck>>;
  problems: Diagnostic[];
}
