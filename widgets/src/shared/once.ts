// A message from Python reaches every view of a widget on the page; some (undo,
// a file to save) must act once. Python gives each such message a unique `id`.
const SEEN_KEY = "__nnbHandledMessages";
const KEEP = 1000;

/** True for the first view to see message `id` on this page; always true without an id. */
export function firstToHandle(id: unknown): boolean {
  if (typeof id !== "string" || !id) return true;
  const g = globalThis as unknown as Record<string, Set<string> | undefined>;
  let seen = g[SEEN_KEY];
  if (!seen) {
    seen = new Set<string>();
    g[SEEN_KEY] = seen;
  }
  if (seen.has(id)) return false;
  seen.add(id);
  if (seen.size > KEEP) seen.delete(seen.values().next().value as string);
  return true;
}
