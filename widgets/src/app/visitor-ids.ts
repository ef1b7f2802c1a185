import type { WidgetModel } from "../shared/widget";
// Who is at this page: an id for the browser tab (sessionStorage: one per tab,
// kept across reloads) and one for the visitor (localStorage: shared by the
// visitor's tabs). Python keeps each tab's autosave apart with them.

const TAB_KEY = "nnbuilder.tab";
const VISITOR_KEY = "nnbuilder.visitor";

/** A random id of 16 hex digits. */
export function newId(): string {
  const bytes = new Uint8Array(8);
  if (globalThis.crypto && typeof globalThis.crypto.getRandomValues === "function")
    globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The id kept under `key` in `storage`, made and kept there when missing (storage may be unusable). */
export function keptId(storage: () => Storage | null, key: string): string {
  let store: Storage | null = null;
  try {
    store = storage();
    const old = store?.getItem(key);
    if (old && /^[0-9a-f]{8,32}$/.test(old)) return old;
  } catch {
    store = null; // storage refused (private mode, blocked cookies): an id for this page only
  }
  const id = newId();
  try {
    store?.setItem(key, id);
  } catch {
    // not kept: the next load is a new tab or visitor, and the work is still offered back by Python
  }
  return id;
}

export function renderVisitorIds(model: WidgetModel, el: HTMLElement): () => void {
  if (!model.get("tab") || !model.get("visitor")) {
    model.set(
      "tab",
      keptId(() => globalThis.sessionStorage ?? null, TAB_KEY),
    );
    model.set(
      "visitor",
      keptId(() => globalThis.localStorage ?? null, VISITOR_KEY),
    );
    model.save_changes();
  }
  el.dataset.nnbTab = String(model.get("tab"));
  return () => undefined;
}
