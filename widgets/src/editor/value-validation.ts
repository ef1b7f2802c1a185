// Parameter values: text <-> value for the inspector's controls, and the check of
// nnbuilder/document/params.py (validate_value and its per-kind checks) for every Param (layer
// arguments, training settings, dataset options), word for word in both languages;
// test/param-values.test.ts holds it to what Python answers.
import { t, type StringKey } from "./i18n";
import type { ObjectRole } from "./settings-object";
import type { Catalog, ParamSpec } from "./types";
import type { Json, Language } from "../shared/widget";

export type Parsed = { ok: true; value: Json | undefined } | { ok: false; error: string };

/** A refusal before it is worded: what was expected (to which ", or null" is added when null is taken), or a
 * sentence of its own. */
type Refusal = { expected: string } | { sentence: string } | null;

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);

/** A number as Python's `format(n, "g")` writes it (six significant digits). */
function formatG(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "nan" : n > 0 ? "inf" : "-inf";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const [mantissa, exp] = n.toExponential(5).split("e");
  const e = Number(exp);
  const trim = (s: string) => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);
  if (e < -4 || e >= 6) return `${trim(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return trim(n.toFixed(5 - e));
}

/** A bound as messages write it (number_text of nnbuilder/document/params.py): whole numbers in full
 * (4294967295), others as format(n, "g") does (0.001, 1e-07). */
export function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? String(n) : formatG(n);
}

/** A choice as Python's repr writes it ('same', True, None). */
function pyRepr(v: Json): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : formatG(v);
  if (typeof v === "string")
    return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  return JSON.stringify(v);
}

/** Python's `==` between two JSON values of a choice list (True == 1). */
function pyEqual(a: Json, b: Json): boolean {
  const numeric = (v: Json) => typeof v === "number" || typeof v === "boolean";
  return a === b || (numeric(a) && numeric(b) && Number(a) === Number(b));
}

/** Whether null is a value of `p` (it is nullable, or null is its default): Param.takes_null. */
export const takesNull = (p: ParamSpec): boolean => p.nullable || (!p.required && p.default === null);

/** The bounds of `p` as written after a noun (">= 1 and <= 4096"), or "" when it has none. */
function boundsText(p: ParamSpec, lang: Language): string {
  const parts: string[] = [];
  if (p.min !== undefined && p.min !== null)
    parts.push(t(lang, p.min_exclusive ? "above" : "atLeast", { n: numberText(p.min) }));
  if (p.max !== undefined && p.max !== null)
    parts.push(t(lang, p.max_exclusive ? "below" : "atMost", { n: numberText(p.max) }));
  return parts.length === 2 ? t(lang, "bothBounds", { a: parts[0], b: parts[1] }) : (parts[0] ?? "");
}

export function boundsPhrase(p: ParamSpec, noun: "integer" | "number", lang: Language = "en"): string {
  const min = p.min ?? null;
  const max = p.max ?? null;
  const integer = noun === "integer";
  if (min === 0 && p.min_exclusive && max === null) return t(lang, integer ? "positiveInteger" : "positiveNumber");
  if (min === 0 && !p.min_exclusive && max === null)
    return t(lang, integer ? "nonNegativeInteger" : "nonNegativeNumber");
  if (min === 1 && !p.min_exclusive && max === null && integer) return t(lang, "positiveInteger");
  const bounds = boundsText(p, lang);
  if (!bounds) return t(lang, integer ? "anInteger" : "aNumber");
  return t(lang, integer ? "integerWithin" : "numberWithin", { bounds });
}

export function inBounds(p: ParamSpec, v: number): boolean {
  if (!Number.isFinite(v)) return false; // NaN and infinity are never a setting's value
  if (p.min !== undefined && p.min !== null && (v < p.min || (p.min_exclusive && v === p.min))) return false;
  if (p.max !== undefined && p.max !== null && (v > p.max || (p.max_exclusive && v === p.max))) return false;
  return true;
}

const expected = (what: string): Refusal => ({ expected: what });

/** The characters of Python's str.isspace: text made only of them is blank (str.strip leaves nothing). */
const PY_SPACES = new Set([
  ...[0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680],
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  ...[0x2028, 0x2029, 0x202f, 0x205f, 0x3000],
]);
/** Text that is not blank and holds no NUL (the kinds text and path). */
const isText = (v: unknown): boolean =>
  typeof v === "string" && [...v].some((ch) => !PY_SPACES.has(ch.codePointAt(0) ?? 0)) && !v.includes("\0");

/** What an initializer, regularizer or constraint example looks like in its refusal. */
const OBJECT_EXAMPLES: Record<ObjectRole, string> = {
  initializer: "'glorot_uniform'",
  regularizer: "{'class_name': 'L2', 'config': {'l2': 0.01}}",
  constraint: "'non_neg'",
};
const OBJECT_KEYS = ["class_name", "config", "module", "registered_name"];

/** What a factor of a settings object must be when `value` is not that (a word of the table), else null:
 * nnbuilder.document.setting_choices.factor_wanted. */
export function factorWanted(
  factor: string,
  defaultValue: Json | undefined,
  value: Json,
  role: ObjectRole,
): "aText" | "anInteger" | "axisOrAxes" | "nonNegativeNumber" | "aNumber" | null {
  const whole = (v: Json) => typeof v === "number" && Number.isInteger(v);
  if (typeof defaultValue === "string") return typeof value === "string" ? null : "aText";
  if (factor === "seed") return value === null || whole(value) ? null : "anInteger";
  if (factor === "axis") return whole(value) || (Array.isArray(value) && value.every(whole)) ? null : "axisOrAxes";
  const number = typeof value === "number" && Number.isFinite(value);
  if (role === "regularizer") return number && value >= 0 ? null : "nonNegativeNumber";
  return number ? null : "aNumber";
}

/** A name from the catalog's table of `role`, or {"class_name": ..., "config": {...}} of one of its classes. */
function checkObject(value: Json, role: ObjectRole, catalog: Catalog | null | undefined, lang: Language): Refusal {
  const table = catalog?.objects?.[role];
  if (!table) return null; // no table to judge by: Python judges when the value arrives
  const classes = new Map<string, string[]>(Object.values(table).map(([cls, factors]) => [cls, factors]));
  const defaults = new Map(Object.values(table).map(([cls, , values]) => [cls, values ?? {}]));
  if (typeof value === "string" && (catalog?.needs_settings ?? []).includes(value) && value in table) {
    const example = `{'class_name': ${pyRepr(table[value][0])}, 'config': {...}}`;
    return { sentence: t(lang, "needsSettings", { value, example }) };
  }
  if (typeof value === "string" && (value in table || classes.has(value))) return null;
  if (isObject(value) && Object.keys(value).every((k) => OBJECT_KEYS.includes(k))) {
    const cls = value.class_name;
    const config = "config" in value ? value.config : {};
    if (typeof cls === "string" && classes.has(cls) && isObject(config)) {
      const factors = classes.get(cls) ?? [];
      const unknown = Object.keys(config)
        .filter((k) => !factors.includes(k))
        .sort();
      if (!unknown.length) {
        for (const [factor, given] of Object.entries(config)) {
          const wanted = factorWanted(factor, defaults.get(cls)?.[factor], given, role);
          if (wanted) return { sentence: t(lang, "factorRefused", { factor, cls, what: t(lang, wanted) }) };
        }
        return null;
      }
      if (!factors.length) return { sentence: t(lang, "takesNoSettings", { cls, unknown: unknown.join(", ") }) };
      return { sentence: t(lang, "takesSettings", { cls, names: factors.join(", "), unknown: unknown.join(", ") }) };
    }
  }
  const names = Object.keys(table).map(pyRepr).join(", ");
  return expected(t(lang, "objectNames", { noun: t(lang, role), names, example: OBJECT_EXAMPLES[role] }));
}

const PY_KEYWORDS = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);
const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
/** A Python name (str.isidentifier and not a keyword), as Keras class and argument names are. */
const isName = (v: unknown): boolean => typeof v === "string" && IDENTIFIER.test(v) && !PY_KEYWORDS.has(v);

function checkLayer(value: Json, lang: Language): Refusal {
  if (isObject(value) && isName(value.class_name)) {
    const config = "config" in value ? value.config : {};
    if (isObject(config) && Object.keys(config).every(isName)) return null;
  }
  return expected(t(lang, "layerExample", { example: "{'class_name': 'LSTM', 'config': {'units': 32}}" }));
}

function checkInts(p: ParamSpec, value: Json, lang: Language): Refusal {
  const items = Array.isArray(value) ? value : [value];
  const okLen = !Array.isArray(value) || !p.size || value.length === p.size;
  if (okLen && items.length && items.every((v) => isInt(v) && inBounds(p, v))) return null;
  const what = boundsPhrase(p, "integer", lang);
  return expected(p.size ? t(lang, "orSuchIntegers", { what, n: p.size }) : t(lang, "orListOfThem", { what }));
}

/** Exactly `size` (2 when unset) integers within the bounds, as a list: an image size [height, width]. */
function checkSize(p: ParamSpec, value: Json, lang: Language): Refusal {
  const n = p.size || 2;
  if (Array.isArray(value) && value.length === n && value.every((v) => isInt(v) && inBounds(p, v))) return null;
  const bounds = boundsText(p, lang);
  return expected(bounds ? t(lang, "listOfIntegersWithin", { n, bounds }) : t(lang, "listOfIntegers", { n }));
}

/** Why `value` does not suit `p` in `lang` by the rule of its kind, before null is considered. */
function refuse(p: ParamSpec, value: Json, catalog: Catalog | null | undefined, lang: Language): Refusal {
  const say = (key: StringKey): Refusal => expected(t(lang, key));
  switch (p.kind) {
    case "int":
      return isInt(value) && inBounds(p, value) ? null : expected(boundsPhrase(p, "integer", lang));
    case "float":
      return isNumber(value) && inBounds(p, value) ? null : expected(boundsPhrase(p, "number", lang));
    case "bool":
      return typeof value === "boolean" ? null : say("trueOrFalse");
    case "str":
      return typeof value === "string" ? null : say("aText");
    case "text":
      return isText(value) ? null : say("notBlankText");
    case "path":
      return isText(value) ? null : say("aPath");
    case "choice": {
      const choices = p.choices ?? [];
      if (choices.some((c) => pyEqual(c, value))) return null;
      return expected(t(lang, "oneOf", { choices: choices.map(pyRepr).join(", ") }));
    }
    case "ints":
      return checkInts(p, value, lang);
    case "size":
      return checkSize(p, value, lang);
    case "axes": {
      const items = Array.isArray(value) ? value : [value];
      return items.length && items.every(isInt) ? null : say("axisOrAxes");
    }
    case "shape": {
      const low = p.min ?? 1;
      if (Array.isArray(value) && value.every((v) => v === null || (isInt(v) && v >= low))) return null;
      return say(low === -1 ? "sizeListWorkedOut" : "sizeList");
    }
    case "activation": {
      const names = catalog?.choices?.activation;
      return typeof value === "string" && (!names?.length || names.includes(value)) ? null : say("activationName");
    }
    case "initializer":
    case "regularizer":
    case "constraint":
      return checkObject(value, p.kind, catalog, lang);
    case "layer":
      return checkLayer(value, lang);
    default:
      return null;
  }
}

/** Why `value` does not suit `p`, or null when it does: nnbuilder.document.params.validate_value in `lang`. */
export function validateValue(
  p: ParamSpec,
  value: Json,
  catalog?: Catalog | null,
  lang: Language = "en",
): string | null {
  if (value === null && takesNull(p)) return null;
  const refusal = refuse(p, value, catalog, lang);
  if (refusal === null) return null;
  if ("sentence" in refusal) return refusal.sentence;
  return t(lang, "expected", { what: refusal.expected }) + (takesNull(p) ? t(lang, "orNull") : "");
}

/** Text shown in a text field for a value. */
export function valueText(p: ParamSpec, value: Json | undefined): string {
  if (value === undefined || value === null) return "";
  if (p.kind === "ints" || p.kind === "axes" || p.kind === "shape" || p.kind === "size") {
    return Array.isArray(value) ? value.map((v) => (v === null ? "None" : String(v))).join(", ") : String(value);
  }
  if (p.kind === "str") return String(value);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** A list of integers ("3, 3", "(None, 28, 1)"); text that is not one stays text, which the check then refuses. */
function parseNumberList(p: ParamSpec, text: string): Json {
  const cleaned = text.replace(/^[([]|[)\]]$/g, "");
  const parts = cleaned.split(",").map((s) => s.trim());
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  const values: (number | null)[] = [];
  for (const part of parts) {
    if (p.kind === "shape" && /^(none|null)$/i.test(part)) values.push(null);
    else if (/^[-+]?\d+$/.test(part)) values.push(Number(part));
    else return text;
  }
  if (p.kind === "shape") return values;
  // One number stays a number unless a fixed-length list is expected ("28" is [28, 28] for an image size).
  const count = p.kind === "size" ? p.size || 2 : p.size;
  if (values.length === 1) return count ? Array(count).fill(values[0]) : values[0];
  return values;
}

/**
 * Parse what the user typed or picked. Empty text means "not set": null when
 * the parameter allows it, the default (undefined = remove the key) when it
 * has one, an error when it is required. Text that is not the number or list
 * asked for stays text, so the check names what was expected.
 */
export function parseInput(p: ParamSpec, raw: string | boolean, lang: Language = "en"): Parsed {
  if (typeof raw === "boolean") return { ok: true, value: raw };
  const text = raw.trim();
  if (text === "" && p.kind !== "str") {
    if (p.nullable) return { ok: true, value: null };
    if (!p.required) return { ok: true, value: undefined };
    return { ok: false, error: t(lang, "valueRequired") };
  }
  const json = (): Parsed => {
    try {
      return { ok: true, value: JSON.parse(text) as Json };
    } catch {
      return { ok: false, error: t(lang, "notJson") };
    }
  };
  switch (p.kind) {
    case "int":
    case "float": {
      const n = Number(text);
      return { ok: true, value: NUMBER.test(text) && Number.isFinite(n) ? n : text };
    }
    case "ints":
    case "axes":
    case "shape":
    case "size":
      return { ok: true, value: parseNumberList(p, text) };
    case "str":
      return { ok: true, value: raw };
    case "text":
    case "path":
      return { ok: true, value: text }; // a space typed around a name or a path is not part of it
    case "any":
    case "layer":
      return json();
    case "initializer":
    case "regularizer":
    case "constraint":
      if (text.startsWith("{")) return json();
      return { ok: true, value: text === "none" && p.nullable ? null : text };
    case "choice": {
      const match = (p.choices ?? []).find((c) => String(c) === text);
      return { ok: true, value: match === undefined ? text : match };
    }
    default:
      return { ok: true, value: text };
  }
}

/** Parse then validate. `undefined` value = back to the default. */
export function checkInput(
  p: ParamSpec,
  raw: string | boolean,
  catalog?: Catalog | null,
  lang: Language = "en",
): Parsed {
  const parsed = parseInput(p, raw, lang);
  if (!parsed.ok || parsed.value === undefined) return parsed;
  const error = validateValue(p, parsed.value, catalog, lang);
  return error ? { ok: false, error } : parsed;
}
