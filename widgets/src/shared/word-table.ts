// Reading a word table of nnbuilder/locale/*.json, where the browser's English and Chinese live
// beside Python's: each key holds {"en": ..., "zh": ...}, `{name}` marks a value, and a sentence
// that names a count is a pair of keys `<key>_one` (exactly 1) and `<key>_other` (Chinese writes
// both alike). tests/test_browser_words.py holds every table to these rules.
import { hasOwn } from "./own-key";
import type { Language } from "./widget";

export type WordTable = Readonly<Record<string, { readonly en: string; readonly zh: string }>>;
export type Values = Readonly<Record<string, string | number>>;

/** The bases `key` of a table's pairs `key_one` / `key_other`. */
export type CountedKey<T> = {
  [K in keyof T]: K extends `${infer Base}_one` ? (`${Base}_other` extends keyof T ? Base : never) : never;
}[keyof T];

/** `text` with each `{name}` that `values` holds replaced by its value (others are left as they are). */
export function fill(text: string, values: Values = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (hasOwn(values, name) ? String(values[name]) : whole));
}

export interface Words<T extends WordTable> {
  /** The text of `key` in `lang`, its `{name}`s filled from `values`. */
  say(lang: Language, key: keyof T & string, values?: Values): string;
  /** The form of `key` for `n` (`key_one` when n is 1, `key_other` otherwise), `{n}` filled with n. */
  sayCount(lang: Language, key: CountedKey<T> & string, n: number, values?: Values): string;
  /** Every entry under `prefix.`, by the rest of its key, in `lang`. */
  group(lang: Language, prefix: string): Record<string, string>;
}

/** The lookups of one table. */
export function wordsOf<T extends WordTable>(table: T): Words<T> {
  const say = (lang: Language, key: keyof T & string, values?: Values): string => fill(table[key][lang], values);
  return {
    say,
    sayCount: (lang, key, n, values = {}) => say(lang, `${key}_${n === 1 ? "one" : "other"}`, { ...values, n }),
    group: (lang, prefix) => {
      const head = `${prefix}.`;
      const found: Record<string, string> = {};
      for (const [key, entry] of Object.entries(table)) {
        if (key.startsWith(head)) found[key.slice(head.length)] = entry[lang];
      }
      return found;
    },
  };
}
