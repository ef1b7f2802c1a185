// Parameter values: text <-> value for the inspector, and validation that
// mirrors nnbuilder/catalog/_spec.py (validate_value and the _v_* checks).
import type { Catalog, Json, Language, ParamSpec } from "./types";

export type Parsed = { ok: true; value: Json | undefined } | { ok: false; error: string };

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

// What a refusal says, in the inspector's language.
const say = (lang: Language, en: string, zh: string): string => (lang === "zh" ? zh : en);
const NOUNS_ZH: Record<string, string> = {
  integer: "整数",
  number: "数",
  initializer: "初始化器",
  regularizer: "正则化器",
  constraint: "约束",
};

function fmt(n: number): string {
  return String(Number(n.toPrecision(6)));
}

export function boundsPhrase(p: ParamSpec, noun: string, lang: Language = "en"): string {
  const min = p.min ?? null;
  const max = p.max ?? null;
  if (lang === "zh") {
    const word = NOUNS_ZH[noun] ?? noun;
    if (min === 0 && p.min_exclusive && max === null) return `正${word}`;
    if (min === 0 && !p.min_exclusive && max === null) return `非负${word}`;
    if (min === 1 && !p.min_exclusive && max === null && noun === "integer") return "正整数";
    const limits: string[] = [];
    if (min !== null) limits.push(`${p.min_exclusive ? ">" : "≥"} ${fmt(min)}`);
    if (max !== null) limits.push(`${p.max_exclusive ? "<" : "≤"} ${fmt(max)}`);
    return limits.length ? `${limits.join(" 且 ")} 的${word}` : word;
  }
  if (min === 0 && p.min_exclusive && max === null) return `a positive ${noun}`;
  if (min === 0 && !p.min_exclusive && max === null) return `a non-negative ${noun}`;
  if (min === 1 && !p.min_exclusive && max === null && noun === "integer") return "a positive integer";
  const parts: string[] = [];
  if (min !== null) parts.push(`${p.min_exclusive ? ">" : ">="} ${fmt(min)}`);
  if (max !== null) parts.push(`${p.max_exclusive ? "<" : "<="} ${fmt(max)}`);
  const article = "aeiou".includes(noun[0]) ? "an" : "a";
  return `${article} ${noun}${parts.length ? " " + parts.join(" and ") : ""}`;
}

export function inBounds(p: ParamSpec, v: number): boolean {
  if (Number.isNaN(v)) return false;
  if (p.min !== undefined && p.min !== null && (v < p.min || (p.min_exclusive && v === p.min))) return false;
  if (p.max !== undefined && p.max !== null && (v > p.max || (p.max_exclusive && v === p.max))) return false;
  return true;
}

function checkSerialized(value: Json, names: string[] | undefined, noun: string, lang: Language): string | null {
  const word = NOUNS_ZH[noun] ?? noun;
  if (typeof value === "string") {
    if (!names || names.length === 0 || names.includes(value)) return null;
    const listed = names.map((n) => `'${n}'`);
    return say(lang, `expected a ${noun} (${listed.join(", ")})`, `应为${word}（${listed.join("、")}）`);
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const cls = (value as any).class_name;
    const config = (value as any).config ?? {};
    const allowed = ["class_name", "config", "module", "registered_name"];
    if (keys.every((k) => allowed.includes(k)) && typeof cls === "string" && cls && typeof config === "object" && !Array.isArray(config)) {
      return null;
    }
  }
  const form = `{"class_name": ..., "config": {...}}`;
  return say(lang, `expected a ${noun} name or ${form}`, `应为${word}名称或 ${form}`);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `value` is not acceptable for `p`, or null when it is. */
export function validateValue(p: ParamSpec, value: Json, catalog?: Catalog | null, lang: Language = "en"): string | null {
  if (value === null && (p.nullable || (!p.required && p.default === null))) return null;
  const choices = catalog?.choices ?? {};
  switch (p.kind) {
    case "int":
      return isInt(value) && inBounds(p, value) ? null : say(lang, `expected ${boundsPhrase(p, "integer")}`, `应为${boundsPhrase(p, "integer", lang)}`);
    case "float":
      return isNumber(value) && inBounds(p, value) ? null : say(lang, `expected ${boundsPhrase(p, "number")}`, `应为${boundsPhrase(p, "number", lang)}`);
    case "bool":
      return typeof value === "boolean" ? null : say(lang, "expected true or false", "应为 true 或 false");
    case "str":
      return typeof value === "string" ? null : say(lang, "expected text", "应为文本");
    case "choice":
      if ((p.choices ?? []).some((c) => c === value)) return null;
      const listed = (p.choices ?? []).map((c) => JSON.stringify(c));
      return say(lang, "expected one of " + listed.join(", "), "应为以下之一：" + listed.join("、"));
    case "ints": {
      const items = Array.isArray(value) ? value : [value];
      const okLen = !Array.isArray(value) || !p.size || value.length === p.size;
      if (okLen && items.length && items.every((v) => isInt(v) && inBounds(p, v))) return null;
      const each = boundsPhrase(p, "integer");
      const eachZh = boundsPhrase(p, "integer", lang);
      return p.size
        ? say(lang, `expected ${each} or a list of ${p.size} such integers`, `应为${eachZh}，或由 ${p.size} 个这样的整数组成的列表`)
        : say(lang, `expected ${each} or a list of them`, `应为${eachZh}，或由它们组成的列表`);
    }
    case "axes": {
      const items = Array.isArray(value) ? value : [value];
      return items.length && items.every(isInt) ? null : say(lang, "expected an axis (an integer) or a list of axes", "应为一个轴（整数）或轴的列表");
    }
    case "shape": {
      const low = p.min ?? 1;
      if (Array.isArray(value) && value.every((v) => v === null || (isInt(v) && v >= low))) return null;
      if (low === -1) {
        return say(lang, "expected a list of positive integers, one of which may be -1 (worked out from the input size)",
          "应为正整数列表，其中一个可以是 -1（由输入大小推算）");
      }
      return say(lang, "expected a list of positive integers (or null for a free size)", "应为正整数列表（不定的大小写 null）");
    }
    case "activation": {
      const names = choices.activation;
      return typeof value === "string" && (!names?.length || names.includes(value))
        ? null
        : say(lang, "expected an activation name such as 'relu', 'sigmoid' or 'softmax'", "应为激活函数名，例如 'relu'、'sigmoid' 或 'softmax'");
    }
    case "initializer":
    case "regularizer":
    case "constraint":
      return checkSerialized(value, choices[p.kind], p.kind, lang);
    case "layer": {
      const v = value as any;
      const cfg = v?.config ?? {};
      if (v && typeof v === "object" && !Array.isArray(v) && typeof v.class_name === "string" && IDENT.test(v.class_name) &&
          cfg && typeof cfg === "object" && !Array.isArray(cfg) && Object.keys(cfg).every((k) => IDENT.test(k))) {
        return null;
      }
      const example = `{"class_name": "LSTM", "config": {"units": 32}}`;
      return say(lang, `expected a layer such as ${example}`, `应为一个层，例如 ${example}`);
    }
    default:
      return null;
  }
}

/** Text shown in a text field for a value. */
export function valueText(p: ParamSpec, value: Json | undefined): string {
  if (value === undefined || value === null) return "";
  if (p.kind === "ints" || p.kind === "axes" || p.kind === "shape") {
    return Array.isArray(value) ? value.map((v) => (v === null ? "None" : String(v))).join(", ") : String(value);
  }
  if (p.kind === "str") return String(value);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function parseNumberList(p: ParamSpec, text: string, lang: Language): Parsed {
  const cleaned = text.trim().replace(/^[([]|[)\]]$/g, "");
  const parts = cleaned.split(",").map((s) => s.trim());
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  const values: (number | null)[] = [];
  for (const part of parts) {
    if (p.kind === "shape" && /^(none|null)$/i.test(part)) values.push(null);
    else if (/^[-+]?\d+$/.test(part)) values.push(Number(part));
    else return { ok: false, error: say(lang, `"${part}" is not an integer`, `“${part}”不是整数`) };
  }
  if (p.kind === "shape") return { ok: true, value: values };
  // One number stays a number unless a fixed-length tuple is expected.
  if (values.length === 1 && !p.size) return { ok: true, value: values[0] };
  if (values.length === 1 && p.size) return { ok: true, value: Array(p.size).fill(values[0]) };
  return { ok: true, value: values };
}

/**
 * Parse what the user typed or picked. Empty text means "not set": null when
 * the parameter allows it, the default (undefined = remove the key) when it
 * has one, an error when it is required.
 */
export function parseInput(p: ParamSpec, raw: string | boolean, lang: Language = "en"): Parsed {
  if (typeof raw === "boolean") return { ok: true, value: raw };
  const text = raw.trim();
  if (text === "" && p.kind !== "str") {
    if (p.nullable) return { ok: true, value: null };
    if (!p.required) return { ok: true, value: undefined };
    return { ok: false, error: say(lang, "a value is required", "必须填写一个值") };
  }
  switch (p.kind) {
    case "int":
    case "float": {
      const n = Number(text);
      if (text === "" || Number.isNaN(n)) return { ok: false, error: say(lang, `"${text}" is not a number`, `“${text}”不是数字`) };
      return { ok: true, value: n };
    }
    case "ints":
    case "axes":
    case "shape":
      return parseNumberList(p, text, lang);
    case "str":
      return { ok: true, value: raw };
    case "any":
    case "layer":
      try {
        return { ok: true, value: JSON.parse(text) as Json };
      } catch {
        return { ok: false, error: say(lang, "not valid JSON", "不是有效的 JSON") };
      }
    case "initializer":
    case "regularizer":
    case "constraint":
      if (text.startsWith("{")) {
        try {
          return { ok: true, value: JSON.parse(text) as Json };
        } catch {
          return { ok: false, error: say(lang, "not valid JSON", "不是有效的 JSON") };
        }
      }
      return { ok: true, value: text === "none" && p.nullable ? null : text };
    case "choice": {
      const match = (p.choices ?? []).find((c) => String(c) === text);
      return match === undefined ? { ok: true, value: text } : { ok: true, value: match };
    }
    default:
      return { ok: true, value: text };
  }
}

/** Parse then validate. `undefined` value = back to the default. */
export function checkInput(p: ParamSpec, raw: string | boolean, catalog?: Catalog | null, lang: Language = "en"): Parsed {
  const parsed = parseInput(p, raw, lang);
  if (!parsed.ok || parsed.value === undefined) return parsed;
  const error = validateValue(p, parsed.value, catalog, lang);
  return error ? { ok: false, error } : parsed;
}
