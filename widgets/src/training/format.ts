// Text for the progress line and chart labels.
import { own, words } from "./words";
import { type Language, formatCount } from "../shared/widget";

/** "45 s", "3 min 05 s", "1 h 02 min", "2 d 3 h" ("3 分 05 秒" in Chinese); "—" when unknown. */
export function formatEta(seconds: number | null | undefined, lang: Language = "en"): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const u = words(lang).time;
  const s = Math.round(seconds);
  if (s < 1) return u.underASecond;
  if (s < 60) return `${s} ${u.s}`;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < 3600) return `${Math.floor(s / 60)} ${u.min} ${pad(s % 60)} ${u.s}`;
  if (s < 86400) return `${Math.floor(s / 3600)} ${u.h} ${pad(Math.floor((s % 3600) / 60))} ${u.min}`;
  return `${Math.floor(s / 86400)} ${u.d} ${Math.floor((s % 86400) / 3600)} ${u.h}`;
}

export { formatCount }; // thousands separated by commas: 12,345, as the editor writes them

/** Samples per second when the batch size is known, batches per second otherwise. */
export function formatSpeed(
  samplesPerSecond: number | null | undefined,
  batchesPerSecond: number | null | undefined,
  lang: Language = "en",
): string {
  const w = words(lang);
  if (samplesPerSecond && Number.isFinite(samplesPerSecond)) {
    return `${samplesPerSecond >= 100 ? formatCount(samplesPerSecond) : samplesPerSecond.toFixed(1)} ${w.samplesPerSecond}`;
  }
  if (batchesPerSecond && Number.isFinite(batchesPerSecond)) {
    return `${batchesPerSecond >= 100 ? formatCount(batchesPerSecond) : batchesPerSecond.toFixed(1)} ${w.batchesPerSecond}`;
  }
  return "";
}

/** A metric value in 4 significant digits, exponent form when very small or large. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** An axis tick label: as short as the step allows. */
export function formatTick(v: number, step: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  const decimals = step > 0 ? Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9))) : 2;
  return v.toFixed(decimals);
}

/**
 * "loss" -> "Loss", "sparse_categorical_accuracy" -> "Sparse categorical accuracy", "d_loss" -> "D loss";
 * in Chinese the known metrics by name ("loss" -> "损失"), any other as in English.
 */
export function metricTitle(name: string, lang: Language = "en"): string {
  const known = own(words(lang).metrics, name);
  if (known) return known;
  const text = name.replace(/_/g, " ").trim();
  return text ? text[0].toUpperCase() + text.slice(1) : name;
}
