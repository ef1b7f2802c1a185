// Text for the progress line and chart labels.
import { formatCount } from "../graph-elements";

/** "45 s", "3 min 05 s", "1 h 02 min", "2 d 3 h"; "—" when unknown. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.round(seconds);
  if (s < 1) return "< 1 s";
  if (s < 60) return `${s} s`;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

export { formatCount }; // thousands separated by commas: 12,345, as the editor writes them

/** Samples per second when the batch size is known, batches per second otherwise. */
export function formatSpeed(samplesPerSecond: number | null | undefined, batchesPerSecond: number | null | undefined): string {
  if (samplesPerSecond && Number.isFinite(samplesPerSecond)) {
    return `${samplesPerSecond >= 100 ? formatCount(samplesPerSecond) : samplesPerSecond.toFixed(1)} samples/s`;
  }
  if (batchesPerSecond && Number.isFinite(batchesPerSecond)) {
    return `${batchesPerSecond >= 100 ? formatCount(batchesPerSecond) : batchesPerSecond.toFixed(1)} batches/s`;
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

/** "loss" -> "Loss", "sparse_categorical_accuracy" -> "Sparse categorical accuracy", "d_loss" -> "D loss". */
export function metricTitle(name: string): string {
  const words = name.replace(/_/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}
