// Project model -> cytoscape element JSON, and the text drawn on each node.
import type { SpecIndex } from "./catalog-index";
import { edgeOutput } from "./edge-slots";
import { t } from "./i18n";
import { isOpNode, OP_LAYER, opText } from "./op-labels";
import { thumbnailBox, type Thumbnails } from "./thumbnails";
import type { Diagnostic, EdgeDoc, LayerSpec, ModelDoc, NodeCheck, NodeDoc } from "./types";
import { formatCount, type Json, type Language } from "../shared/widget";

export interface NodeData {
  id: string;
  label: string;
  layer: string;
  category: string;
  severity: "" | "error" | "warning";
  /** The node's picture (a PNG data URL), "" for none. */
  thumb: string;
  w: number;
  h: number;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  port: number;
  /** Which output of the source (0 unless the document says otherwise). */
  output: number;
  /** The call keyword the edge feeds, "" for the main inputs. */
  arg: string;
  /** What is drawn on the edge: the output's name and the keyword, "" for a plain edge. */
  label: string;
}

export interface ElementJson {
  group: "nodes" | "edges";
  data: NodeData | EdgeData;
  position?: { x: number; y: number };
  classes?: string;
}

/** `source->target#port` for a plain edge; `source:1->target#initial_state:0` for output 1 into a keyword. */
export function edgeId(e: EdgeDoc): string {
  const out = edgeOutput(e) ? `:${edgeOutput(e)}` : "";
  const arg = e.arg ? `${e.arg}:` : "";
  return `${e.source}${out}->${e.target}#${arg}${e.port ?? 0}`;
}

/** The edges of `model` whose element ids are among `ids`, as the document holds them. */
export function edgesWithIds(model: ModelDoc, ids: Iterable<string>): EdgeDoc[] {
  const wanted = new Set(ids);
  return model.edges.filter((e) => wanted.has(edgeId(e)));
}

/** A shape as Keras prints it and Python writes it everywhere (catalog/_shapes.py `fmt`, checked by
 * test/python-fixtures/shape-text.json): (None, 28, 28, 1), (5,); "?" when not known. */
export function formatShape(shape: (number | null)[] | null | undefined): string {
  if (!Array.isArray(shape)) return "?";
  return `(${shape.map((d) => (d === null || d === undefined ? "None" : String(d))).join(", ")}${shape.length === 1 ? "," : ""})`;
}

export function formatValue(v: Json, lang: Language): string {
  if (Array.isArray(v)) return v.map((x) => (x === null ? "None" : String(x))).join("×");
  if (v !== null && typeof v === "object") return String(v.class_name ?? "…");
  if (typeof v === "boolean") return t(lang, v ? "yes" : "no");
  return String(v);
}

/** The key parameters that are set, e.g. "units 64 · relu" or "32 · 3×3". */
export function keyParamText(node: NodeDoc, spec: LayerSpec | undefined, lang: Language = "en"): string {
  if (!spec) return "";
  const parts: string[] = [];
  for (const p of spec.params) {
    if (!p.key) continue;
    const v = node.config?.[p.name];
    if (v === undefined || v === null) continue;
    if (p.kind === "shape") parts.push(formatShape(v as (number | null)[]));
    else if (p.name === "filters" || p.kind === "ints" || p.kind === "activation" || p.kind === "choice") {
      parts.push(formatValue(v, lang));
    } else parts.push(`${p.name} ${formatValue(v, lang)}`);
  }
  return parts.join(" · ");
}

export function severityOf(problems: Diagnostic[] | undefined): "" | "error" | "warning" {
  if (!problems || problems.length === 0) return "";
  return problems.some((p) => p.severity === "error") ? "error" : "warning";
}

export function nodeLabel(
  node: NodeDoc,
  spec: LayerSpec | undefined,
  info: NodeCheck | undefined,
  lang: Language = "en",
): string {
  if (isOpNode(node)) return opLabel(node, info, lang);
  const sev = severityOf(info?.problems);
  const display = node.model ? `${spec?.display ?? node.layer}: ${node.model}` : (spec?.display ?? node.layer);
  const lines = [`${sev ? "⚠ " : ""}${node.id} · ${display}`];
  const keys = keyParamText(node, spec, lang);
  if (keys) lines.push(keys);
  lines.push(formatShape(info?.output_shape));
  const count = info ? (info.trainable || 0) + (info.non_trainable || 0) : 0;
  if (count > 0) lines.push(t(lang, "nodeParams", { n: formatCount(count) }));
  return lines.join("\n");
}

/** An operation node: what it does ("+", "× 0.5", "ops.mean"), its id, the other settings, the shape. */
export function opLabel(node: NodeDoc, info: NodeCheck | undefined, lang: Language = "en"): string {
  const { text, shown } = opText(node);
  const lines = [`${severityOf(info?.problems) ? "⚠ " : ""}${text}`, node.id];
  const rest = Object.entries(node.config ?? {})
    .filter(([k, v]) => !shown.includes(k) && v !== undefined)
    .map(([k, v]) => `${k} ${formatValue(v, lang)}`);
  if (rest.length) lines.push(rest.join(" · "));
  lines.push(formatShape(info?.output_shape));
  return lines.join("\n");
}

/** The text on an edge: the source's output when not its first, and the keyword it feeds, e.g.
 * "state_h → initial_state[0]" or "x2"; "" for a plain edge into the main inputs. */
export function edgeLabel(
  e: EdgeDoc,
  model: ModelDoc,
  infos: Record<string, NodeCheck> | undefined,
  lang: Language = "en",
): string {
  const k = edgeOutput(e);
  const out = k > 0 ? infos?.[e.source]?.output_names?.[k] || t(lang, "outputNumber", { n: k }) : "";
  let arg = e.arg ?? "";
  if (arg && model.edges.some((o) => o !== e && o.target === e.target && o.arg === e.arg)) {
    arg = `${arg}[${e.port ?? 0}]`;
  }
  return out && arg ? `${out} → ${arg}` : out || arg;
}

const WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/g; // CJK: about two columns each

/** Box size for a label (monospace-ish estimate, cheap and deterministic). */
export function labelBox(label: string): { w: number; h: number } {
  const lines = label.split("\n");
  const longest = lines.reduce((m, l) => Math.max(m, l.length + (l.match(WIDE)?.length ?? 0)), 0);
  return { w: Math.max(110, Math.min(340, Math.round(longest * 7.6 + 20))), h: Math.round(14.3 * lines.length + 10) };
}

export function nodeData(
  node: NodeDoc,
  specs: SpecIndex,
  info: NodeCheck | undefined,
  lang: Language = "en",
  thumb = "",
): NodeData {
  const spec = specs.get(node.layer);
  const label = nodeLabel(node, spec, info, lang);
  return {
    id: node.id,
    label,
    layer: node.layer,
    category: spec?.category ?? "other",
    severity: severityOf(info?.problems),
    thumb,
    ...thumbnailBox(labelBox(label), thumb),
  };
}

/** Ids of the edges a node's problems point at: `edge`, or the input at `port`. */
export function problemEdges(model: ModelDoc, nodeId: string, problems: Diagnostic[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of problems ?? []) {
    const sev = p.severity === "error" ? "error" : "warning";
    let ids: string[] = [];
    if (p.edge) ids = [edgeId(p.edge)];
    else if (typeof p.port === "number") {
      const arg = p.arg ?? null;
      ids = model.edges
        .filter((e) => e.target === nodeId && (e.port ?? 0) === p.port && (e.arg ?? null) === arg)
        .map(edgeId);
    }
    for (const id of ids) if (out.get(id) !== "error") out.set(id, sev);
  }
  return out;
}

export function nodeClasses(d: NodeData): string {
  const op = d.layer === OP_LAYER ? " nnb-op" : "";
  return `cat-${d.category}${op}${d.severity ? ` nnb-${d.severity}` : ""}${d.thumb ? " nnb-thumb" : ""}`;
}

export function modelElements(
  model: ModelDoc,
  specs: SpecIndex,
  infos: Record<string, NodeCheck> | undefined,
  lang: Language = "en",
  thumbs: Thumbnails = new Map(),
): ElementJson[] {
  const out: ElementJson[] = [];
  const edgeSeverity = new Map<string, string>();
  for (const n of model.nodes) {
    const info = infos?.[n.id];
    const d = nodeData(n, specs, info, lang, thumbs.get(n.id) ?? "");
    out.push({
      group: "nodes",
      data: d,
      position: { x: n.pos?.[0] ?? 0, y: n.pos?.[1] ?? 0 },
      classes: nodeClasses(d),
    });
    if (info?.problems?.length) {
      for (const [id, sev] of problemEdges(model, n.id, info.problems)) edgeSeverity.set(id, sev);
    }
  }
  for (const e of model.edges) {
    const id = edgeId(e);
    const sev = edgeSeverity.get(id);
    const label = edgeLabel(e, model, infos, lang);
    const classes = [label ? "nnb-slot" : "", sev ? `nnb-${sev}` : ""].filter(Boolean).join(" ");
    out.push({
      group: "edges",
      data: {
        id,
        source: e.source,
        target: e.target,
        port: e.port ?? 0,
        output: edgeOutput(e),
        arg: e.arg ?? "",
        label,
      },
      classes,
    });
  }
  return out;
}
