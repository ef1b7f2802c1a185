import { describe, expect, it } from "vitest";
import { buttonState, chartSpecs, progressFraction, progressText, statusLine } from "../src/training/charts";
import { formatCount, formatEta, formatSpeed, formatTick, formatValue, metricTitle } from "../src/training/format";
import { progress, state } from "./training-state";

describe("formatting", () => {
  it("formats time left", () => {
    expect(formatEta(null)).toBe("—");
    expect(formatEta(NaN)).toBe("—");
    expect(formatEta(0.2)).toBe("< 1 s");
    expect(formatEta(45)).toBe("45 s");
    expect(formatEta(65)).toBe("1 min 05 s");
    expect(formatEta(3725)).toBe("1 h 02 min");
    expect(formatEta(2 * 86400 + 3 * 3600 + 5)).toBe("2 d 3 h");
  });

  it("formats speeds, counts, values and ticks", () => {
    expect(formatCount(1234567.4)).toBe("1,234,567");
    expect(formatSpeed(19200, 150)).toBe("19,200 samples/s");
    expect(formatSpeed(null, 12.34)).toBe("12.3 batches/s");
    expect(formatSpeed(null, null)).toBe("");
    expect(formatValue(0.123456)).toBe("0.1235");
    expect(formatValue(2e-5)).toBe("2.00e-5");
    expect(formatValue(null)).toBe("—");
    expect(formatTick(0.4, 0.2)).toBe("0.4");
    expect(formatTick(20, 10)).toBe("20");
    expect(formatTick(0.05, 0.05)).toBe("0.05");
    expect(metricTitle("sparse_categorical_accuracy")).toBe("Sparse categorical accuracy");
    expect(metricTitle("d_loss")).toBe("D loss");
  });
});

describe("charts and lines", () => {
  it("makes one chart per metric with its validation twin, loss first", () => {
    const specs = chartSpecs(["accuracy", "val_accuracy", "loss", "val_loss"]);
    expect(specs.map((s) => s.key)).toEqual(["loss", "accuracy"]);
    expect(specs[1]).toEqual({
      key: "accuracy",
      title: "Accuracy",
      train: "accuracy",
      val: "val_accuracy",
      test: "test_accuracy",
    });
    expect(chartSpecs(["d_accuracy", "g_loss", "d_loss"]).map((s) => s.key)).toEqual([
      "g_loss",
      "d_loss",
      "d_accuracy",
    ]);
  });

  it("says how far along training is", () => {
    expect(progressFraction(progress)).toBeCloseTo((2 + 0.3) / 10);
    expect(progressFraction(null)).toBe(0);
    expect(progressText(progress)).toBe("Epoch 3/10 · step 120/400 · 19,200 samples/s · 1 min 05 s left");
    expect(progressText({ ...progress, running: false })).toBe("Epoch 3/10 · step 120/400");
  });

  it("writes the status line", () => {
    expect(statusLine(state({ status: "running", device: "CPU", dataset: "digits" })).text).toBe(
      "Training on CPU with digits.",
    );
    expect(statusLine(state({ status: "error", error: "out of memory" }))).toEqual({
      text: "out of memory",
      tone: "error",
    });
    expect(statusLine(state({ status: "finished", message: "finished 5 epochs" }))).toEqual({
      text: "Finished 5 epochs.",
      tone: "good",
    });
    expect(statusLine(state({ attached: false, status: "detached" })).text).toBe("No trainer attached.");
    expect(statusLine(state({ history: { epochs: [0, 1], series: {} } })).text).toBe("2 epochs trained so far.");
  });

  it("follows the run with Start, Stop and Continue", () => {
    expect(buttonState(state())).toEqual({ startLabel: "Start", startEnabled: true, stopEnabled: false });
    expect(buttonState(state({ status: "running", running: true }))).toEqual({
      startLabel: "Start",
      startEnabled: false,
      stopEnabled: true,
    });
    expect(buttonState(state({ status: "stopping", running: true })).stopEnabled).toBe(false);
    expect(buttonState(state({ status: "stopped", history: { epochs: [0], series: {} } }))).toEqual({
      startLabel: "Continue",
      startEnabled: true,
      stopEnabled: false,
    });
    expect(buttonState(state({ attached: false, status: "detached" })).startEnabled).toBe(false);
  });
});
