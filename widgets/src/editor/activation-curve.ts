// The curve under an activation setting in the inspector: f(x) and its derivative f′(x) exactly as Python computed
// them with Keras (the editor's `curves` trait, filled by nnbuilder/ui/_activation_curves.py when asked), drawn as a
// small SVG. Nothing here computes an activation: it only scales the numbers it is given.
import { hasOwn } from "../shared/own-key";
import type { Json, Language } from "../shared/widget";
import { t } from "./i18n";

export const CURVE_W = 220;
export const CURVE_H = 90;
const M = { left: 30, right: 4, top: 4, bottom: 13 };

/** The part of the editor's model the curves need: the `curves` trait and a message to Python. */
export interface CurveModel {
  get(name: string): unknown;
  send(msg: unknown): void;
}

export interface ActivationCurve {
  x: (number | null)[];
  y: (number | null)[];
  dy: (number | null)[];
}

/** What the inspector shows under the setting: the chart, a line while Python computes it, or why there is none. */
export type CurvePart =
  | { state: "chart"; svg: string }
  | { state: "computing"; text: string }
  | { state: "later"; text: string }
  | { state: "failed"; text: string };

/** The activation a setting's value applies: a name as it is, none (Keras's default) the identity "linear";
 *  a settings object or no value at all: no curve. */
export function activationOf(value: Json | undefined): string | null {
  if (value === null) return "linear";
  return typeof value === "string" && value !== "" ? value : null;
}

// `later`: Python has not loaded Keras yet and computes the curve only when the user asks (`load`).
type Entry = ActivationCurve | { error: Partial<Record<Language, string>> } | { later: true };

function entryOf(curves: unknown, name: string): Entry | null {
  if (!curves || typeof curves !== "object" || !hasOwn(curves, name)) return null;
  const entry = (curves as Record<string, unknown>)[name];
  if (!entry || typeof entry !== "object") return null;
  if ("error" in entry || "later" in entry) return entry as Entry;
  const c = entry as Partial<ActivationCurve>;
  return Array.isArray(c.x) && Array.isArray(c.y) && Array.isArray(c.dy) ? (c as ActivationCurve) : null;
}

/** The curves of one inspector: read from the trait, asked for once when missing (again after the trait changes,
 *  since Python keeps only the latest few). */
export class ActivationCurves {
  private readonly asked = new Set<string>();
  private readonly loading = new Set<string>();

  constructor(private readonly model: CurveModel) {}

  part(name: string, lang: Language): CurvePart {
    const entry = entryOf(this.model.get("curves"), name);
    if (entry && "later" in entry) {
      if (this.loading.has(name)) return { state: "computing", text: t(lang, "curveComputing", { name }) };
      return { state: "later", text: t(lang, "curveLater", { name }) };
    }
    if (entry && "error" in entry) {
      const error = entry.error[lang] ?? entry.error.en ?? "";
      return { state: "failed", text: t(lang, "curveFailed", { name, error }) };
    }
    if (entry) return { state: "chart", svg: curveSvg(name, entry, lang) };
    if (!this.asked.has(name)) {
      this.asked.add(name);
      this.model.send({ type: "curve", name });
    }
    return { state: "computing", text: t(lang, "curveComputing", { name }) };
  }

  /** The user asked for the curve of `name` although Python has not loaded Keras yet: it loads it now. */
  load(name: string): void {
    this.loading.add(name);
    this.model.send({ type: "curve", name, load: true });
  }

  /** The trait changed: a curve still missing may be asked for again. */
  changed(): void {
    this.asked.clear();
    const curves = this.model.get("curves");
    for (const name of [...this.loading]) {
      const entry = entryOf(curves, name);
      if (entry && !("later" in entry)) this.loading.delete(name);
    }
  }
}

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** The values' extent with 0 in it, and the span drawn: that extent with a little room on both sides. */
function span(values: number[]): { extent: [number, number]; drawn: [number, number] } {
  const extent: [number, number] = [Math.min(0, ...values), Math.max(0, ...values)];
  const [low, high] = extent[1] - extent[0] < 1e-12 ? [extent[0] - 1, extent[1] + 1] : extent;
  const pad = (high - low) * 0.05;
  return { extent, drawn: [low - pad, high + pad] };
}

function short(v: number): string {
  return String(Number(v.toPrecision(3)));
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The x and y of the plot area for a value (the SVG's own coordinates). */
export function curveScale(curve: ActivationCurve): {
  x: (v: number) => number;
  y: (v: number) => number;
  xs: [number, number];
  ys: [number, number];
  extent: [number, number];
} {
  const xsFinite = curve.x.filter(finite);
  const xs: [number, number] = xsFinite.length ? [Math.min(...xsFinite), Math.max(...xsFinite)] : [0, 1];
  if (xs[1] <= xs[0]) xs[1] = xs[0] + 1;
  const { extent, drawn: ys } = span([...curve.y, ...curve.dy].filter(finite));
  const width = CURVE_W - M.left - M.right;
  const height = CURVE_H - M.top - M.bottom;
  return {
    x: (v) => M.left + ((v - xs[0]) / (xs[1] - xs[0])) * width,
    y: (v) => M.top + (1 - (v - ys[0]) / (ys[1] - ys[0])) * height,
    xs,
    ys,
    extent,
  };
}

/** One polyline per unbroken run of finite points. */
function lines(curve: ActivationCurve, values: (number | null)[], scale: ReturnType<typeof curveScale>): string[] {
  const runs: string[][] = [[]];
  curve.x.forEach((x, i) => {
    const y = values[i];
    if (finite(x) && finite(y)) runs[runs.length - 1].push(`${scale.x(x).toFixed(2)},${scale.y(y).toFixed(2)}`);
    else if (runs[runs.length - 1].length) runs.push([]);
  });
  return runs.filter((run) => run.length).map((run) => run.join(" "));
}

/** The chart: f(x) solid, f′(x) dashed, the axes through zero, the lowest and highest value (or 0) written at
 *  their heights and the ends of x below. */
export function curveSvg(name: string, curve: ActivationCurve, lang: Language): string {
  const s = curveScale(curve);
  const label = escapeXml(t(lang, "curveTitle", { name, low: short(s.xs[0]), high: short(s.xs[1]) }));
  const left = M.left;
  const right = CURVE_W - M.right;
  const top = M.top;
  const bottom = CURVE_H - M.bottom;
  const parts = [
    `<title>${label}</title>`,
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" style="stroke:var(--nnb-border,#ccc)"/>`,
  ];
  const zeroY = s.y(0);
  parts.push(
    `<line x1="${left}" x2="${right}" y1="${zeroY.toFixed(2)}" y2="${zeroY.toFixed(2)}" style="stroke:var(--nnb-border,#ccc)"/>`,
  );
  if (s.xs[0] < 0 && s.xs[1] > 0) {
    const zeroX = s.x(0).toFixed(2);
    parts.push(`<line x1="${zeroX}" x2="${zeroX}" y1="${top}" y2="${bottom}" style="stroke:var(--nnb-border,#ccc)"/>`);
  }
  const series: [string, (number | null)[], string, string][] = [
    ["f", curve.y, "var(--nnb-brand,#1f77b4)", ""],
    ["df", curve.dy, "var(--nnb-warn,#d62728)", ' stroke-dasharray="4 2"'],
  ];
  for (const [key, values, colour, dash] of series)
    for (const points of lines(curve, values, s))
      parts.push(
        `<polyline class="nnb-curve-line" data-series="${key}" points="${points}" fill="none" stroke-width="1.5"${dash} style="stroke:${colour}"/>`,
      );
  const text = (x: number, y: number, anchor: string, words: string, style = "fill:var(--nnb-muted,#777)") =>
    `<text x="${x}" y="${y}" text-anchor="${anchor}" font-size="9" style="${style}">${escapeXml(words)}</text>`;
  parts.push(
    text(left - 2, s.y(s.extent[1]) + 3, "end", short(s.extent[1])),
    text(left - 2, s.y(s.extent[0]) + 3, "end", short(s.extent[0])),
    text(left, CURVE_H - 2, "start", short(s.xs[0])),
    text(right, CURVE_H - 2, "end", short(s.xs[1])),
    text(left + 4, top + 10, "start", `${name}(x)`, "fill:var(--nnb-brand,#1f77b4)"),
    text(left + 4, top + 21, "start", `${name}′(x)`, "fill:var(--nnb-warn,#d62728)"),
  );
  return (
    `<svg class="nnb-curve-chart" xmlns="http://www.w3.org/2000/svg" width="${CURVE_W}" height="${CURVE_H}" ` +
    `viewBox="0 0 ${CURVE_W} ${CURVE_H}" role="img" aria-label="${label}" ` +
    `style="display:block;max-width:100%;height:auto" data-x-span="${s.xs[0]} ${s.xs[1]}" ` +
    `data-y-span="${s.ys[0]} ${s.ys[1]}">${parts.join("")}</svg>`
  );
}
