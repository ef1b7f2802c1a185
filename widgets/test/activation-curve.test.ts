// The curve under an activation setting in the inspector: drawn from the editor's `curves` trait when it holds the
// curve, asked of Python (once) when it does not, and a one-line refusal naming the activation when Python could
// not make it.
import { describe, expect, it } from "vitest";
import {
  ActivationCurves,
  activationOf,
  CURVE_H,
  CURVE_W,
  type CurveModel,
  curveScale,
} from "../src/editor/activation-curve";

// What Python sends for relu on a coarse grid (numbers as nnbuilder.views.course_curves gives them).
const RELU = {
  name: "relu",
  input: "value",
  x: [-2, -1, 0, 1, 2],
  y: [0, 0, 0, 1, 2],
  dy: [0, 0, 0, 1, 1],
  kinks: [{ x: 0, left: 0, right: 1, backprop: 0, jump: false }],
  ties: [],
};

function fakeModel(curves: Record<string, unknown>): CurveModel & { sent: unknown[]; curves: Record<string, unknown> } {
  const model = {
    curves,
    sent: [] as unknown[],
    get: (name: string) => (name === "curves" ? model.curves : undefined),
    send: (msg: unknown) => {
      model.sent.push(msg);
    },
  };
  return model;
}

function polyline(svg: string, series: string): [number, number][] {
  const found = svg.match(new RegExp(`<polyline [^>]*data-series="${series}" points="([^"]*)"`));
  expect(found, `no ${series} line in ${svg.slice(0, 200)}`).not.toBeNull();
  return (found?.[1] ?? "").split(" ").map((pair) => pair.split(",").map(Number) as [number, number]);
}

describe("the activation curve under an activation setting", () => {
  it("draws f(x) and f'(x) from the trait's numbers, asking Python for nothing", () => {
    const model = fakeModel({ relu: RELU });
    const part = new ActivationCurves(model).part("relu", "en");
    expect(part.state).toBe("chart");
    const svg = part.state === "chart" ? part.svg : "";
    expect(svg).toContain(`width="${CURVE_W}" height="${CURVE_H}"`);
    expect(svg).toContain('aria-label="relu(x) and its derivative relu′(x), for x from -2 to 2"');
    const scale = curveScale(RELU);
    for (const [series, values] of [
      ["f", RELU.y],
      ["df", RELU.dy],
    ] as const) {
      const points = polyline(svg, series);
      expect(points).toHaveLength(RELU.x.length);
      points.forEach(([x, y], i) => {
        expect(x).toBeCloseTo(scale.x(RELU.x[i]), 1);
        expect(y).toBeCloseTo(scale.y(values[i]), 1);
      });
    }
    expect(polyline(svg, "f")[4][1]).toBeLessThan(polyline(svg, "df")[4][1]); // f(2) = 2 is drawn above f'(2) = 1
    expect(model.sent).toEqual([]);
  });

  it("asks for a curve it lacks once, says it is computing, and draws it once the trait has it", () => {
    const model = fakeModel({ relu: RELU });
    const curves = new ActivationCurves(model);
    expect(curves.part("tanh", "en")).toEqual({ state: "computing", text: "computing the curve of tanh…" });
    expect(curves.part("tanh", "zh")).toEqual({ state: "computing", text: "正在计算 tanh 的曲线…" });
    expect(model.sent).toEqual([{ type: "curve", name: "tanh" }]);
    curves.changed(); // another curve arrived: one still missing is asked for again
    curves.part("tanh", "en");
    expect(model.sent).toEqual([
      { type: "curve", name: "tanh" },
      { type: "curve", name: "tanh" },
    ]);
    model.curves = { relu: RELU, tanh: { ...RELU, name: "tanh" } };
    curves.changed();
    expect(curves.part("tanh", "en").state).toBe("chart");
    expect(model.sent).toHaveLength(2);
  });

  it("offers to load Keras when Python has not, and computes once the button asks", () => {
    const model = fakeModel({ tanh: { later: true } });
    const curves = new ActivationCurves(model);
    expect(curves.part("tanh", "en")).toEqual({ state: "later", text: "Draw tanh and its derivative (loads Keras)" });
    expect(curves.part("tanh", "zh")).toEqual({ state: "later", text: "画出 tanh 及其导数（会加载 Keras）" });
    expect(model.sent).toEqual([]); // nothing asked until the user does
    curves.load("tanh");
    expect(model.sent).toEqual([{ type: "curve", name: "tanh", load: true }]);
    expect(curves.part("tanh", "en").state).toBe("computing");
    model.curves = { tanh: { ...RELU, name: "tanh" } };
    curves.changed();
    expect(curves.part("tanh", "en").state).toBe("chart");
  });

  it("breaks a line where a value is not finite", () => {
    const model = fakeModel({ gap: { x: [0, 1, 2, 3], y: [0, null, 1, 2], dy: [1, 1, 1, 1] } });
    const part = new ActivationCurves(model).part("gap", "en");
    const svg = part.state === "chart" ? part.svg : "";
    expect(svg.match(/data-series="f"/g)).toHaveLength(2);
    expect(svg.match(/data-series="df"/g)).toHaveLength(1);
  });

  it("says in one line, naming the activation, why there is no curve", () => {
    const error = { en: "activation: expected one of linear, relu, got 'wobble'", zh: "activation：应为以下之一" };
    const model = fakeModel({ wobble: { error } });
    const curves = new ActivationCurves(model);
    expect(curves.part("wobble", "en")).toEqual({ state: "failed", text: `No curve for wobble: ${error.en}` });
    expect(curves.part("wobble", "zh")).toEqual({ state: "failed", text: `无法画出 wobble 的曲线：${error.zh}` });
    expect(model.sent).toEqual([]);
  });

  it("draws the activation a setting applies: none is the identity, a settings object has no curve", () => {
    expect(activationOf("gelu")).toBe("gelu");
    expect(activationOf(null)).toBe("linear");
    expect(activationOf(undefined)).toBeNull();
    expect(activationOf("")).toBeNull();
    expect(activationOf({ name: "relu" })).toBeNull();
  });
});
