import { describe, expect, it } from "vitest";
import { checkInput, numberText, parseInput, validateValue, valueText } from "../src/editor/value-validation";
import type { Catalog, ParamSpec } from "../src/editor/types";
import fixture from "./python-fixtures/param-values.json";
import type { Json } from "../src/shared/widget";

// What nnbuilder's check of a setting says of each value tried on a real layer argument ("Dense.units"),
// training setting ("training.epochs") or dataset option ("data.csv.path"), in English and Chinese
// (python -m tests.shared_fixtures writes the file).
interface Case {
  param: string;
  value: Json;
  accepted: boolean;
  refusal: { en: string; zh: string } | null;
}
const {
  catalog: choices,
  params,
  cases,
  bound_text,
} = fixture as unknown as {
  catalog: Pick<Catalog, "choices" | "objects" | "needs_settings">;
  params: Record<string, ParamSpec>;
  cases: Case[];
  bound_text: { n: number; text: string }[];
};
const catalog: Catalog = { categories: [], ...choices };
const name = (c: Case) => `${c.param} = ${JSON.stringify(c.value)}`;

describe("setting values, as Python judges them", () => {
  it("covers every kind the inspector checks, taken and refused", () => {
    const kinds = new Set(Object.values(params).map((p) => p.kind));
    for (const kind of [
      "int",
      "float",
      "bool",
      "choice",
      "ints",
      "axes",
      "shape",
      "activation",
      "initializer",
      "regularizer",
      "constraint",
      "layer",
      "any",
      "text",
      "path",
      "size",
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    expect(cases.filter((c) => c.accepted).length).toBeGreaterThan(30);
    expect(cases.filter((c) => !c.accepted).length).toBeGreaterThan(60);
  });

  it("tries layer arguments, training settings and dataset options, each taken and refused", () => {
    const group = (c: Case) => (/^(training|data)\./.test(c.param) ? c.param.split(".")[0] : "catalog");
    for (const name of ["catalog", "training", "data"]) {
      const mine = cases.filter((c) => group(c) === name);
      expect(mine.filter((c) => c.accepted).length, name).toBeGreaterThan(10);
      expect(mine.filter((c) => !c.accepted).length, name).toBeGreaterThan(20);
    }
  });

  it("takes and refuses the same values, with Python's words in English", () => {
    for (const c of cases)
      expect(validateValue(params[c.param], c.value, catalog, "en"), name(c)).toBe(c.refusal?.en ?? null);
  });

  it("says each refusal in Python's Chinese", () => {
    for (const c of cases)
      expect(validateValue(params[c.param], c.value, catalog, "zh"), name(c)).toBe(c.refusal?.zh ?? null);
  });

  it("gives the same answer when the value is typed into the inspector", () => {
    let typed = 0;
    for (const c of cases) {
      const p = params[c.param];
      if (c.value === null || p.kind === "bool") continue; // empty text means "not set"; a checkbox types nothing
      const text = valueText(p, c.value);
      const parsed = parseInput(p, text);
      if (!parsed.ok || JSON.stringify(parsed.value) !== JSON.stringify(c.value)) continue; // not the text of this value
      typed += 1;
      for (const lang of ["en", "zh"] as const) {
        const result = checkInput(p, text, catalog, lang);
        expect(result, `${name(c)} typed as ${JSON.stringify(text)} (${lang})`).toEqual(
          c.accepted ? { ok: true, value: c.value } : { ok: false, error: c.refusal?.[lang] },
        );
      }
    }
    expect(typed).toBeGreaterThan(60);
  });

  it("writes bounds as Python's number_text does", () => {
    for (const { n, text } of bound_text) expect(numberText(n), String(n)).toBe(text);
  });
});
