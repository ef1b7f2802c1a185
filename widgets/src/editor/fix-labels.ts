// A readable button text for a fix dict from nnbuilder/checking/fixes.py / checker.py.
import { t } from "./i18n";
import type { Fix } from "./types";
import type { Language } from "../shared/widget";

export function fixLabel(fix: Fix, lang: Language, node?: string | null): string {
  if (fix.label && lang === "en") return fix.label;
  switch (fix.action) {
    case "insert":
      return t(lang, "insertLayer", { layer: fix.layer ?? "?" });
    case "set":
      return t(lang, "setParam", { param: fix.param ?? "?", value: JSON.stringify(fix.value) });
    case "remove":
      return t(lang, "removeNode", { node: node ?? "" });
    case "remove_edge":
      return t(lang, "removeEdge");
    case "add_output":
      return t(lang, "addOutput");
    default:
      return fix.label ?? fix.action;
  }
}
