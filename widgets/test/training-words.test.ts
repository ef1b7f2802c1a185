import { describe, expect, it } from "vitest";
import { buttonState, chartSpecs, progressText, statusLine } from "../src/training/charts";
import { formatEta, formatSpeed, metricTitle } from "../src/training/format";
import { progress, state } from "./training-state";
import type { EndValues } from "../src/training/types";
import { endText, samplesTitle, sentence, words } from "../src/training/words";
import endings from "./python-fixtures/end-reasons.json";

// The trainer's end events (python -m tests.shared_fixtures writes the file from Trainer._end_event).
const ENDINGS = endings as { case: string; reason: string; values: EndValues; message: string }[];

// How each of them reads in Chinese.
const ZH: Record<string, string> = {
  "stopped within an epoch": "已在 1 轮后停止（未完成的那一轮在继续时会重新训练）。",
  "stopped between epochs": "已在 2 轮后停止。",
  "stopped before any epoch": "已在 0 轮后停止。",
  "early stopping": "3 轮后提前停止：监控的指标不再改善。",
  finished: "已完成 5 轮训练。",
  "finished one epoch": "已完成 1 轮训练。",
  "finished with a checkpoint": "已完成 1 轮训练；目前最好的模型保存在 /tmp/nnb-ckpt。",
  "the loss became NaN":
    "第 1 轮第 7 批时损失变成了 nan，训练已结束；请降低学习率（当前为 100.0），或检查数据中是否有 NaN 或无穷大的值。",
  "the loss became infinite, with a checkpoint":
    "第 3 轮第 3 批时损失变成了 inf，训练已结束；请降低学习率（当前为 1e-05），或检查数据中是否有 NaN 或无穷大的值；目前最好的模型保存在 /tmp/nnb-ckpt。",
};

describe("the training panel in Chinese", () => {
  it("labels the buttons", () => {
    expect(buttonState(state(), "zh").startLabel).toBe("开始");
    expect(buttonState(state({ status: "stopped", history: { epochs: [0], series: {} } }), "zh").startLabel).toBe(
      "继续",
    );
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
    expect(statusLine(state({ status: "running", device: "GPU:0", dataset: "digits" }), "zh").text).toBe(
      "正在训练（设备 GPU:0，数据 digits）。",
    );
    expect(statusLine(state({ status: "running" }), "zh").text).toBe("训练中…");
    expect(statusLine(state({ status: "starting" }), "zh").text).toBe("正在准备数据和模型…");
    expect(statusLine(state({ attached: false, status: "detached" }), "zh").text).toBe("未连接训练器。");
    expect(statusLine(state({ history: { epochs: [0, 1], series: {} } }), "zh").text).toBe("已训练 2 轮。");
    expect(statusLine(state({ status: "error", error: "out of memory" }), "zh")).toEqual({
      text: "out of memory",
      tone: "error",
    });
  });

  it("words every way a run ends from its reason code, in English as Python writes it", () => {
    expect(Object.keys(ZH).sort()).toEqual(ENDINGS.map((e) => e.case).sort());
    for (const ending of ENDINGS) {
      expect(endText(ending.reason, ending.values, "zh"), ending.case).toBe(ZH[ending.case]);
      const english = `${ending.message[0].toUpperCase()}${ending.message.slice(1)}.`;
      expect(endText(ending.reason, ending.values, "en"), ending.case).toBe(english);
    }
    const stopped = ENDINGS[0];
    const ended = state({
      status: "stopped",
      reason: stopped.reason,
      end_values: stopped.values,
      message: stopped.message,
    });
    expect(statusLine(ended, "zh")).toEqual({ text: ZH[stopped.case], tone: "warn" });
  });

  it("shows Python's sentence as it is when the reason is not known here", () => {
    expect(endText("cut_by_the_operator", { epochs: 2 }, "zh")).toBeNull();
    expect(endText("finished", null, "zh")).toBeNull();
    const ended = state({
      status: "finished",
      reason: "cut_by_the_operator",
      end_values: { epochs: 2 },
      message: "the run was cut",
    });
    expect(statusLine(ended, "zh").text).toBe("The run was cut.");
    expect(sentence("已完成", "zh")).toBe("已完成。");
    expect(sentence("done!", "en")).toBe("Done!");
  });

  it("names the charts, legends and samples", () => {
    const specs = chartSpecs(["loss", "val_loss", "accuracy", "val_accuracy", "d_loss", "my_metric"], "zh");
    expect(specs.map((s) => s.title)).toEqual(["损失", "判别器损失", "准确率", "My metric"]);
    expect(specs[0].key).toBe("loss");
    expect(metricTitle("g_loss", "zh")).toBe("生成器损失");
    expect(metricTitle("constructor", "zh")).toBe("Constructor");
    expect([words("zh").train, words("zh").val, words("zh").waiting]).toEqual(["训练", "验证", "等待第一批数据…"]);
    expect(samplesTitle("Generated from a fixed noise batch", 0, "zh")).toBe("由一批固定噪声生成（第 1 轮）");
    expect(samplesTitle("Reconstructions: each input beside its output", 4, "zh")).toBe(
      "重建结果：每个输入旁边是它的输出（第 5 轮）",
    );
    expect(samplesTitle(undefined, null, "zh")).toBe("样本");
  });

  it("keeps the English words", () => {
    expect(samplesTitle("Generated from a fixed noise batch", 0, "en")).toBe(
      "Generated from a fixed noise batch (epoch 1)",
    );
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
