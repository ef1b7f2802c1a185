// Settings objects (an initializer, a regularizer or a constraint) as the inspector edits them: a
// name from the catalog's table of the role, or {"class_name": ..., "config": {...}} with its factors.
// The tables come from nnbuilder/document/setting_choices.py (the catalog payload's `objects`).
import { t } from "./i18n";
import { factorWanted, type Parsed } from "./value-validation";
import type { Catalog } from "./types";
import type { Json, Language } from "../shared/widget";

export type ObjectRole = "initializer" | "regularizer" | "constraint";
export const OBJECT_ROLES: ReadonlySet<string> = new Set<ObjectRole>(["initializer", "regularizer", "constraint"]);

/** One entry of a role's table: the name a layer argument may give, its Keras class, its factors and defaults. */
export interface SettingsKind {
  name: string;
  cls: string;
  factors: string[];
  defaults: Record<string, Json>;
}

/** The current value of a setting as the editor shows it: which table entry, and the factors it sets. */
export interface SettingsChoice {
  kind: SettingsKind | null;
  config: Record<string, Json>;
}

const isRecord = (v: unknown): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The entries of `role`'s table, in the catalog's order. */
export function settingsKinds(catalog: Catalog | null | undefined, role: ObjectRole): SettingsKind[] {
  const table = catalog?.objects?.[role] ?? {};
  return Object.entries(table).map(([name, [cls, factors, defaults]]) => ({
    name,
    cls,
    factors: [...factors],
    defaults: { ...(defaults ?? {}) },
  }));
}

/** Which entry `value` is (a name, a class name or a serialized object) and the factors it sets; kind null when
 * the value is none, or nothing the table knows (then only its text can be edited). */
export function readChoice(value: Json | undefined, kinds: SettingsKind[]): SettingsChoice {
  if (typeof value === "string") {
    return { kind: kinds.find((k) => k.name === value) ?? kinds.find((k) => k.cls === value) ?? null, config: {} };
  }
  if (isRecord(value) && typeof value.class_name === "string") {
    const config = value.config === undefined ? {} : value.config;
    const kind = kinds.find((k) => k.cls === value.class_name) ?? null;
    if (!isRecord(config) || !kind || Object.keys(config).some((f) => !kind.factors.includes(f))) {
      return { kind: null, config: {} };
    }
    return { kind, config: { ...config } };
  }
  return { kind: null, config: {} };
}

/** Whether the editor can show `value` as a picker and factor fields (else it keeps a text field). */
export function editable(value: Json | undefined, kinds: SettingsKind[]): boolean {
  return value === undefined || value === null || readChoice(value, kinds).kind !== null;
}

/** The value a pick of `name` writes: the bare name when Keras can build it from the name alone, else
 * {"class_name": ..., "config": {...}} with the table's defaults (L1L2 and Constant need their factors). */
export function pickValue(name: string, kinds: SettingsKind[], needsSettings: readonly string[]): Json {
  const kind = kinds.find((k) => k.name === name);
  if (!kind || !needsSettings.includes(name)) return name;
  return { class_name: kind.cls, config: { ...kind.defaults } };
}

/** The value after setting factor `factor` of the current choice to `factorValue` (undefined: back to its
 * default); always the serialized form, the class the current name stands for. */
export function withFactor(choice: SettingsChoice, factor: string, factorValue: Json | undefined): Json {
  if (!choice.kind) throw new Error("no settings object is chosen");
  const config: Record<string, Json> = { ...choice.config };
  if (factorValue === undefined) delete config[factor];
  else config[factor] = factorValue;
  return { class_name: choice.kind.cls, config };
}

/** How a factor is typed in: from its default (numbers, integers, a seed that may be empty, or text). */
export type FactorKind = "number" | "integer" | "seed" | "text";

export function factorKind(kind: SettingsKind, factor: string): FactorKind {
  const d = kind.defaults[factor];
  if (factor === "seed") return "seed";
  if (typeof d === "string") return "text";
  if (typeof d === "number" && Number.isInteger(d) && factor === "axis") return "integer";
  return "number";
}

/** A factor typed into its field: empty is the default (undefined); otherwise text or a number, judged by
 * the rule the catalog's tables are judged by (`factorWanted`: regularizer strengths are never negative). */
export function parseFactor(
  kind: SettingsKind,
  factor: string,
  raw: string,
  role: ObjectRole,
  lang: Language = "en",
): Parsed {
  const text = raw.trim();
  if (text === "") return { ok: true, value: undefined };
  const value = factorKind(kind, factor) === "text" ? text : Number(text);
  const wanted = factorWanted(factor, kind.defaults[factor], value, role);
  if (wanted) return { ok: false, error: t(lang, "factorRefused", { factor, cls: kind.cls, what: t(lang, wanted) }) };
  return { ok: true, value };
}

/** What an empty factor field shows: the default Keras uses. */
export function factorPlaceholder(kind: SettingsKind, factor: string, lang: Language = "en"): string {
  const d = kind.defaults[factor];
  return d === undefined ? "" : t(lang, "factorDefault", { value: d === null ? t(lang, "none") : String(d) });
}
