// Fresh node ids, the rule of Python's Graph.new_id (widgets/test/python-fixtures/node-ids.json
// holds its answers): the layer name in lower case with every character outside a-z, 0-9 and _
// made _, then _1, _2, ... until unused, as Keras names its layers (dense, dense_1, dense_2).

export function idStem(layer: string): string {
  const stem = layer.replace(/[^A-Za-z0-9_]/gu, "_").toLowerCase();
  return stem || "node";
}

export function newNodeId(base: string, taken: Set<string>): string {
  const stem = idStem(base);
  if (!taken.has(stem)) return stem;
  let i = 1;
  while (taken.has(`${stem}_${i}`)) i += 1;
  return `${stem}_${i}`;
}

/** The stem of an id that already carries a numeric suffix (dense_3 -> dense). */
export function stripSuffix(id: string): string {
  const m = /^(.*?)_\d+$/.exec(id);
  return m?.[1] ? m[1] : id;
}
