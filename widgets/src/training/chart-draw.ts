// One metric chart on a <canvas>: faint smoothed per-batch line, bold per-epoch
// points for training, validation and test, y grid with nice ticks, epochs on x.
import type { ChartSpec } from "./charts";
import { formatTick, formatValue } from "./format";
import { extentOf, linear, niceStep, niceTicks, padExtent, thinToPixels } from "./scale";
import type { Value } from "./types";
import { type PanelWords, words } from "./words";

export interface ChartData {
  spec: ChartSpec;
  batchX: number[];
  batchY: Value[]; // already smoothed
  epochX: number[];
  trainY: Value[];
  valY: Value[];
  testY: Value[]; // empty unless the test split is scored each epoch
  earlier?: { x: number[]; trainY: Value[]; valY: Value[] }; // the run before a setting changed: dashed
  xMax: number;
}

export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  train: string;
  val: string;
  test: string;
  font: string;
}

const M = { left: 46, right: 10, top: 22, bottom: 20 };

function sizeCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; w: number; h: number } | null {
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  const ctx = canvas.getContext("2d");
  if (!ctx || w < 40 || h < 40) return null;
  const dpr = window.devicePixelRatio || 1;
  const pw = Math.round(w * dpr);
  const ph = Math.round(h * dpr);
  if (canvas.width !== pw || canvas.height !== ph) {
    canvas.width = pw;
    canvas.height = ph;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return { ctx, w, h };
}

function polyline(
  ctx: CanvasRenderingContext2D,
  xs: number[],
  ys: Value[],
  sx: (v: number) => number,
  sy: (v: number) => number,
): void {
  ctx.beginPath();
  let open = false;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y === null || y === undefined || !Number.isFinite(y)) {
      open = false;
      continue;
    }
    if (open) ctx.lineTo(sx(xs[i]), sy(y));
    else ctx.moveTo(sx(xs[i]), sy(y));
    open = true;
  }
  ctx.stroke();
}

/** A mark at each finite point: a filled dot (this run's epochs), or a ring (`outline`: the run before). */
function dots(
  ctx: CanvasRenderingContext2D,
  xs: number[],
  ys: Value[],
  sx: (v: number) => number,
  sy: (v: number) => number,
  outline = false,
): void {
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y === null || y === undefined || !Number.isFinite(y)) continue;
    ctx.beginPath();
    ctx.arc(sx(xs[i]), sy(y), outline ? 3 : 2.6, 0, Math.PI * 2);
    if (outline) ctx.stroke();
    else ctx.fill();
  }
}

function last(values: Value[]): Value {
  for (let i = values.length - 1; i >= 0; i--)
    if (values[i] !== null && Number.isFinite(values[i] as number)) return values[i];
  return null;
}

export function drawChart(
  canvas: HTMLCanvasElement,
  d: ChartData,
  c: ChartColors,
  say: PanelWords = words("en"),
): void {
  const sized = sizeCanvas(canvas);
  if (!sized) return;
  const { ctx, w, h } = sized;
  const plotW = w - M.left - M.right;
  const plotH = h - M.top - M.bottom;
  ctx.font = `11px ${c.font}`;
  ctx.textBaseline = "middle";

  // title and the latest epoch values
  ctx.fillStyle = c.text;
  ctx.textAlign = "left";
  ctx.font = `600 12px ${c.font}`;
  ctx.fillText(d.spec.title, M.left, 10);
  ctx.font = `11px ${c.font}`;
  ctx.textAlign = "right";
  const lastTrain = last(d.trainY) ?? last(d.batchY);
  let right = w - M.right;
  for (const [ys, label, colour] of [
    [d.testY, say.test, c.test],
    [d.valY, say.val, c.val],
  ] as const) {
    const latest = last(ys);
    if (latest === null) continue;
    const t = `${label} ${formatValue(latest)}`;
    ctx.fillStyle = colour;
    ctx.fillText(t, right, 10);
    right -= ctx.measureText(t).width + 10;
  }
  if (lastTrain !== null) {
    ctx.fillStyle = c.train;
    ctx.fillText(`${say.train} ${formatValue(lastTrain)}`, right, 10);
  }

  const x1 = Math.max(1, d.xMax);
  const batch = thinToPixels(d.batchX, d.batchY, 0, x1, plotW);
  const before = d.earlier;
  const ext = extentOf([batch.y, d.trainY, d.valY, d.testY, ...(before ? [before.trainY, before.valY] : [])]);
  if (!ext) {
    ctx.fillStyle = c.muted;
    ctx.textAlign = "center";
    ctx.fillText(say.waiting, M.left + plotW / 2, M.top + plotH / 2);
    return;
  }
  const y = padExtent(ext);
  const sx = linear(0, x1, M.left, M.left + plotW);
  const sy = linear(y.min, y.max, M.top + plotH, M.top);

  // grid and axes
  const yStep = niceStep(y.max - y.min, 4);
  ctx.strokeStyle = c.grid;
  ctx.lineWidth = 1;
  ctx.fillStyle = c.muted;
  ctx.textAlign = "right";
  for (const t of niceTicks(y.min, y.max, 4)) {
    const py = Math.round(sy(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(M.left, py);
    ctx.lineTo(M.left + plotW, py);
    ctx.stroke();
    ctx.fillText(formatTick(t, yStep), M.left - 4, py);
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of niceTicks(0, x1, Math.max(2, Math.floor(plotW / 60)), true)) {
    ctx.fillText(String(t), sx(t), M.top + plotH + 4);
  }
  ctx.strokeRect(M.left + 0.5, M.top + 0.5, plotW - 1, plotH - 1);

  ctx.save();
  ctx.beginPath();
  ctx.rect(M.left, M.top, plotW, plotH);
  ctx.clip();
  ctx.lineJoin = "round";
  if (before) {
    // the run before the last change: thin, dashed, under this run's curves
    ctx.globalAlpha = 0.55;
    ctx.lineWidth = 1.4;
    ctx.setLineDash([5, 4]);
    for (const [ys, colour] of [
      [before.trainY, c.train],
      [before.valY, c.val],
    ] as const) {
      ctx.strokeStyle = colour;
      polyline(ctx, before.x, ys, sx, sy);
    }
    ctx.setLineDash([2, 2]); // dotted rings at its epochs: a one-epoch run has no line
    for (const [ys, colour] of [
      [before.trainY, c.train],
      [before.valY, c.val],
    ] as const) {
      ctx.strokeStyle = colour;
      dots(ctx, before.x, ys, sx, sy, true);
    }
    ctx.setLineDash([]);
  }
  // per batch: smoothed, faint
  ctx.globalAlpha = 0.4;
  ctx.strokeStyle = c.train;
  ctx.lineWidth = 1.2;
  polyline(ctx, batch.x, batch.y, sx, sy);
  // per epoch: bold
  ctx.globalAlpha = 1;
  ctx.lineWidth = 2;
  for (const [ys, colour] of [
    [d.trainY, c.train],
    [d.valY, c.val],
    [d.testY, c.test],
  ] as const) {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    polyline(ctx, d.epochX, ys, sx, sy);
    dots(ctx, d.epochX, ys, sx, sy);
  }
  ctx.restore();
}
