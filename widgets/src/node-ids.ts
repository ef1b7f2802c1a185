// Fresh node ids: the lowercased layer name, then _2, _3, ... until unused.

export function idStem(layer: string): string {
  const stem = layer.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  return stem || "node";
}

export function newNodeId(base: string, taken: Set<string>): string {
  const stem = idStem(base);
  if (!taken.has(stem)) return stem;
  let i = 2;
  while (taken.has(`${stem}_${i}`)) i += 1;
  return `${stem}_${i}`;
}

/** The stem of an id that already carries a numeric suffix (dense_3 -> dense). */
export function stripSuffix(id: string): string {
  const m = /^(.*?)_\d+$/.exec(id);
  return m && m[1] ? m[1] : id;
}
