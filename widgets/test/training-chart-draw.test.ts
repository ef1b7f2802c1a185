import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { drawChart, type ChartColors } from "../src/training/chart-draw";
import { chartSpecs } from "../src/training/charts";
import { words } from "../src/training/words";

interface Stroke {
  colour: string;
  points: number;
}

/** A 2D context that records each stroked path (its colour and number of points) and each text. */
function recordingCanvas() {
  const strokes: Stroke[] = [];
  const texts: { text: string; colour: string }[] = [];
  let points = 0;
  const ctx = {
    strokeStyle: "",
    fillStyle: "",
    font: "",
    textAlign: "",
    textBaseline: "",
    lineWidth: 1,
    lineJoin: "",
    globalAlpha: 1,
    setTransform() {},
    clearRect() {},
    beginPath() {
      points = 0;
    },
    moveTo() {
      points += 1;
    },
    lineTo() {
      points += 1;
    },
    stroke() {
      strokes.push({ colour: String(ctx.strokeStyle), points });
    },
    arc() {},
    fill() {},
    rect() {},
    clip() {},
    save() {},
    restore() {},
    strokeRect() {},
    fillText(text: string) {
      texts.push({ text, colour: String(ctx.fillStyle) });
    },
    measureText(text: string) {
      return { width: text.length * 6 };
    },
  };
  const canvas = { clientWidth: 400, clientHeight: 200, width: 0, height: 0, getContext: () => ctx };
  return { canvas: canvas as unknown as HTMLCanvasElement, strokes, texts };
}

const colours: ChartColors = {
  text: "text",
  muted: "muted",
  grid: "grid",
  train: "blue",
  val: "orange",
  test: "green",
  font: "sans",
};

describe("the chart of one metric", () => {
  beforeEach(() => {
    (globalThis as { window?: unknown }).window = { devicePixelRatio: 1 };
  });
  afterEach(() => {
    delete (globalThis as { window?: unknown }).window;
  });

  it("draws train, validation and test as three lines, each named with its latest value", () => {
    const [spec] = chartSpecs(["loss", "val_loss", "test_loss"]);
    expect(spec).toMatchObject({ key: "loss", train: "loss", val: "val_loss", test: "test_loss" });
    const { canvas, strokes, texts } = recordingCanvas();
    const data = {
      spec,
      batchX: [],
      batchY: [],
      epochX: [1, 2, 3],
      trainY: [1, 0.8, 0.6],
      valY: [1.1, 0.9, 0.7],
      testY: [1.2, 0.95, 0.75],
      xMax: 3,
    };
    drawChart(canvas, data, colours, words("en"));
    const lines = strokes.filter((s) => s.colour !== "grid" && s.points > 0).map((s) => s.colour);
    expect(lines).toEqual(["blue", "orange", "green"]);
    expect(texts.filter((t) => ["blue", "orange", "green"].includes(t.colour)).map((t) => t.text)).toEqual([
      "test 0.75",
      "val 0.7",
      "train 0.6",
    ]);
  });

  it("draws no test line when the test split is not scored", () => {
    const [spec] = chartSpecs(["loss", "val_loss"]);
    const { canvas, strokes, texts } = recordingCanvas();
    drawChart(
      canvas,
      { spec, batchX: [], batchY: [], epochX: [1, 2], trainY: [1, 0.8], valY: [1.1, 0.9], testY: [], xMax: 2 },
      colours,
      words("zh"),
    );
    expect(strokes.filter((s) => s.colour !== "grid" && s.points > 0).map((s) => s.colour)).toEqual(["blue", "orange"]);
    expect(texts.some((t) => t.colour === "green" || t.text.startsWith(words("zh").test))).toBe(false);
  });

  it("puts test values on the chart of their metric, in English and Chinese", () => {
    const specs = chartSpecs(["loss", "accuracy", "val_loss", "val_accuracy", "test_loss", "test_accuracy"], "zh");
    expect(specs.map((s) => [s.key, s.test])).toEqual([
      ["loss", "test_loss"],
      ["accuracy", "test_accuracy"],
    ]);
    expect([words("en").test, words("zh").test]).toEqual(["test", "测试"]);
  });
});
