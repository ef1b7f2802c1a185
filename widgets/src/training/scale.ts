// Axis ranges, "nice" ticks, linear scales and per-pixel thinning for the charts.
import type { Value } from "./types";

export interface Extent {
  min: number;
  max: number;
}

/** The smallest and largest finite values over several columns, or null when there are none. */
export function extentOf(columns: ArrayLike<Value>[]): Extent | null {
  let min = Infinity;
  let max = -Infinity;
  for (const col of columns) {
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : null;
}

/** Widen an extent a little (and give a flat one some height) so lines don't touch the frame. */
export function padExtent(e: Extent, fraction = 0.06): Extent {
  if (e.max === e.min) {
    const d = Math.abs(e.min) * 0.1 || 1;
    return { min: e.min - d, max: e.max + d };
  }
  const d = (e.max - e.min) * fraction;
  return { min: e.min - d, max: e.max + d };
}

/** A 1, 2 or 5 times a power of ten step giving about `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  return nice * power;
}

/** Tick values inside [min, max] on a nice step; `integer` keeps steps whole (epochs). */
export function niceTicks(min: number, max: number, count = 4, integer = false): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  if (max === min) return [min];
  let step = niceStep(max - min, count);
  if (integer) step = Math.max(1, Math.round(step));
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
    if (ticks.length > 1000) break;
  }
  return ticks;
}

/** The map from [d0, d1] onto [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v: number) => r0 + (v - d0) * k;
}

/**
 * At most about two points per pixel column: the mean of each column's values
 * (points outside [x0, x1] dropped), so thousands of batches draw as fast as a few.
 */
export function thinToPixels(
  xs: ArrayLike<number>,
  ys: ArrayLike<Value>,
  x0: number,
  x1: number,
  width: number,
): { x: number[]; y: Value[] } {
  const n = Math.min(xs.length, ys.length);
  const columns = Math.max(1, Math.floor(width * 2));
  if (n <= columns) {
    const x: number[] = [];
    const y: Value[] = [];
    for (let i = 0; i < n; i++) {
      if (xs[i] < x0 || xs[i] > x1) continue;
      x.push(xs[i]);
      y.push(ys[i]);
    }
    return { x, y };
  }
  const span = x1 - x0 || 1;
  const x: number[] = [];
  const y: Value[] = [];
  let bucket = -1;
  let sx = 0;
  let sy = 0;
  let count = 0;
  let gap = false;
  const push = () => {
    if (count) {
      x.push(sx / count);
      y.push(sy / count);
    } else if (gap && bucket >= 0) {
      x.push(x0 + ((bucket + 0.5) / columns) * span);
      y.push(null);
    }
  };
  for (let i = 0; i < n; i++) {
    const xv = xs[i];
    if (xv < x0 || xv > x1) continue;
    const b = Math.min(columns - 1, Math.floor(((xv - x0) / span) * columns));
    if (b !== bucket) {
      push();
      bucket = b;
      sx = sy = count = 0;
      gap = false;
    }
    const yv = ys[i];
    if (yv === null || yv === undefined || !Number.isFinite(yv)) gap = true;
    else {
      sx += xv;
      sy += yv;
      count += 1;
    }
  }
  push();
  return { x, y };
}
