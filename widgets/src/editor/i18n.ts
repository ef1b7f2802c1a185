// The editor's words in English and Chinese: nnbuilder/locale/editor_words.json, beside Python's.
// The refusals of a typed setting value there are the words of nnbuilder/document/params.py, in
// Chinese as nnbuilder/locale/problem_pattern_table.py says them (held equal by test/param-values.test.ts).
import EDITOR_WORDS from "../../../nnbuilder/locale/editor_words.json";
import { type CountedKey, type Values, wordsOf } from "../shared/word-table";
import type { Language } from "../shared/widget";

const WORDS = wordsOf(EDITOR_WORDS);

export type StringKey = keyof typeof EDITOR_WORDS;

/** The words of `key` in `lang`, each `{name}` filled from `vars`. */
export function t(lang: Language, key: StringKey, vars: Values = {}): string {
  return WORDS.say(lang, key, vars);
}

/** The words of `key` for the count `n` in `lang` (`{n}` is n), as `key_one` or `key_other` says them. */
export function tCount(lang: Language, key: CountedKey<typeof EDITOR_WORDS>, n: number, vars: Values = {}): string {
  return WORDS.sayCount(lang, key, n, vars);
}

/** A checker diagnostic's message in `lang`: Python sends it in every language under `messages`. */
export function problemMessage(
  d: { message: string; messages?: Partial<Record<Language, string>> },
  lang: Language,
): string {
  return d.messages?.[lang] ?? d.message;
}
