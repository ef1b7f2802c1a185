import { describe, expect, it } from "vitest";
import { buttonState, chartSpecs, progressText, statusLine } from "../src/training/charts";
import { formatEta, formatSpeed, metricTitle } from "../src/training/format";
import type { Progress, RunState } from "../src/training/types";
import { endSentence, samplesTitle, words } from "../src/training/words";
import endings from "./end-sentences.json";

// The trainer's end sentences; tests/ui/test_training_panel.py checks that Python writes exactly these.
const ENDINGS = endings as { case: string; message: string; en: string; zh: string }[];

function state(changes: Partial<RunState> = {}): RunState {
  return {
    attached: true, status: "idle", running: false, recipe: null, device: null, dataset: null, note: null,
    metrics: [], epochs: null, progress: null, history: { epochs: [], series: {} }, reason: null, message: null,
    error: null, ...changes,
  };
}

const progress: Progress = {
  epoch: 2, epochs: 10, step: 120, steps: 400, rate: 150, samples_per_second: 19200, eta: 65, running: true,
};

describe("the training panel in Chinese", () => {
  it("labels the buttons", () => {
    expect(buttonState(state(), "zh").startLabel).toBe("开始");
    expect(buttonState(state({ status: "stopped", history: { epochs: [0], series: {} } }), "zh").startLabel).toBe("继续");
    expect(words("zh").stop).toBe("停止");
  });

  it("writes the progress line", () => {
    expect(progressText(progress, "zh")).toBe("第 3/10 轮 · 第 120/400 步 · 19,200 样本/秒 · 剩余 1 分 05 秒");
    expect(progressText({ ...progress, running: false }, "zh")).toBe("第 3/10 轮 · 第 120/400 步");
    expect(formatSpeed(null, 12.34, "zh")).toBe("12.3 批/秒");
    expect(formatEta(0.3, "zh")).toBe("< 1 秒");
    expect(formatEta(3725, "zh")).toBe("1 小时 02 分");
    expect(formatEta(2 * 86400 + 3 * 3600, "zh")).toBe("2 天 3 小时");
    expect(formatEta(null, "zh")).toBe("—");
  });

  it("writes the status line, keeping Python's errors as they are", () => {
    expect(statusLine(state({ status: "running", device: "GPU:0", dataset: "digits" }), "zh").text).toBe("正在训练（设备 GPU:0，数据 digits）。");
    expect(statusLine(state({ status: "running" }), "zh").text).toBe("训练中…");
    expect(statusLine(state({ status: "starting" }), "zh").text).toBe("正在准备数据和模型…");
    expect(statusLine(state({ attached: false, status: "detached" }), "zh").text).toBe("未连接训练器。");
    expect(statusLine(state({ history: { epochs: [0, 1], series: {} } }), "zh").text).toBe("已训练 2 轮。");
    expect(statusLine(state({ status: "error", error: "out of memory" }), "zh")).toEqual({ text: "out of memory", tone: "error" });
  });

  it("rewrites every end sentence of the trainer, and leaves English as it was", () => {
    for (const ending of ENDINGS) {
      expect(endSentence(ending.message, "zh"), ending.case).toBe(ending.zh);
      expect(endSentence(ending.message, "en"), ending.case).toBe(ending.en);
    }
    const stopped = ENDINGS[0];
    expect(statusLine(state({ status: "stopped", message: stopped.message }), "zh")).toEqual({ text: stopped.zh, tone: "warn" });
  });

  it("shows an unknown sentence from Python as it is", () => {
    expect(endSentence("the run was cut by the operator", "zh")).toBe("The run was cut by the operator.");
    expect(endSentence("finished 3 epochs and more", "zh")).toBe("Finished 3 epochs and more.");
  });

  it("names the charts, legends and samples", () => {
    const specs = chartSpecs(["loss", "val_loss", "accuracy", "val_accuracy", "d_loss", "my_metric"], "zh");
    expect(specs.map((s) => s.title)).toEqual(["损失", "判别器损失", "准确率", "My metric"]);
    expect(specs[0].key).toBe("loss");
    expect(metricTitle("g_loss", "zh")).toBe("生成器损失");
    expect(metricTitle("constructor", "zh")).toBe("Constructor");
    expect([words("zh").train, words("zh").val, words("zh").waiting]).toEqual(["训练", "验证", "等待第一批数据…"]);
    expect(samplesTitle("Generated from a fixed noise batch", 0, "zh")).toBe("由一批固定噪声生成（第 1 轮）");
    expect(samplesTitle("Reconstructions: each input beside its output", 4, "zh")).toBe("重建结果：每个输入旁边是它的输出（第 5 轮）");
    expect(samplesTitle(undefined, null, "zh")).toBe("样本");
  });

  it("keeps the English words", () => {
    expect(samplesTitle("Generated from a fixed noise batch", 0, "en")).toBe("Generated from a fixed noise batch (epoch 1)");
    expect(samplesTitle("", undefined, "en")).toBe("Samples");
    expect(words("en").waiting).toBe("waiting for the first batch…");
    expect(chartSpecs(["d_loss"], "en")[0].title).toBe("D loss");
  });

  it("has every English word in Chinese too", () => {
    const en = words("en");
    const zh = words("zh");
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(zh.status).sort()).toEqual(Object.keys(en.status).sort());
    for (const [key, text] of Object.entries(zh.status)) expect(text, key).not.toBe(en.status[key]);
  });
});
