// Parameter values: text <-> value for the inspector, and validation that
// mirrors nnbuilder/catalog/_spec.py (validate_value and the _v_* checks).
import type { Catalog, Json, ParamSpec } from "./types";

export type Parsed = { ok: true; value: Json | undefined } | { ok: false; error: string };

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function fmt(n: number): string {
  return String(Number(n.toPrecision(6)));
}

export function boundsPhrase(p: ParamSpec, noun: string): string {
  const min = p.min ?? null;
  const max = p.max ?? null;
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

function checkSerialized(value: Json, names: string[] | undefined, noun: string): string | null {
  if (typeof value === "string") {
    if (!names || names.length === 0 || names.includes(value)) return null;
    return `expected a ${noun} (${names.map((n) => `'${n}'`).join(", ")})`;
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
  return `expected a ${noun} name or {"class_name": ..., "config": {...}}`;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `value` is not acceptable for `p`, or null when it is. */
export function validateValue(p: ParamSpec, value: Json, catalog?: Catalog | null): string | null {
  if (value === null && (p.nullable || (!p.required && p.default === null))) return null;
  const choices = catalog?.choices ?? {};
  switch (p.kind) {
    case "int":
      return isInt(value) && inBounds(p, value) ? null : `expected ${boundsPhrase(p, "integer")}`;
    case "float":
      return isNumber(value) && inBounds(p, value) ? null : `expected ${boundsPhrase(p, "number")}`;
    case "bool":
      return typeof value === "boolean" ? null : "expected true or false";
    case "str":
      return typeof value === "string" ? null : "expected text";
    case "choice":
      return (p.choices ?? []).some((c) => c === value)
        ? null
        : "expected one of " + (p.choices ?? []).map((c) => JSON.stringify(c)).join(", ");
    case "ints": {
      const items = Array.isArray(value) ? value : [value];
      const okLen = !Array.isArray(value) || !p.size || value.length === p.size;
      if (okLen && items.length && items.every((v) => isInt(v) && inBounds(p, v))) return null;
      const each = boundsPhrase(p, "integer");
      return p.size ? `expected ${each} or a list of ${p.size} such integers` : `expected ${each} or a list of them`;
    }
    case "axes": {
      const items = Array.isArray(value) ? value : [value];
      return items.length && items.every(isInt) ? null : "expected an axis (an integer) or a list of axes";
    }
    case "shape": {
      const low = p.min ?? 1;
      if (Array.isArray(value) && value.every((v) => v === null || (isInt(v) && v >= low))) return null;
      if (low === -1) return "expected a list of positive integers, one of which may be -1 (worked out from the input size)";
      return "expected a list of positive integers (or null for a free size)";
    }
    case "activation": {
      const names = choices.activation;
      return typeof value === "string" && (!names?.length || names.includes(value))
        ? null
        : "expected an activation name such as 'relu', 'sigmoid' or 'softmax'";
    }
    case "initializer":
    case "regularizer":
    case "constraint":
      return checkSerialized(value, choices[p.kind], p.kind);
    case "layer": {
      const v = value as any;
      const cfg = v?.config ?? {};
      if (v && typeof v === "object" && !Array.isArray(v) && typeof v.class_name === "string" && IDENT.test(v.class_name) &&
          cfg && typeof cfg === "object" && !Array.isArray(cfg) && Object.keys(cfg).every((k) => IDENT.test(k))) {
        return null;
      }
      return "expected a layer such as {\"class_name\": \"LSTM\", \"config\": {\"units\": 32}}";
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

function parseNumberList(p: ParamSpec, text: string): Parsed {
  const cleaned = text.trim().replace(/^[([]|[)\]]$/g, "");
  const parts = cleaned.split(",").map((s) => s.trim());
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  const values: (number | null)[] = [];
  for (const part of parts) {
    if (p.kind === "shape" && /^(none|null)$/i.test(part)) values.push(null);
    else if (/^[-+]?\d+$/.test(part)) values.push(Number(part));
    else return { ok: false, error: `"${part}" is not an integer` };
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
export function parseInput(p: ParamSpec, raw: string | boolean): Parsed {
  if (typeof raw === "boolean") return { ok: true, value: raw };
  const text = raw.trim();
  if (text === "" && p.kind !== "str") {
    if (p.nullable) return { ok: true, value: null };
    if (!p.required) return { ok: true, value: undefined };
    return { ok: false, error: "a value is required" };
  }
  switch (p.kind) {
    case "int":
    case "float": {
      const n = Number(text);
      if (text === "" || Number.isNaN(n)) return { ok: false, error: `"${text}" is not a number` };
      return { ok: true, value: n };
    }
    case "ints":
    case "axes":
    case "shape":
      return parseNumberList(p, text);
    case "str":
      return { ok: true, value: raw };
    case "any":
    case "layer":
      try {
        return { ok: true, value: JSON.parse(text) as Json };
      } catch {
        return { ok: false, error: "not valid JSON" };
      }
    case "initializer":
    case "regularizer":
    case "constraint":
      if (text.startsWith("{")) {
        try {
          return { ok: true, value: JSON.parse(text) as Json };
        } catch {
          return { ok: false, error: "not valid JSON" };
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
export function checkInput(p: ParamSpec, raw: string | boolean, catalog?: Catalog | null): Parsed {
  const parsed = parseInput(p, raw);
  if (!parsed.ok || parsed.value === undefined) return parsed;
  const error = validateValue(p, parsed.value, catalog);
  return error ? { ok: false, error } : parsed;
}
