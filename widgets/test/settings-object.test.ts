import { describe, expect, it } from "vitest";
import {
  type SettingsKind,
  editable,
  factorKind,
  factorPlaceholder,
  parseFactor,
  pickValue,
  readChoice,
  settingsKinds,
  withFactor,
} from "../src/editor/settings-object";
import { TRAINABLE } from "../src/editor/inspector-view";
import { setParam } from "../src/editor/graph-edits";
import { UndoStack } from "../src/editor/undo-stack";
import { checkInput, validateValue } from "../src/editor/value-validation";
import type { Catalog, ParamSpec, ProjectDoc } from "../src/editor/types";
import { p } from "./fixtures";
import python from "./python-fixtures/param-values.json";

// The object tables exactly as Python sends them (nnbuilder/document/setting_choices.py via the catalog payload).
const catalog = {
  categories: [],
  ...(python as unknown as { catalog: Omit<Catalog, "categories"> }).catalog,
} as Catalog;
const needs = catalog.needs_settings ?? [];
const regularizers = settingsKinds(catalog, "regularizer");
const initializers = settingsKinds(catalog, "initializer");
const constraints = settingsKinds(catalog, "constraint");
const kindNamed = (kinds: SettingsKind[], name: string): SettingsKind => {
  const kind = kinds.find((k) => k.name === name);
  if (!kind) throw new Error(`no ${name} in the table`);
  return kind;
};

describe("settings objects in the inspector", () => {
  it("offers every name of a role, the ones that need settings included", () => {
    expect(regularizers.map((k) => k.name)).toEqual(["l1", "l2", "l1_l2", "orthogonal_regularizer"]);
    expect(initializers.map((k) => k.name)).toContain("constant");
    expect(regularizers.find((k) => k.name === "l1_l2")).toEqual({
      name: "l1_l2",
      cls: "L1L2",
      factors: ["l1", "l2"],
      defaults: { l1: 0, l2: 0 },
    });
  });

  it("picking a name Keras cannot build alone writes its class with the table's defaults", () => {
    expect(pickValue("l1_l2", regularizers, needs)).toEqual({ class_name: "L1L2", config: { l1: 0, l2: 0 } });
    expect(pickValue("constant", initializers, needs)).toEqual({ class_name: "Constant", config: { value: 0 } });
    expect(pickValue("l2", regularizers, needs)).toBe("l2");
    expect(pickValue("he_normal", initializers, needs)).toBe("he_normal");
  });

  it("never writes bare a name Python says needs settings: typed it is refused, picked it is its class", () => {
    const tables = { initializer: initializers, regularizer: regularizers, constraint: constraints };
    let seen = 0;
    for (const [role, kinds] of Object.entries(tables)) {
      for (const name of needs) {
        const kind = kinds.find((k) => k.name === name);
        if (!kind) continue;
        seen += 1;
        const typed = checkInput(p("x", role), name, catalog);
        expect(typed, `${role} ${name} typed`).toEqual({
          ok: false,
          error: `${name} needs its settings: use {'class_name': '${kind.cls}', 'config': {...}}`,
        });
        expect(pickValue(name, kinds, needs), `${role} ${name} picked`).toEqual({
          class_name: kind.cls,
          config: kind.defaults,
        });
      }
    }
    expect(needs.length).toBeGreaterThan(0);
    expect(seen).toBe(needs.length);
  });

  it("reads names, class names and serialized objects back as the entry and factors they set", () => {
    expect(readChoice("l2", regularizers)).toEqual({ kind: regularizers[1], config: {} });
    expect(readChoice("GlorotUniform", initializers).kind?.name).toBe("glorot_uniform");
    const object = { class_name: "RandomNormal", config: { stddev: 0.2 } };
    expect(readChoice(object, initializers)).toEqual({ kind: initializers[3], config: { stddev: 0.2 } });
    expect(readChoice({ class_name: "L1L2" }, regularizers).kind?.cls).toBe("L1L2");
    expect(readChoice({ class_name: "L1L2", config: { l3: 1 } }, regularizers).kind).toBeNull();
    expect(editable({ class_name: "L1L2", config: { l3: 1 } }, regularizers)).toBe(false); // kept as text
    expect(editable(null, regularizers) && editable(undefined, regularizers)).toBe(true);
  });

  it("a factor edit writes the serialized form that Python and the browser accept", () => {
    const strength = withFactor(readChoice("l2", regularizers), "l2", 0.1);
    expect(strength).toEqual({ class_name: "L2", config: { l2: 0.1 } });
    const both = withFactor(readChoice(pickValue("l1_l2", regularizers, needs), regularizers), "l1", 0.003);
    expect(both).toEqual({ class_name: "L1L2", config: { l1: 0.003, l2: 0 } });
    const constant = withFactor(readChoice(pickValue("constant", initializers, needs), initializers), "value", 0.5);
    expect(constant).toEqual({ class_name: "Constant", config: { value: 0.5 } });
    const back = withFactor(readChoice(strength, regularizers), "l2", undefined);
    expect(back).toEqual({ class_name: "L2", config: {} });
    for (const [kind, value] of [
      ["regularizer", strength],
      ["regularizer", both],
      ["initializer", constant],
      ["regularizer", back],
    ] as const) {
      expect(validateValue(p("x", kind), value, catalog)).toBeNull();
    }
  });

  it("parses factors by their kind, refusing with the factor and class named, in English and Chinese", () => {
    const l1l2 = regularizers[2];
    expect(parseFactor(l1l2, "l2", "0.05", "regularizer")).toEqual({ ok: true, value: 0.05 });
    expect(parseFactor(l1l2, "l2", "  ", "regularizer")).toEqual({ ok: true, value: undefined });
    expect(parseFactor(l1l2, "l2", "-1", "regularizer")).toEqual({
      ok: false,
      error: "l2 of L1L2: expected a non-negative number",
    });
    expect(parseFactor(l1l2, "l1", "abc", "regularizer", "zh")).toEqual({
      ok: false,
      error: "L1L2 的 l1：应为非负数",
    });
    const normal = kindNamed(initializers, "random_normal");
    expect(factorKind(normal, "seed")).toBe("seed");
    expect(parseFactor(normal, "seed", "1.5", "initializer")).toEqual({
      ok: false,
      error: "seed of RandomNormal: expected an integer",
    });
    expect(parseFactor(normal, "mean", "-0.5", "initializer")).toEqual({ ok: true, value: -0.5 });
    const maxNorm = kindNamed(constraints, "max_norm");
    expect(factorKind(maxNorm, "axis")).toBe("integer");
    const scaling = kindNamed(initializers, "variance_scaling");
    expect(parseFactor(scaling, "mode", "fan_out", "initializer")).toEqual({ ok: true, value: "fan_out" });
    expect(factorPlaceholder(regularizers[1], "l2")).toBe("default 0.01");
    expect(factorPlaceholder(normal, "seed", "zh")).toBe("默认 无");
  });
});

describe("the trainable switch", () => {
  const doc = (): ProjectDoc => ({
    format: "nnbuilder",
    version: 1,
    models: { model: { nodes: [{ id: "d", layer: "Dense", config: { units: 2 }, pos: [0, 0] }], edges: [] } },
  });
  const edit = (project: ProjectDoc, value: boolean, spec: ParamSpec = TRAINABLE) =>
    setParam(project, "model", "d", spec.name, value, spec.default, spec.required);

  it("writes trainable false to freeze, removes it to unfreeze, and undoes like any edit", () => {
    const undo = new UndoStack<ProjectDoc>();
    const start = doc();
    const frozen = edit(start, false);
    undo.record(start);
    expect(frozen.models.model.nodes[0].config).toEqual({ units: 2, trainable: false });
    const thawed = edit(frozen, true);
    undo.record(frozen);
    expect(thawed.models.model.nodes[0].config).toEqual({ units: 2 }); // Keras' default is left out
    expect(undo.undo(thawed)).toBe(frozen);
    expect(undo.undo(frozen)).toBe(start);
  });
});
