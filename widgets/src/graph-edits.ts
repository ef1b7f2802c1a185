// Pure edits of the project document. Each returns a fresh document that
// shares untouched parts with the old one; nothing is mutated.
import { cloneJson, jsonEqual } from "./catalog-index";
import { newNodeId } from "./node-ids";
import type { EdgeDoc, Json, LayerSpec, ModelDoc, NodeDoc, ProjectDoc } from "./types";

export function withModel(project: ProjectDoc, name: string, model: ModelDoc): ProjectDoc {
  return { ...project, models: { ...project.models, [name]: model } };
}

export function takenIds(model: ModelDoc): Set<string> {
  return new Set(model.nodes.map((n) => n.id));
}

export function roundPos(x: number, y: number): [number, number] {
  return [Math.round(x), Math.round(y)];
}

/** A node fresh from the palette. */
export function makeNode(spec: LayerSpec, model: ModelDoc, x: number, y: number): NodeDoc {
  return { id: newNodeId(spec.name, takenIds(model)), layer: spec.name, config: cloneJson(spec.starter ?? {}), pos: roundPos(x, y) };
}

/** (x, y), moved down in 90px steps until no node sits there. */
export function freeSpot(model: ModelDoc, x: number, y: number): [number, number] {
  let yy = y;
  while (model.nodes.some((n) => Math.abs(n.pos[0] - x) < 40 && Math.abs(n.pos[1] - yy) < 30)) yy += 90;
  return [x, yy];
}

export function addNode(project: ProjectDoc, name: string, node: NodeDoc, edge?: EdgeDoc): ProjectDoc {
  const m = project.models[name];
  return withModel(project, name, { ...m, nodes: [...m.nodes, node], edges: edge ? [...m.edges, edge] : m.edges });
}

export function addEdge(project: ProjectDoc, name: string, edge: EdgeDoc): ProjectDoc {
  const m = project.models[name];
  return withModel(project, name, { ...m, edges: [...m.edges, edge] });
}

export function deleteNodes(project: ProjectDoc, name: string, ids: Iterable<string>): ProjectDoc {
  const gone = new Set(ids);
  const m = project.models[name];
  if (!m || gone.size === 0) return project;
  const out: ModelDoc = {
    ...m,
    nodes: m.nodes.filter((n) => !gone.has(n.id)),
    edges: m.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
  for (const key of ["inputs", "outputs"] as const) {
    const list = m[key];
    if (Array.isArray(list)) out[key] = list.filter((id) => !gone.has(id));
  }
  return withModel(project, name, out);
}

export function deleteEdges(project: ProjectDoc, name: string, edges: EdgeDoc[]): ProjectDoc {
  const m = project.models[name];
  const drop = (e: EdgeDoc) =>
    edges.some((d) => d.source === e.source && d.target === e.target && (d.port ?? 0) === (e.port ?? 0));
  return withModel(project, name, { ...m, edges: m.edges.filter((e) => !drop(e)) });
}

/** Set node positions; returns the same document when nothing moved. */
export function moveNodes(project: ProjectDoc, name: string, positions: Map<string, [number, number]>): ProjectDoc {
  const m = project.models[name];
  let changed = false;
  const nodes = m.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p) return n;
    const pos = roundPos(p[0], p[1]);
    if (n.pos && n.pos[0] === pos[0] && n.pos[1] === pos[1]) return n;
    changed = true;
    return { ...n, pos };
  });
  return changed ? withModel(project, name, { ...m, nodes }) : project;
}

/**
 * Set one parameter of a node. `value === undefined` or a value equal to the
 * default removes the key, since the document keeps only non-defaults.
 */
export function setParam(
  project: ProjectDoc,
  name: string,
  nodeId: string,
  param: string,
  value: Json | undefined,
  defaultValue: Json | undefined,
  required = false,
): ProjectDoc {
  const m = project.models[name];
  const nodes = m.nodes.map((n) => {
    if (n.id !== nodeId) return n;
    const config = { ...n.config };
    if (value === undefined || (!required && defaultValue !== undefined && jsonEqual(value, defaultValue))) {
      delete config[param];
    } else config[param] = value;
    return { ...n, config };
  });
  return withModel(project, name, { ...m, nodes });
}

/** Whether `next` is another project rather than an edit of `prev`: different
 * models, or fewer than half of the nodes kept under the same ids. */
export function isAnotherProject(prev: ProjectDoc, next: ProjectDoc): boolean {
  const names = Object.keys(next.models ?? {});
  if (names.join("\n") !== Object.keys(prev.models ?? {}).join("\n")) return true;
  let kept = 0;
  let total = 0;
  for (const name of names) {
    const before = new Set((prev.models[name]?.nodes ?? []).map((n) => n.id));
    for (const node of next.models[name]?.nodes ?? []) {
      total += 1;
      if (before.has(node.id)) kept += 1;
    }
  }
  return total > 0 && kept * 2 < total;
}
