import type { Language } from "../shared/widget";
// The code view's words in English and Chinese.

const EN = {
  copy: "Copy",
  copied: "Copied",
  copyTitle: "Copy the code to the clipboard",
  copyFailed: "Could not copy: select the code and press Ctrl+C.",
  download: "Download",
  downloadTitle: (name: string) => `Save the code as ${name}`,
  empty: "No code yet.",
  lines: (n: number) => `${n} line${n === 1 ? "" : "s"}`,
  codeLabel: (name: string) => `Code of ${name}`,
};

export type AppWords = typeof EN;

const ZH: AppWords = {
  copy: "复制",
  copied: "已复制",
  copyTitle: "把代码复制到剪贴板",
  copyFailed: "无法复制：请选中代码后按 Ctrl+C。",
  download: "下载",
  downloadTitle: (name) => `把代码保存为 ${name}`,
  empty: "还没有代码。",
  lines: (n) => `${n} 行`,
  codeLabel: (name) => `${name} 的代码`,
};

export function appWords(lang: Language): AppWords {
  return lang === "zh" ? ZH : EN;
}
