import { describe, expect, it } from "vitest";
import { deleteNodes } from "../src/editor/graph-edits";
import { problemsOf } from "../src/editor/problems-view";
import { badgeTitle } from "../src/editor/search-badges";
import {
  parseValues,
  problemText,
  rangeProblem,
  type SearchCatalog,
  searchable,
  starterRange,
} from "../src/editor/search-range-rules";
import {
  dropNodeRanges,
  dropRange,
  putRange,
  rangeOf,
  type SearchRange,
  searchedSettings,
  searchOf,
} from "../src/editor/search-ranges";
import type { ProjectDoc } from "../src/editor/types";
import { UndoStack } from "../src/editor/undo-stack";
import { catalog, mnist, p } from "./fixtures";

// What nnbuilder/ui/_catalog.py search_payload() sends: the section's defaults and refusals.
const DEFAULTS = { sampler: "random", trials: 10, metric: "val_loss", pruning: "none", folds: 1, seed: null };
const CATALOG: SearchCatalog = {
  ...catalog,
  search: {
    defaults: DEFAULTS,
    words: {
      low_high: {
        en: "expected low below high, got low {low} and high {high}",
        zh: "low 应小于 high，实际 low 为 {low}，high 为 {high}",
      },
      log_positive: { en: "a log range needs low above 0, got {low}", zh: "对数范围要求 low 大于 0，实际为 {low}" },
      log_step: { en: "a log range takes no step", zh: "对数范围不能设置 step" },
      bad_step: { en: "expected a positive number, got {found}", zh: "应为正数，实际得到 {found}" },
      empty_values: {
        en: "expected a list of at least one value, got {found}",
        zh: "应为至少含一个值的列表，实际得到 {found}",
      },
      repeated_value: { en: "the value {value} is listed twice", zh: "值 {value} 重复出现" },
      bad_int_bound: {
        en: "expected a whole number for an int range, got {found}",
        zh: "整数范围应为整数，实际得到 {found}",
      },
      bad_number: { en: "expected a number, got {found}", zh: "应为数字，实际得到 {found}" },
    },
  },
};
const UNITS = p("units", "int", { required: true, min: 1, key: true });
const RATE = p("rate", "float", { required: true, min: 0, max: 1, max_exclusive: true });
const PADDING = p("padding", "choice", { default: "valid", choices: ["valid", "same"] });

const on = (node: string, param: string, more: Omit<SearchRange, "target">): SearchRange => ({
  target: { model: "model", node, param },
  ...more,
});

describe("search ranges in the document", () => {
  it("creates the section with Python's defaults, then adds, updates and removes ranges", () => {
    const doc = mnist();
    const one = putRange(doc, on("dense", "units", { values: [32, 64] }), DEFAULTS);
    expect(searchOf(one)).toEqual({ ...DEFAULTS, ranges: [on("dense", "units", { values: [32, 64] })] });
    expect(doc.search).toBeUndefined(); // not mutated

    const two = putRange(one, on("conv1", "filters", { low: 16, high: 64 }), DEFAULTS);
    const changed = putRange(two, on("dense", "units", { low: 8, high: 128, log: true }), DEFAULTS);
    expect(searchOf(changed)?.ranges).toEqual([
      on("dense", "units", { low: 8, high: 128, log: true }),
      on("conv1", "filters", { low: 16, high: 64 }),
    ]);
    expect(rangeOf(changed, "model", "dense", "units")).toEqual(on("dense", "units", { low: 8, high: 128, log: true }));
    expect(searchedSettings(changed, "model")).toEqual(
      new Map([
        ["dense", ["units"]],
        ["conv1", ["filters"]],
      ]),
    );

    const less = dropRange(changed, "model", "dense", "units");
    expect(searchOf(less)?.ranges).toEqual([on("conv1", "filters", { low: 16, high: 64 })]);
    expect(dropRange(less, "model", "dense", "units")).toBe(less);
    // The last range takes the section with it: Python refuses a section without ranges.
    expect("search" in dropRange(less, "model", "conv1", "filters")).toBe(false);
  });

  it("keeps the section's own settings and training ranges when node ranges come and go", () => {
    const training: SearchRange = { target: { training: "optimizer.learning_rate" }, low: 0.0001, high: 0.01 };
    const doc: ProjectDoc = { ...mnist(), search: { sampler: "grid", trials: 4, ranges: [training] } };
    const next = dropRange(putRange(doc, on("dense", "units", { values: [8] }), DEFAULTS), "model", "dense", "units");
    expect(next.search).toEqual({ sampler: "grid", trials: 4, ranges: [training] });
    expect(searchedSettings(next, "model").size).toBe(0);
  });

  it("drops the ranges of deleted nodes, from the canvas' delete too", () => {
    let doc = putRange(mnist(), on("dense", "units", { values: [8, 16] }), DEFAULTS);
    doc = putRange(doc, on("conv1", "filters", { values: [8] }), DEFAULTS);
    const other = { target: { model: "gen", node: "dense", param: "units" }, values: [4] };
    doc = putRange(doc, other, DEFAULTS);
    const gone = deleteNodes(doc, "model", ["dense"]);
    expect(searchOf(gone)?.ranges).toEqual([on("conv1", "filters", { values: [8] }), other]);
    expect(dropNodeRanges(gone, "model", ["image"])).toBe(gone);
    expect("search" in dropNodeRanges(doc, "gen", ["dense"])).toBe(true);
    expect(searchOf(deleteNodes(gone, "model", ["conv1"]))?.ranges).toEqual([other]);
  });

  it("steps back over each range edit with the undo stack", () => {
    const undo = new UndoStack<ProjectDoc>();
    const start = mnist();
    const on1 = putRange(start, on("dense", "units", { values: [10] }), DEFAULTS);
    undo.record(start);
    const typed = putRange(on1, on("dense", "units", { values: [32, 64, 128] }), DEFAULTS);
    undo.record(on1);
    const off = dropRange(typed, "model", "dense", "units");
    undo.record(typed);
    expect(undo.undo(off)).toBe(typed);
    expect(rangeOf(typed, "model", "dense", "units")?.values).toEqual([32, 64, 128]);
    expect(undo.undo(typed)).toBe(on1);
    expect(undo.undo(on1)).toBe(start);
    expect(start.search).toBeUndefined();
    expect(undo.redo(start)).toBe(on1);
  });
});

describe("the range a toggle starts from and its check", () => {
  it("offers numbers and choices, not other settings", () => {
    expect([UNITS, RATE, PADDING, p("activation", "activation")].every(searchable)).toBe(true);
    expect(searchable(p("use_bias", "bool"))).toBe(false);
    expect(searchable(p("kernel_size", "ints"))).toBe(false);
  });

  it("starts around the current value, inside the setting's bounds", () => {
    expect(starterRange(UNITS, 64, CATALOG)).toMatchObject({ low: 32, high: 128 });
    expect(starterRange(UNITS, 1, CATALOG)).toMatchObject({ low: 1, high: 2 });
    expect(starterRange(RATE, 0.5, CATALOG)).toMatchObject({ low: 0.25, high: 0.75, type: "float" });
    expect(starterRange(PADDING, "same", CATALOG)).toMatchObject({ values: ["same"] });
    expect(starterRange(p("activation", "activation", { nullable: true }), null, CATALOG)).toMatchObject({
      values: ["relu"],
    });
    for (const [param, value] of [
      [UNITS, 64],
      [UNITS, 1],
      [RATE, 0.5],
      [RATE, 0.9],
      [RATE, 0],
    ] as const) {
      expect(rangeProblem(param, starterRange(param, value, CATALOG), CATALOG, "en"), `${param.name} ${value}`).toBe(
        null,
      );
    }
  });

  it("reads a typed list as the setting reads its value", () => {
    expect(parseValues(UNITS, "32, 64,128, ")).toEqual([32, 64, 128]);
    expect(parseValues(UNITS, "32, lots")).toEqual([32, "lots"]);
    expect(parseValues(PADDING, "same")).toEqual(["same"]);
  });

  it("names the field and what was expected, in English and Chinese", () => {
    const say = (param: typeof UNITS, range: Parameters<typeof rangeProblem>[1], lang: "en" | "zh" = "en") => {
      const problem = rangeProblem(param, range, CATALOG, lang);
      return problem && problemText(param.name, problem, lang);
    };
    expect(say(UNITS, { low: 64, high: 32 })).toBe(
      "search range of units, high: expected low below high, got low 64 and high 32",
    );
    expect(say(UNITS, { low: 64, high: 32 }, "zh")).toBe(
      "units 的搜索范围，high：low 应小于 high，实际 low 为 64，high 为 32",
    );
    expect(say(RATE, { low: 0, high: 0.5, log: true })).toBe(
      "search range of rate, low: a log range needs low above 0, got 0",
    );
    expect(say(UNITS, { values: [] })).toBe(
      "search range of units, values: expected a list of at least one value, got []",
    );
    expect(say(UNITS, { low: 1.5, high: 8 })).toBe(
      "search range of units, low: expected a whole number for an int range, got 1.5",
    );
    expect(say(UNITS, { values: [32, 0] })).toBe("search range of units, values[1]: expected a positive integer (0)");
    expect(say(UNITS, { values: [32, 32] })).toBe("search range of units, values[1]: the value 32 is listed twice");
    expect(say(UNITS, { low: "a", high: 8 })).toBe("search range of units, low: expected a number, got 'a'");
    expect(say(UNITS, { low: 8, high: 64, step: 0.5 })).toBe(
      "search range of units, step: expected a positive number, got 0.5",
    );
    expect(say(RATE, { low: 0.1, high: 0.5, log: true, step: 0.1 })).toBe(
      "search range of rate, step: a log range takes no step",
    );
    expect(say(RATE, { low: 0.1, high: 1 })).toMatch(/^search range of rate, high: expected a number /);
    expect(say(PADDING, { values: ["same", "wide"] })).toBe(
      "search range of padding, values[1]: expected one of 'valid', 'same' ('wide')",
    );
    expect(say(UNITS, { values: [32, 64] })).toBe(null);
    expect(say(RATE, { low: 0.001, high: 0.5, log: true })).toBe(null);
  });

  it("says on the badge which settings are searched", () => {
    expect(badgeTitle(["units", "activation"], "en")).toBe("Searched settings: units, activation");
    expect(badgeTitle(["units"], "zh")).toBe("超参数搜索的设置：units");
  });

  it("lists Python's problem with a node's range among its model's problems, at the node", () => {
    const problem = {
      code: "search_range",
      message:
        "ranges[0] gives units of node 'dense' the value 0, which it refuses: expected a positive integer, got 0",
      model: "model",
      node: "dense",
      param: "units",
      severity: "error",
    };
    const ids = new Set(mnist().models.model.nodes.map((n) => n.id));
    const models = new Set(["model", "gen"]);
    expect(problemsOf([problem], "model", ids, models)).toEqual([{ diagnostic: problem, index: 0 }]);
    expect(problemsOf([problem], "gen", new Set(), models)).toEqual([]);
  });

  it("shows a training range's problem beside every model", () => {
    const problem = {
      code: "search_range",
      message: "ranges[1] gives batch_size the value 0: expected a whole number of at least 1, got 0",
      model: "search",
      severity: "error",
    };
    const models = new Set(["model", "gen"]);
    for (const name of models) {
      expect(problemsOf([problem], name, new Set(), models)).toEqual([{ diagnostic: problem, index: 0 }]);
    }
  });
});
