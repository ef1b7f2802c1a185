// The inspector's part for what a node does at call time: the keras.ops function of an operation node, and
// the call arguments that are not tensors, each edited with the field kinds and checks of a layer's settings
// (a true/false one is a checkbox, one that may also be none a list, numbers and text are typed).
import { h } from "../shared/dom";
import { hasOwn } from "../shared/own-key";
import { callParams, callRows, callValueText } from "./call-args";
import { t } from "./i18n";
import { checkInput, valueText } from "./value-validation";
import type { Catalog, LayerSpec, NodeDoc, ParamSpec } from "./types";
import type { Json, Language } from "../shared/widget";

/** Set call argument `name` of node `node` to `value` (`undefined`: take it out). */
export type SetCallArg = (node: string, name: string, value: Json | undefined) => void;

/** The section, or nothing when the node has no operation and no call arguments. */
export function callArgsView(
  node: NodeDoc,
  lang: Language,
  set?: SetCallArg,
  spec?: LayerSpec,
  catalog?: Catalog | null,
): HTMLElement[] {
  const { op } = callRows(node);
  const out: HTMLElement[] = [];
  if (op) {
    out.push(
      h("dl", { class: "nnb-facts nnb-inspector-op" }, h("dt", { text: t(lang, "operation") }), h("dd", { text: op })),
    );
  }
  const params = callParams(node, spec);
  if (!params.length) return out;
  const list = h("dl", { class: "nnb-facts nnb-inspector-call" });
  const call = node.call ?? {};
  for (const p of params) {
    const stored = hasOwn(call, p.name);
    const value: Json = stored ? call[p.name] : p.default;
    const dd = h("dd", { "data-call": p.name });
    if (set) dd.append(...callControl(node, p, value, { lang, catalog, set, dd }));
    else dd.textContent = callValueText(value);
    list.append(h("dt", { text: p.name, title: (lang === "zh" && p.help_zh) || p.help || "" }), dd);
  }
  out.push(h("h4", { class: "nnb-subheading", text: t(lang, "callArguments") }), list);
  return out;
}

interface ControlContext {
  lang: Language;
  catalog?: Catalog | null;
  set: SetCallArg;
  dd: HTMLElement;
}

/** The control of one call argument and the place its refusal is shown. */
function callControl(node: NodeDoc, p: ParamSpec, value: Json, ctx: ControlContext): HTMLElement[] {
  const { lang, catalog, set, dd } = ctx;
  const error = h("div", { class: "nnb-field-error", role: "alert" });
  const commit = (raw: string | boolean) => {
    const parsed = checkInput(p, raw, catalog, lang);
    if (!parsed.ok) {
      error.textContent = parsed.error;
      dd.classList.add("nnb-invalid");
      return;
    }
    error.textContent = "";
    dd.classList.remove("nnb-invalid");
    set(node.id, p.name, parsed.value);
  };
  if (p.kind === "bool" && !p.nullable) {
    const box = h("input", { type: "checkbox", "aria-label": p.name, checked: value === true });
    box.addEventListener("change", () => commit(box.checked));
    return [box, h("span", { text: ` ${callValueText(value)}` }), error];
  }
  if (p.kind === "bool" || p.kind === "choice") {
    const choices: Json[] = p.kind === "bool" ? [true, false] : (p.choices ?? []);
    const select = h("select", { "aria-label": p.name });
    if (p.nullable || p.default === null) select.append(h("option", { value: "", text: t(lang, "none") }));
    select.append(...choices.map((c, i) => h("option", { value: String(i), text: callValueText(c) })));
    const at = choices.indexOf(value);
    select.value = at < 0 ? "" : String(at);
    select.addEventListener("change", () => {
      if (select.value === "") set(node.id, p.name, undefined);
      else if (p.kind === "bool") commit(choices[Number(select.value)] as boolean);
      else commit(String(choices[Number(select.value)]));
    });
    return [select, error];
  }
  const numeric = p.kind === "int" || p.kind === "float";
  const input = h("input", numeric ? { type: "number", step: p.kind === "int" ? 1 : "any" } : { type: "text" });
  input.setAttribute("aria-label", p.name);
  input.spellcheck = false;
  input.value = valueText(p, value);
  if (p.nullable || p.default === null) input.placeholder = t(lang, "none");
  input.addEventListener("change", () => commit(input.value));
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") input.blur(); // blur fires "change", which commits
  });
  return [input, error];
}
