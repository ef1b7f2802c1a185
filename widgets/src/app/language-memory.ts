import type { WidgetModel } from "../shared/widget";
// The app's language, remembered by the browser: localStorage holds the visitor's last choice for
// this site (its origin), so a reload or a later visit opens in it. Python's `explicit` says that
// the language was given in code, which then wins over the remembered one.

export const LANGUAGE_KEY = "nnbuilder.language";
const KNOWN = ["en", "zh"];

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage refused (private mode, blocked cookies): nothing is remembered
  }
}

/** The remembered language, or null. */
export function rememberedLanguage(): string | null {
  try {
    const value = storage()?.getItem(LANGUAGE_KEY) ?? null;
    return value !== null && KNOWN.includes(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(value: unknown): void {
  if (typeof value !== "string" || !KNOWN.includes(value)) return;
  try {
    storage()?.setItem(LANGUAGE_KEY, value);
  } catch {
    // not kept: the next visit starts in the default language
  }
}

export function renderLanguageMemory(model: WidgetModel, el: HTMLElement): () => void {
  const remembered = rememberedLanguage();
  if (!model.get("explicit") && remembered !== null && remembered !== model.get("language")) {
    model.set("language", remembered);
    model.save_changes();
  }
  el.dataset.nnbLanguage = String(model.get("language"));
  const changed = () => {
    el.dataset.nnbLanguage = String(model.get("language"));
    rememberLanguage(model.get("language")); // a choice made after the page opened: the toolbar, or Python
  };
  model.on("change:language", changed);
  return () => model.off("change:language", changed);
}
