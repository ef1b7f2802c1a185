// Every word the training panel shows, in English and Chinese. Sentences made by
// Python (errors, the dataset note) are shown as they come; how a run ended is
// worded here from the end event's reason code and values.
import { hasOwn } from "../shared/own-key";
import type { EndValues } from "./types";
import type { Language } from "../shared/widget";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const EN = {
  start: "Start",
  continue: "Continue",
  stop: "Stop",
  epochOf: (n: number, total: number) => `Epoch ${n}/${total}`,
  stepOf: (n: number, total: number) => `step ${n}/${total}`,
  left: (time: string) => `${time} left`,
  samplesPerSecond: "samples/s",
  batchesPerSecond: "batches/s",
  time: { underASecond: "< 1 s", s: "s", min: "min", h: "h", d: "d" },
  status: {
    detached: "No trainer attached.",
    idle: "Ready to train.",
    starting: "Preparing data and model…",
    running: "Training",
    stopping: "Stopping after this batch…",
    finished: "Finished.",
    stopped: "Stopped.",
    early_stopping: "Stopped early.",
    nan: "Ended: the loss became NaN.",
    error: "Training failed.",
  } as Record<string, string>,
  trainingWhere: (device: string | null, dataset: string | null) => {
    const where = [device ? `on ${device}` : "", dataset ? `with ${dataset}` : ""].filter(Boolean).join(" ");
    return where ? `Training ${where}.` : "Training…";
  },
  trainedSoFar: (n: number) => `${plural(n, "epoch")} trained so far.`,
  train: "train",
  val: "val",
  test: "test",
  waiting: "waiting for the first batch…",
  chartLabel: (title: string) => `${title} chart`,
  samples: "Samples",
  samplesAlt: "samples",
  samplesEpoch: (n: number) => ` (epoch ${n})`,
  metrics: {} as Record<string, string>,
  sampleTitles: {} as Record<string, string>,
  ended: {
    stopped: (n: number, cut: boolean) =>
      `stopped after ${plural(n, "epoch")}${cut ? " (the unfinished epoch runs again on continue)" : ""}`,
    early: (n: number) => `early stopping after ${plural(n, "epoch")}: the monitored value stopped improving`,
    finished: (n: number) => `finished ${plural(n, "epoch")}`,
    nan: (value: string, epoch: string, batch: string, lr: string) =>
      `the loss became ${value} at epoch ${epoch}, batch ${batch}: training ended; lower the learning rate (now ${lr}) or look for NaN or infinite values in the data`,
    kept: (dir: string) => `; the best model so far is kept in ${dir}`,
  },
};

export type PanelWords = typeof EN;

const ZH: PanelWords = {
  start: "开始",
  continue: "继续",
  stop: "停止",
  epochOf: (n, total) => `第 ${n}/${total} 轮`,
  stepOf: (n, total) => `第 ${n}/${total} 步`,
  left: (time) => `剩余 ${time}`,
  samplesPerSecond: "样本/秒",
  batchesPerSecond: "批/秒",
  time: { underASecond: "< 1 秒", s: "秒", min: "分", h: "小时", d: "天" },
  status: {
    detached: "未连接训练器。",
    idle: "可以开始训练。",
    starting: "正在准备数据和模型…",
    running: "训练中",
    stopping: "当前批次结束后停止…",
    finished: "已完成。",
    stopped: "已停止。",
    early_stopping: "已提前停止。",
    nan: "已结束：损失变成了 NaN。",
    error: "训练失败。",
  },
  trainingWhere: (device, dataset) => {
    const where = [device ? `设备 ${device}` : "", dataset ? `数据 ${dataset}` : ""].filter(Boolean).join("，");
    return where ? `正在训练（${where}）。` : "训练中…";
  },
  trainedSoFar: (n) => `已训练 ${n} 轮。`,
  train: "训练",
  val: "验证",
  test: "测试",
  waiting: "等待第一批数据…",
  chartLabel: (title) => `${title}图表`,
  samples: "样本",
  samplesAlt: "样本",
  samplesEpoch: (n) => `（第 ${n} 轮）`,
  metrics: {
    loss: "损失",
    accuracy: "准确率",
    binary_accuracy: "二分类准确率",
    categorical_accuracy: "分类准确率",
    sparse_categorical_accuracy: "稀疏分类准确率",
    top_k_categorical_accuracy: "Top-5 准确率",
    mae: "平均绝对误差",
    mse: "均方误差",
    auc: "AUC",
    precision: "精确率",
    recall: "召回率",
    d_loss: "判别器损失",
    g_loss: "生成器损失",
    d_accuracy: "判别器准确率",
  },
  sampleTitles: {
    "Reconstructions: each input beside its output": "重建结果：每个输入旁边是它的输出",
    "Generated from a fixed noise batch": "由一批固定噪声生成",
  },
  ended: {
    stopped: (n, cut) => `已在 ${n} 轮后停止${cut ? "（未完成的那一轮在继续时会重新训练）" : ""}`,
    early: (n) => `${n} 轮后提前停止：监控的指标不再改善`,
    finished: (n) => `已完成 ${n} 轮训练`,
    nan: (value, epoch, batch, lr) =>
      `第 ${epoch} 轮第 ${batch} 批时损失变成了 ${value}，训练已结束；请降低学习率（当前为 ${lr}），或检查数据中是否有 NaN 或无穷大的值`,
    kept: (dir) => `；目前最好的模型保存在 ${dir}`,
  },
};

/** `table[key]` when the table itself has it (never something from Object.prototype). */
export function own(table: Record<string, string>, key: string): string | undefined {
  return hasOwn(table, key) ? table[key] : undefined;
}

/** The words of the panel in `lang`. */
export function words(lang: Language): PanelWords {
  return lang === "zh" ? ZH : EN;
}

/**
 * How a run ended, in `lang`, from the end event's `reason` and `values`
 * (nnbuilder/training/end_reasons.py; its English sentence is this one's, less the
 * capital and full stop). Null for a reason this panel does not know.
 */
export function endText(
  reason: string | null | undefined,
  values: EndValues | null | undefined,
  lang: Language,
): string | null {
  if (!values || typeof values.epochs !== "number") return null;
  const w = words(lang).ended;
  let text: string;
  if (reason === "finished") text = w.finished(values.epochs);
  else if (reason === "stopped") text = w.stopped(values.epochs, !!values.cut_short);
  else if (reason === "early_stopping") text = w.early(values.epochs);
  else if (reason === "nan")
    text = w.nan(String(values.value), String(values.epoch), String(values.batch), String(values.learning_rate));
  else return null;
  return sentence(text + (values.kept_in ? w.kept(values.kept_in) : ""), lang);
}

/** `text` with its first letter upper case and a full stop (。 for Chinese) unless it ends a sentence. */
export function sentence(text: string, lang: Language): string {
  const done = text.trim() ? text.trim()[0].toUpperCase() + text.trim().slice(1) : "";
  if (!done || /[.!?…。！？]$/.test(done)) return done;
  return `${done}${lang === "zh" && /[^\p{ASCII}]/u.test(done) ? "。" : "."}`;
}

/** A samples title from Python in `lang` (known titles are translated). */
export function samplesTitle(title: string | undefined, epoch: number | null | undefined, lang: Language): string {
  const w = words(lang);
  const head = title ? (own(w.sampleTitles, title) ?? title) : w.samples;
  return epoch !== undefined && epoch !== null ? `${head}${w.samplesEpoch(epoch + 1)}` : head;
}
