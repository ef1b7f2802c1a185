// The code view's words in English and Chinese (nnbuilder/locale/app_words.json).
import APP_WORDS from "../../../nnbuilder/locale/app_words.json";
import { wordsOf } from "../shared/word-table";
import type { Language } from "../shared/widget";

const { say, sayCount } = wordsOf(APP_WORDS);

function codeViewWords(lang: Language) {
  return {
    copy: say(lang, "copy"),
    copied: say(lang, "copied"),
    copyTitle: say(lang, "copyTitle"),
    copyFailed: say(lang, "copyFailed"),
    download: say(lang, "download"),
    downloadTitle: (name: string) => say(lang, "downloadTitle", { name }),
    empty: say(lang, "empty"),
    lines: (n: number) => sayCount(lang, "lines", n),
    codeLabel: (name: string) => say(lang, "codeLabel", { name }),
  };
}

export type AppWords = ReturnType<typeof codeViewWords>;

const EN = codeViewWords("en");
const ZH = codeViewWords("zh");

export function appWords(lang: Language): AppWords {
  return lang === "zh" ? ZH : EN;
}
