// What the inspector's search toggle offers for a setting, the range it starts from, and the check of a range
// as it is typed: the section's own refusals (nnbuilder/document/search_section.py, whose words Python sends in
// the catalog) and each value judged by the setting's own rule (value-validation.ts), as the Python check does.
import { t } from "./i18n";
import type { SearchRange } from "./search-ranges";
import type { Catalog, ParamSpec } from "./types";
import { parseInput, validateValue } from "./value-validation";
import { fill } from "../shared/word-table";
import type { Json, Language } from "../shared/widget";

/** What Python sends under the catalog's `search`: a new section's defaults and the section's refusals. */
export interface SearchPayload {
  defaults: Record<string, Json>;
  words: Record<string, { en: string; zh: string }>;
}

export type SearchCatalog = Catalog & { search?: SearchPayload };

/** Whether a setting can be searched from the inspector: a number, or one of a list of names. */
export function searchable(p: ParamSpec): boolean {
  return p.kind === "int" || p.kind === "float" || p.kind === "choice" || p.kind === "activation";
}

/** Whether a setting is searched over a list of its choices (else over numbers). */
export const byChoices = (p: ParamSpec): boolean => p.kind === "choice" || p.kind === "activation";

/** The values a choice setting offers. */
export function choiceOptions(p: ParamSpec, catalog: Catalog | null | undefined): Json[] {
  if (p.kind === "choice") return [...(p.choices ?? [])];
  return [...(catalog?.choices?.activation ?? [])];
}

const sig = (n: number) => Number(n.toPrecision(6));

/** The lowest and highest values `p` takes (an exclusive bound stepped inside), when it has bounds. */
function bounds(p: ParamSpec): { lo: number | undefined; hi: number | undefined } {
  const gap = p.kind === "int" ? 1 : 0;
  const lo = p.min === undefined || p.min === null ? undefined : p.min + (p.min_exclusive ? gap : 0);
  const hi = p.max === undefined || p.max === null ? undefined : p.max - (p.max_exclusive ? gap : 0);
  return { lo, hi };
}

/** The range a setting starts from when its search is turned on: its current value for a choice, else half
 * to twice the current value, kept inside the setting's bounds. */
export function starterRange(p: ParamSpec, value: Json | undefined, catalog: Catalog | null | undefined): SearchRange {
  const target = { model: "", node: "", param: p.name };
  if (byChoices(p)) {
    const first = value === undefined || value === null ? choiceOptions(p, catalog)[0] : value;
    return { target, values: first === undefined ? [] : [first] };
  }
  const { lo, hi } = bounds(p);
  const v = typeof value === "number" && Number.isFinite(value) ? value : (lo ?? 1);
  if (p.kind === "int") {
    let low = Math.max(lo ?? -Infinity, Math.floor(v / 2));
    let high = Math.min(hi ?? Infinity, Math.max(v * 2, low + 1));
    if (low >= high) low = high - 1;
    if (v === 0 && lo === undefined) [low, high] = [0, 1];
    return { target, low, high };
  }
  let low = v > 0 ? v / 2 : v < 0 ? v * 2 : 0;
  let high = v > 0 ? v * 2 : v < 0 ? v / 2 : 1;
  if (hi !== undefined && high >= hi) high = p.max_exclusive ? (Math.max(v, low) + hi) / 2 : hi;
  if (lo !== undefined && low <= lo) low = p.min_exclusive ? (lo + Math.min(v, high)) / 2 : lo;
  return { target, low: sig(low), high: sig(high), type: "float" };
}

/** A value as Python's repr writes it in a refusal (5, 0.5, 'relu', None, True). */
export function describe(v: Json | undefined): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Typed values ("32, 64, 128"; "relu, tanh") read as the setting reads them: text that is not the number asked
 * for stays text, which the check then refuses. */
export function parseValues(p: ParamSpec, text: string): Json[] {
  const parts = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return parts.map((part) => {
    const parsed = parseInput({ ...p, required: true, nullable: false }, part);
    return parsed.ok && parsed.value !== undefined ? parsed.value : part;
  });
}

/** A number typed into low, high or step: the number, or the text when it is not one (undefined when empty). */
export function parseNumber(text: string): Json | undefined {
  const s = text.trim();
  if (s === "") return undefined;
  const n = Number(s);
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) && Number.isFinite(n) ? n : s;
}

/** The first problem of a typed range as (field, message), or null when Python will take it. */
export function rangeProblem(
  p: ParamSpec,
  range: { values?: Json[]; low?: Json; high?: Json; log?: boolean; step?: Json },
  catalog: SearchCatalog | null | undefined,
  lang: Language,
): { field: string; message: string } | null {
  const words = catalog?.search?.words ?? {};
  const say = (key: string, values: Record<string, string>) => fill(words[key]?.[lang] ?? key, values);
  if (range.values !== undefined) {
    if (!range.values.length) return { field: "values", message: say("empty_values", { found: "[]" }) };
    const seen: Json[] = [];
    for (const [i, v] of range.values.entries()) {
      const refused = validateValue(p, v, catalog, lang);
      if (refused) return { field: `values[${i}]`, message: `${refused} (${describe(v)})` };
      if (seen.some((s) => s === v))
        return { field: `values[${i}]`, message: say("repeated_value", { value: describe(v) }) };
      seen.push(v);
    }
    return null;
  }
  const ends: [string, Json | undefined][] = [
    ["low", range.low],
    ["high", range.high],
  ];
  for (const [field, v] of ends) {
    if (typeof v !== "number" || !Number.isFinite(v))
      return { field, message: say("bad_number", { found: describe(v ?? "") }) };
    if (p.kind === "int" && !Number.isInteger(v))
      return { field, message: say("bad_int_bound", { found: describe(v) }) };
    const refused = validateValue(p, v, catalog, lang);
    if (refused) return { field, message: `${refused} (${describe(v)})` };
  }
  const low = range.low as number;
  const high = range.high as number;
  if (low >= high) return { field: "high", message: say("low_high", { low: describe(low), high: describe(high) }) };
  if (range.log && low <= 0) return { field: "low", message: say("log_positive", { low: describe(low) }) };
  const step = range.step;
  if (step !== undefined) {
    const whole = p.kind !== "int" || (typeof step === "number" && Number.isInteger(step));
    if (typeof step !== "number" || !(step > 0) || !whole)
      return { field: "step", message: say("bad_step", { found: describe(step) }) };
    if (range.log) return { field: "step", message: say("log_step", {}) };
  }
  return null;
}

/** A range problem worded for the inspector: the setting and the field named before what was expected. */
export function problemText(param: string, problem: { field: string; message: string }, lang: Language): string {
  return t(lang, "searchFieldProblem", { param, field: problem.field, message: problem.message });
}
