// Per-batch points in columns, appended from messages; EMA smoothing.
import type { Columns, Value } from "./types";

/** Columns of per-batch values sharing one x column. Halves itself past `max` points. */
export class SeriesStore {
  x: number[] = [];
  private cols = new Map<string, Value[]>();

  constructor(readonly max = 40000) {}

  get length(): number {
    return this.x.length;
  }

  names(): string[] {
    return [...this.cols.keys()];
  }

  column(name: string): Value[] | undefined {
    return this.cols.get(name);
  }

  clear(): void {
    this.x = [];
    this.cols.clear();
  }

  append(x: number[], series: Columns): void {
    if (!x.length) return;
    const before = this.x.length;
    for (const name of Object.keys(series)) {
      if (!this.cols.has(name)) this.cols.set(name, new Array<Value>(before).fill(null));
    }
    for (const v of x) this.x.push(v);
    for (const [name, col] of this.cols) {
      const add = series[name];
      for (let i = 0; i < x.length; i++) col.push(add && add[i] !== undefined ? add[i] : null);
    }
    if (this.x.length > this.max) this.thin();
  }

  replace(x: number[], series: Columns): void {
    this.clear();
    this.append(x, series);
  }

  /** Keep every other point (the curve keeps its shape; memory and drawing stay bounded). */
  private thin(): void {
    const keep = (_: unknown, i: number) => i % 2 === 0;
    this.x = this.x.filter(keep);
    for (const [name, col] of this.cols) this.cols.set(name, col.filter(keep));
  }
}

/**
 * Exponential moving average with start-up bias removed (so the first points are
 * not pulled towards 0). `weight` 0 = no smoothing, 0.99 = very smooth. Gaps stay gaps.
 */
export function ema(values: ArrayLike<Value>, weight: number): Value[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  const out: Value[] = new Array(values.length);
  let acc = 0;
  let norm = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      out[i] = null;
      continue;
    }
    acc = acc * w + (1 - w) * v;
    norm = norm * w + (1 - w);
    out[i] = acc / norm;
  }
  return out;
}

/** A smoothing weight that suits the number of points (more points, smoother). */
export function smoothingFor(count: number): number {
  if (count < 20) return 0;
  return Math.min(0.95, 1 - 8 / Math.sqrt(count * 4));
}
