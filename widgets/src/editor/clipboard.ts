// Copy and paste of a set of nodes with the edges among them (each edge keeps its output, arg and port).
import { cloneJson } from "./catalog-index";
import { withEnds } from "./edge-slots";
import { withModel } from "./graph-edits";
import { newNodeId, stripSuffix } from "./node-ids";
import type { EdgeDoc, ModelDoc, NodeDoc, ProjectDoc } from "./types";

export interface Clip {
  nodes: NodeDoc[];
  edges: EdgeDoc[];
}

export function copyNodes(model: ModelDoc, ids: Iterable<string>): Clip {
  const keep = new Set(ids);
  return {
    nodes: cloneJson(model.nodes.filter((n) => keep.has(n.id))),
    edges: cloneJson(model.edges.filter((e) => keep.has(e.source) && keep.has(e.target))),
  };
}

/** Paste `clip` into model `name`, ids renamed, positions shifted by `offset`. */
export function pasteClip(
  project: ProjectDoc,
  name: string,
  clip: Clip,
  offset = 40,
): { project: ProjectDoc; ids: string[] } {
  const m = project.models[name];
  const taken = new Set(m.nodes.map((n) => n.id));
  const copied = new Set(clip.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  const nodes: NodeDoc[] = clip.nodes.map((n) => {
    const id = newNodeId(stripSuffix(n.id), taken);
    taken.add(id);
    rename.set(n.id, id);
    const copy: NodeDoc = { ...cloneJson(n), id, pos: [Math.round(n.pos[0] + offset), Math.round(n.pos[1] + offset)] };
    // A copied node shares its layer only with another copied node.
    if (copy.shares !== undefined && !copied.has(copy.shares)) delete copy.shares;
    return copy;
  });
  for (const n of nodes) if (n.shares !== undefined) n.shares = rename.get(n.shares) ?? n.shares;
  const edges: EdgeDoc[] = clip.edges
    .filter((e) => rename.has(e.source) && rename.has(e.target))
    .map((e) => withEnds(e, rename.get(e.source) as string, rename.get(e.target) as string));
  const out = withModel(project, name, { ...m, nodes: [...m.nodes, ...nodes], edges: [...m.edges, ...edges] });
  return { project: out, ids: nodes.map((n) => n.id) };
}
