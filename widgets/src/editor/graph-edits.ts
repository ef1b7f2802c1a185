// Pure edits of the project document. Each returns a fresh document that
// shares untouched parts with the old one; nothing is mutated.
import { cloneJson, jsonEqual } from "./catalog-index";
import { outputNode, sameEdge } from "./edge-slots";
import { newNodeId } from "./node-ids";
import { dropNodeRanges } from "./search-ranges";
import type { EdgeDoc, LayerSpec, ModelDoc, NodeDoc, ProjectDoc } from "./types";
import type { Json } from "../shared/widget";

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
  return {
    id: newNodeId(spec.name, takenIds(model)),
    layer: spec.name,
    config: cloneJson(spec.starter ?? {}),
    pos: roundPos(x, y),
  };
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

/**
 * Take nodes out of a model, one after another as Python's `remove_node` (nnbuilder's fixes)
 * does: their edges and places in the input/output lists go, and a deleted node's layer is
 * handed over to the first node that shares it (it takes the config; the others share it), and the search
 * ranges on their settings go with them.
 * widgets/test/python-fixtures/delete-nodes.json holds Python's answers.
 */
export function deleteNodes(project: ProjectDoc, name: string, ids: Iterable<string>): ProjectDoc {
  const m = project.models[name];
  const order = [...new Set(ids)];
  if (!m || order.length === 0) return project;
  let out: ModelDoc = m;
  for (const id of order) {
    const node = out.nodes.find((n) => n.id === id);
    if (node) out = removeNode(out, node);
  }
  return out === m ? project : dropNodeRanges(withModel(project, name, out), name, order);
}

function removeNode(m: ModelDoc, node: NodeDoc): ModelDoc {
  const sharers = m.nodes.filter((n) => n.shares === node.id);
  const heir = sharers[0]?.id;
  const nodes: NodeDoc[] = [];
  for (const n of m.nodes) {
    if (n.id === node.id) continue;
    if (n.id === heir) {
      const { shares: _dropped, ...rest } = n;
      nodes.push({ ...rest, config: cloneJson(node.config) });
    } else if (heir !== undefined && n.shares === node.id) nodes.push({ ...n, shares: heir });
    else nodes.push(n);
  }
  const out: ModelDoc = {
    ...m,
    nodes,
    edges: m.edges.filter((e) => e.source !== node.id && e.target !== node.id),
  };
  if (Array.isArray(m.inputs)) out.inputs = m.inputs.filter((i) => i !== node.id);
  if (Array.isArray(m.outputs)) out.outputs = m.outputs.filter((o) => outputNode(o) !== node.id);
  return out;
}

export function deleteEdges(project: ProjectDoc, name: string, edges: EdgeDoc[]): ProjectDoc {
  const m = project.models[name];
  const drop = (e: EdgeDoc) => edges.some((d) => sameEdge(d, e));
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
