/** A fast top-to-bottom layered layout for graphs too big for dagre.
 *
 * Layers by longest path from the sources (nodes on a loop go after the rest),
 * then orders each layer by the mean position of its parents (one sweep), and
 * centres every layer. Linear in nodes + edges apart from the per-layer sorts. */

export interface LayoutOptions {
  columnWidth: number;
  rowHeight: number;
}

export const LAYERED_DEFAULTS: LayoutOptions = { columnWidth: 180, rowHeight: 90 };

export function layeredPositions(
  ids: string[],
  edges: Array<{ source: string; target: string }>,
  options: LayoutOptions = LAYERED_DEFAULTS,
): Map<string, [number, number]> {
  const known = new Set(ids);
  const parents = new Map<string, string[]>(ids.map((id) => [id, []]));
  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  // Every id has its entry in both maps; the fallbacks only keep the types honest.
  const parentsOf = (id: string): string[] => parents.get(id) ?? [];
  const childrenOf = (id: string): string[] => children.get(id) ?? [];
  for (const e of edges) {
    if (!known.has(e.source) || !known.has(e.target) || e.source === e.target) continue;
    parentsOf(e.target).push(e.source);
    childrenOf(e.source).push(e.target);
  }
  // Longest-path layering in topological (Kahn) order.
  const indegree = new Map(ids.map((id) => [id, parentsOf(id).length]));
  const layer = new Map<string, number>();
  const queue = ids.filter((id) => indegree.get(id) === 0);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    const depth = Math.max(-1, ...parentsOf(id).map((p) => layer.get(p) ?? -1)) + 1;
    layer.set(id, depth);
    for (const c of childrenOf(id)) {
      const left = (indegree.get(c) ?? 0) - 1;
      indegree.set(c, left);
      if (left === 0) queue.push(c);
    }
  }
  let deepest = Math.max(-1, ...layer.values());
  for (const id of ids) if (!layer.has(id)) layer.set(id, ++deepest); // on or behind a loop
  // Order each layer by the mean order of its parents, then centre it.
  const rows: string[][] = [];
  for (const id of ids) {
    const depth = layer.get(id) ?? 0;
    rows[depth] = rows[depth] ?? [];
    rows[depth].push(id);
  }
  const order = new Map<string, number>();
  const positions = new Map<string, [number, number]>();
  rows.forEach((row, depth) => {
    const key = (id: string) => {
      const ps = parentsOf(id).filter((p) => order.has(p));
      return ps.length ? ps.reduce((sum, p) => sum + (order.get(p) ?? 0), 0) / ps.length : order.size;
    };
    const keys = new Map(row.map((id) => [id, key(id)]));
    row.sort((a, b) => (keys.get(a) ?? 0) - (keys.get(b) ?? 0));
    row.forEach((id, i) => {
      order.set(id, i);
      const x = Math.round((i - (row.length - 1) / 2) * options.columnWidth);
      positions.set(id, [x, depth * options.rowHeight]);
    });
  });
  return positions;
}
