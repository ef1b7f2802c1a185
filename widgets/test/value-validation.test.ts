import { describe, expect, it } from "vitest";
import { checkInput, validateValue, valueText } from "../src/editor/value-validation";
import type { ParamSpec } from "../src/editor/types";
import type { Catalog } from "../src/editor/types";
import { p } from "./fixtures";
import python from "./python-fixtures/param-values.json";

// The choice lists and object tables the editor gets from Python (test/param-values.test.ts holds the answers to Python).
const catalog = {
  categories: [],
  ...(python as unknown as { catalog: Omit<Catalog, "categories"> }).catalog,
} as Catalog;

const P = (kind: string, extra: Partial<ParamSpec> = {}): ParamSpec => p("x", kind, extra);

describe("validateValue", () => {
  it("ints and floats with bounds", () => {
    const units = P("int", { required: true, min: 1 });
    expect(validateValue(units, 3)).toBeNull();
    expect(validateValue(units, 0)).toBe("expected a positive integer");
    expect(validateValue(units, 2.5)).toBe("expected a positive integer");
    const rate = P("float", { required: true, min: 0, max: 1, max_exclusive: true });
    expect(validateValue(rate, 0.5)).toBeNull();
    expect(validateValue(rate, 1)).toBe("expected a number >= 0 and < 1");
    expect(validateValue(P("float", { min: 0, min_exclusive: true, default: 1 }), 0)).toBe(
      "expected a positive number",
    );
    expect(validateValue(P("int", { min: 0, default: 0 }), -1)).toBe("expected a non-negative integer");
  });

  it("null is fine when nullable or defaulting to null, not when required", () => {
    expect(validateValue(P("int", { nullable: true, default: 3 }), null)).toBeNull();
    expect(validateValue(P("int", { default: null }), null)).toBeNull();
    expect(validateValue(P("int", { required: true, min: 1 }), null)).not.toBeNull();
    expect(validateValue(P("int", { default: 3 }), null)).toBe("expected an integer");
  });

  it("a refusal of a setting that takes null says so", () => {
    expect(validateValue(P("int", { min: 0 }), -1)).toBe("expected a non-negative integer, or null");
    expect(validateValue(P("float", { nullable: true, default: 0.5 }), "x", null, "zh")).toBe("应为数，或 null");
    expect(validateValue(P("choice", { choices: ["a"] }), "b")).toBe("expected one of 'a', or null");
    // a refusal that is a sentence of its own, not "expected ...", is left as it is
    expect(validateValue(P("regularizer", { nullable: true }), { class_name: "L2", config: { l3: 1 } }, catalog)).toBe(
      "L2 takes l2, not l3",
    );
  });

  it("text, paths and sizes", () => {
    const column = P("text", { default: "label" });
    expect(validateValue(column, "label")).toBeNull();
    expect(validateValue(column, " ")).toBe("expected text that is not blank");
    expect(validateValue(column, "\u3000\u00a0\t")).toBe("expected text that is not blank");
    expect(validateValue(column, "\ufeff")).toBeNull(); // Python's str.strip keeps a byte-order mark
    expect(validateValue(column, "a\0b")).toBe("expected text that is not blank");
    expect(validateValue(column, 3, null, "zh")).toBe("应为非空白的文本");
    const path = P("path", { required: true });
    expect(validateValue(path, "data/train.csv")).toBeNull();
    expect(validateValue(path, "")).toBe("expected a file or folder path");
    expect(validateValue(path, null, null, "zh")).toBe("应为文件或文件夹路径");
    expect(validateValue(P("path"), "")).toBe("expected a file or folder path, or null");
    const size = P("size", { size: 2, min: 1, max: 4096, default: [28, 28] });
    expect(validateValue(size, [28, 28])).toBeNull();
    expect(validateValue(size, 28)).toBe("expected a list of 2 integers >= 1 and <= 4096");
    expect(validateValue(size, [28, 28, 1])).toBe("expected a list of 2 integers >= 1 and <= 4096");
    expect(validateValue(size, [0, 28], null, "zh")).toBe("应为由 2 个大于等于 1 且小于等于 4096 的整数组成的列表");
    expect(validateValue(P("size", { default: [1, 1] }), [1, 2, 3])).toBe("expected a list of 2 integers");
    expect(validateValue(P("size", { size: 3, min: 0, min_exclusive: true }), [1, 1, 0])).toBe(
      "expected a list of 3 integers > 0, or null",
    );
  });

  it("tuples, shapes, axes, choices", () => {
    const ks = P("ints", { required: true, min: 1, size: 2 });
    expect(validateValue(ks, [3, 3])).toBeNull();
    expect(validateValue(ks, 3)).toBeNull();
    expect(validateValue(ks, [3, 3, 3])).toBe("expected a positive integer or a list of 2 such integers");
    expect(validateValue(ks, [0, 3])).not.toBeNull();
    const shape = P("shape", { nullable: true });
    expect(validateValue(shape, [28, null, 1])).toBeNull();
    expect(validateValue(shape, [0])).toMatch(/positive integers/);
    expect(validateValue(P("shape", { min: -1 }), [-1, 4])).toBeNull();
    expect(validateValue(P("axes"), [1, -1])).toBeNull();
    expect(validateValue(P("axes"), "a")).not.toBeNull();
    expect(validateValue(P("choice", { default: "valid", choices: ["valid", "same"] }), "same")).toBeNull();
    expect(validateValue(P("choice", { default: "valid", choices: ["valid", "same"] }), "full")).toMatch(/one of/);
    expect(validateValue(P("bool", { default: true }), "yes")).toBe("expected true or false");
  });

  it("names from catalog choices and serialized objects", () => {
    expect(validateValue(P("activation", { nullable: true }), "relu", catalog)).toBeNull();
    expect(validateValue(P("activation", { nullable: true }), "nope", catalog)).not.toBeNull();
    expect(
      validateValue(P("regularizer", { nullable: true }), { class_name: "L2", config: { l2: 0.1 } }, catalog),
    ).toBeNull();
    expect(validateValue(P("regularizer", { nullable: true }), { foo: 1 }, catalog)).not.toBeNull();
    expect(validateValue(P("regularizer", { nullable: true }), { class_name: "L2", config: { l3: 1 } }, catalog)).toBe(
      "L2 takes l2, not l3",
    );
    expect(validateValue(P("initializer"), "GlorotUniform", catalog)).toBeNull();
    expect(validateValue(P("initializer"), "constant", catalog)).toMatch(/^constant needs its settings/);
    // without the tables (no catalog yet) nothing is refused: Python judges the value when it arrives
    expect(validateValue(P("initializer"), "nope", null)).toBeNull();
    expect(validateValue(P("layer"), { class_name: "LSTM", config: { units: 3 } })).toBeNull();
    expect(validateValue(P("layer"), { class_name: "not valid" })).not.toBeNull();
  });
});

describe("inspector input", () => {
  it("parses text into values", () => {
    expect(checkInput(P("ints", { required: true, min: 1, size: 2 }), "3, 3")).toEqual({ ok: true, value: [3, 3] });
    expect(checkInput(P("ints", { required: true, min: 1, size: 2 }), "5")).toEqual({ ok: true, value: [5, 5] });
    expect(checkInput(P("shape", { nullable: true }), "None, 28, 1")).toEqual({ ok: true, value: [null, 28, 1] });
    expect(checkInput(P("shape", { nullable: true }), "(28, 28, 1)")).toEqual({ ok: true, value: [28, 28, 1] });
    expect(checkInput(P("int", { required: true, min: 1 }), "12")).toEqual({ ok: true, value: 12 });
    expect(checkInput(P("any"), '{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(checkInput(P("str", { default: "" }), " x ")).toEqual({ ok: true, value: " x " });
    expect(checkInput(P("bool", { default: true }), false)).toEqual({ ok: true, value: false });
  });

  it("parses an image size like a kernel size, always into a list", () => {
    const size = P("size", { size: 2, min: 1, default: [28, 28] });
    expect(checkInput(size, "32, 24")).toEqual({ ok: true, value: [32, 24] });
    expect(checkInput(size, "(64, 64)")).toEqual({ ok: true, value: [64, 64] });
    expect(checkInput(size, "28")).toEqual({ ok: true, value: [28, 28] });
    expect(checkInput(P("size", { default: [1, 1] }), "5")).toEqual({ ok: true, value: [5, 5] });
    expect(checkInput(size, "")).toEqual({ ok: true, value: undefined });
    expect(checkInput(size, "1, 2, 3")).toEqual({ ok: false, error: "expected a list of 2 integers >= 1" });
    expect(checkInput(size, "28 x 28", null, "zh")).toEqual({
      ok: false,
      error: "应为由 2 个大于等于 1 的整数组成的列表",
    });
    expect(valueText(size, [32, 24])).toBe("32, 24");
  });

  it("takes text and paths as typed, without the spaces around them", () => {
    expect(checkInput(P("path", { required: true }), "  data/train.csv ")).toEqual({
      ok: true,
      value: "data/train.csv",
    });
    expect(checkInput(P("path", { required: true }), "   ")).toEqual({ ok: false, error: "a value is required" });
    expect(checkInput(P("text", { nullable: true, default: "label" }), "")).toEqual({ ok: true, value: null });
    expect(checkInput(P("text", { default: "label" }), "")).toEqual({ ok: true, value: undefined });
    expect(checkInput(P("text", { default: "label" }), "class")).toEqual({ ok: true, value: "class" });
    expect(valueText(P("path"), "a b.csv")).toBe("a b.csv");
  });

  it("explains what is wrong", () => {
    expect(checkInput(P("int", { required: true, min: 1 }), "-3")).toEqual({
      ok: false,
      error: "expected a positive integer",
    });
    expect(checkInput(P("int", { required: true, min: 1 }), "")).toEqual({ ok: false, error: "a value is required" });
    expect(checkInput(P("any"), "{")).toEqual({ ok: false, error: "not valid JSON" });
    expect(checkInput(P("any"), "{", null, "zh")).toEqual({ ok: false, error: "不是有效的 JSON" });
  });

  it("keeps text that is not the number or list asked for, so the refusal says what was expected", () => {
    const units = P("int", { required: true, min: 1 });
    for (const text of ["abc", "NaN", "Infinity", "1e999", "0x10", "3 4"]) {
      expect(checkInput(units, text), text).toEqual({ ok: false, error: "expected a positive integer" });
    }
    expect(checkInput(units, "abc", null, "zh")).toEqual({ ok: false, error: "应为正整数" });
    expect(checkInput(P("float", { required: true }), "2.5e-3")).toEqual({ ok: true, value: 0.0025 });
    expect(checkInput(P("float", { required: true }), ".5")).toEqual({ ok: true, value: 0.5 });
    expect(checkInput(P("int", { required: true }), "2.5")).toEqual({ ok: false, error: "expected an integer" });
    expect(checkInput(P("ints", { min: 1, size: 2, default: [1, 1] }), "3, x")).toEqual({
      ok: false,
      error: "expected a positive integer or a list of 2 such integers",
    });
    expect(checkInput(P("shape", { nullable: true }), "28, ?")).toEqual({
      ok: false,
      error: "expected a list of positive integers (or null for a free size), or null",
    });
  });

  it("empty text means null or the default", () => {
    expect(checkInput(P("int", { nullable: true }), "")).toEqual({ ok: true, value: null });
    expect(checkInput(P("int", { default: 1, min: 1 }), "")).toEqual({ ok: true, value: undefined });
  });

  it("renders values as text", () => {
    expect(valueText(P("ints"), [3, 3])).toBe("3, 3");
    expect(valueText(P("shape"), [null, 4])).toBe("None, 4");
    expect(valueText(P("any"), { a: 1 })).toBe('{"a":1}');
  });
});

describe("refusals in Chinese", () => {
  // Words a Chinese refusal may keep: quoted values, Keras class and setting names, and code the user types.
  const KEPT = new Set(["true", "false", "null", "JSON", "L1L2", "l1_l2", "NonNeg", "axis"]);
  const english = (text: string) =>
    (text.replace(/'[^']*'/g, "").match(/[A-Za-z_][A-Za-z_0-9]+/g) ?? []).filter((w) => !KEPT.has(w));
  const cases: [ParamSpec, string][] = [
    [P("int", { required: true, min: 1 }), "0"],
    [P("int", { min: 0, max: 10 }), "11"],
    [P("float", { min: 0, max: 1, max_exclusive: true }), "1"],
    [P("float", {}), "abc"],
    [P("int", { required: true }), ""],
    [P("ints", { min: 1, size: 2 }), "1, 2, 3"],
    [P("ints", { min: 1 }), "1, x"],
    [P("axes", {}), "[]"],
    [P("shape", { min: -1 }), "2, -3"],
    [P("shape", {}), "0"],
    [P("choice", { choices: ["same", "valid"] }), "full"],
    [P("activation", {}), "relux"],
    [P("initializer", {}), "onez"],
    [P("regularizer", {}), "l1_l2"],
    [P("constraint", {}), '{"class_name": "NonNeg", "config": {"axis": 0}}'],
    [P("bool", {}), "yes"],
    [P("initializer", {}), "{oops"],
    [P("layer", {}), "[1]"],
    [P("text", { default: "label" }), "x\0"],
    [P("path", {}), "\0"],
    [P("size", { size: 2, min: 1, max: 4096 }), "0, 0"],
    [P("size", { size: 3 }), "1, 2"],
  ];

  it("every refusal is said in Chinese with no English words of its own", () => {
    for (const [p, raw] of cases) {
      const zh = checkInput(p, raw, catalog, "zh");
      const en = checkInput(p, raw, catalog, "en");
      expect(zh.ok, `${p.kind} ${raw}`).toBe(false);
      expect(en.ok).toBe(false);
      if (zh.ok || en.ok) continue;
      expect(zh.error).toMatch(/[\u4e00-\u9fff]/);
      expect(english(zh.error), zh.error).toEqual([]);
      expect(en.error).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
