// Which charts to show (one per metric: train, validation and test together) and the
// words of the progress and status lines. Pure: tested without a browser.
import { formatEta, formatSpeed, metricTitle } from "./format";
import type { Progress, RunState } from "./types";
import { endText, own, sentence, words } from "./words";
import type { Language } from "../shared/widget";

export interface ChartSpec {
  key: string; // the training name: "loss", "accuracy", "d_loss"
  title: string;
  train: string; // log name of the training values
  val: string; // log name of the validation values ("val_" + key)
  test: string; // log name of the test split's values, scored after each epoch ("test_" + key)
}

const SPLITS = ["val_", "test_"];

/** One chart per metric, loss first, then in order of first appearance. */
export function chartSpecs(names: Iterable<string>, lang: Language = "en"): ChartSpec[] {
  const keys: string[] = [];
  for (const name of names) {
    const prefix = SPLITS.find((p) => name.startsWith(p));
    const key = prefix ? name.slice(prefix.length) : name;
    if (key && !keys.includes(key)) keys.push(key);
  }
  keys.sort((a, b) => rank(a) - rank(b)); // stable: ties keep their first-seen order
  return keys.map((key) => ({
    key,
    title: metricTitle(key, lang),
    train: key,
    val: `val_${key}`,
    test: `test_${key}`,
  }));
}

function rank(key: string): number {
  if (key === "loss") return 0;
  if (key.endsWith("loss")) return 1;
  return 2;
}

/** Fraction of the run done (0..1) from the latest progress. */
export function progressFraction(p: Progress | null | undefined): number {
  if (!p?.epochs || p.epoch === null || p.epoch === undefined) return 0;
  const within = p.steps ? Math.min(1, p.step / p.steps) : 0;
  return Math.max(0, Math.min(1, (p.epoch + within) / p.epochs));
}

/** "Epoch 3/10 · step 120/422 · 12,345 samples/s · 1 min 05 s left". */
export function progressText(p: Progress | null | undefined, lang: Language = "en"): string {
  if (!p || p.epochs === null || p.epochs === undefined) return "";
  const w = words(lang);
  const parts = [w.epochOf(Math.min((p.epoch ?? 0) + 1, p.epochs), p.epochs)];
  if (p.steps) parts.push(w.stepOf(p.step, p.steps));
  if (p.running) {
    const speed = formatSpeed(p.samples_per_second, p.rate, lang);
    if (speed) parts.push(speed);
    if (p.eta !== null && p.eta !== undefined) parts.push(w.left(formatEta(p.eta, lang)));
  }
  return parts.join(" · ");
}

export type Tone = "normal" | "good" | "warn" | "error";

/** The status line: what is happening and where, or how it ended, in one sentence. */
export function statusLine(s: RunState, lang: Language = "en"): { text: string; tone: Tone } {
  const w = words(lang);
  if (s.error) return { text: (lang === "zh" && s.error_zh) || s.error, tone: "error" };
  if (s.status === "running") return { text: w.trainingWhere(s.device, s.dataset), tone: "normal" };
  if (s.message) {
    const tone: Tone =
      s.status === "nan" ? "error" : s.status === "finished" ? "good" : s.status === "early_stopping" ? "good" : "warn";
    return { text: endText(s.reason, s.end_values, lang) ?? sentence(s.message, lang), tone };
  }
  if (s.status === "idle" && s.history.epochs.length) {
    return { text: w.trainedSoFar(s.history.epochs.length), tone: "normal" };
  }
  return { text: own(w.status, s.status) ?? "", tone: "normal" };
}

export interface ButtonState {
  startLabel: string; // Start, or Continue once something was trained
  startEnabled: boolean;
  stopEnabled: boolean;
}

/** Start (or Continue once something was trained) and Stop, following the run. */
export function buttonState(s: RunState, lang: Language = "en"): ButtonState {
  const trained = s.history.epochs.length > 0 || ["finished", "stopped", "early_stopping", "nan"].includes(s.status);
  const busy = s.running || s.status === "starting" || s.status === "running" || s.status === "stopping";
  return {
    startLabel: trained ? words(lang).continue : words(lang).start,
    startEnabled: s.attached && !busy,
    stopEnabled: s.attached && busy && s.status !== "stopping",
  };
}
