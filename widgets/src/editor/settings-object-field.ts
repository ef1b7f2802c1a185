// The inspector's control for an initializer, regularizer or constraint: a picker for the kind and one
// field per factor of its class (L1L2's l1 and l2, Constant's value, MaxNorm's max_value…).
import { h } from "../shared/dom";
import { t } from "./i18n";
import {
  type ObjectRole,
  type SettingsKind,
  factorKind,
  factorPlaceholder,
  parseFactor,
  pickValue,
  readChoice,
  withFactor,
} from "./settings-object";
import type { ParamSpec } from "./types";
import type { Json, Language } from "../shared/widget";

export interface SettingsObjectInput {
  param: ParamSpec;
  role: ObjectRole;
  value: Json | undefined;
  kinds: SettingsKind[];
  nullable: boolean;
  needsSettings: readonly string[];
  lang: Language;
  /** The id the field's label points at (given to the picker). */
  id: string;
  /** Text typed but refused, kept across redraws by `errorKey` + "/" + factor. */
  errors: Map<string, { text: string; error: string }>;
  errorKey: string;
  /** Write the new value; returns why it was refused, or null. */
  commit(value: Json): string | null;
}

/** The picker and factor fields, in one box. */
export function settingsObjectField(input: SettingsObjectInput): HTMLElement {
  const { kinds, lang, value } = input;
  const choice = readChoice(value, kinds);
  const box = h("div", { class: "nnb-settings-object" });
  const pickError = h("div", { class: "nnb-field-error", role: "alert" });
  const select = h("select", { id: input.id, class: "nnb-settings-kind" });
  if (input.nullable) select.append(h("option", { value: "", text: t(lang, "none") }));
  else if (!choice.kind) select.append(h("option", { value: "", text: "—" }));
  for (const kind of kinds) select.append(h("option", { value: kind.name, text: kind.name }));
  select.value = choice.kind?.name ?? "";
  select.addEventListener("change", () => {
    const picked = select.value === "" ? null : pickValue(select.value, kinds, input.needsSettings);
    if (picked === null && !input.nullable) return;
    pickError.textContent = input.commit(picked) ?? "";
  });
  box.append(select, pickError);
  const kind = choice.kind;
  if (!kind) return box;
  for (const factor of kind.factors) {
    const key = `${input.errorKey}/${factor}`;
    const how = factorKind(kind, factor);
    const field = h("input", {
      type: how === "text" ? "text" : "number",
      step: how === "number" ? "any" : how === "text" ? undefined : 1,
      min: input.role === "regularizer" && how === "number" ? 0 : undefined,
      class: "nnb-factor",
      "data-factor": factor,
      "aria-label": t(lang, "factorOf", { factor, cls: kind.cls }),
      spellcheck: "false",
    });
    const set = choice.config[factor];
    field.value = set === undefined || set === null ? "" : String(set);
    field.placeholder = factorPlaceholder(kind, factor, lang);
    const error = h("div", { class: "nnb-field-error", role: "alert" });
    const row = h(
      "div",
      { class: "nnb-factor-row" },
      h("span", { class: "nnb-factor-name", text: factor }),
      field,
      error,
    );
    const pending = input.errors.get(key);
    if (pending) {
      field.value = pending.text;
      error.textContent = pending.error;
      row.classList.add("nnb-invalid");
    }
    field.addEventListener("change", () => {
      const raw = field.validity.badInput ? "?" : field.value;
      const parsed = parseFactor(kind, factor, raw, input.role, lang);
      const refusal = parsed.ok ? input.commit(withFactor(choice, factor, parsed.value)) : parsed.error;
      if (refusal) {
        input.errors.set(key, { text: field.value, error: refusal });
        error.textContent = refusal;
        row.classList.add("nnb-invalid");
        return;
      }
      input.errors.delete(key);
    });
    field.addEventListener("keydown", (e) => {
      if (e.key === "Enter") field.blur(); // blur fires "change", which commits
    });
    box.append(row);
  }
  return box;
}
