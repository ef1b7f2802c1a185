// The training panel in the browser: buttons, progress, status, charts, samples.
// Points arrive as messages and are drawn at most once per animation frame. While a
// run is active and nothing arrived for a while, the panel polls: some front ends
// never deliver what the kernel's training thread sends (see message-order.ts).
import { clear, h } from "../shared/dom";
import { readTheme } from "../shared/theme";
import { drawChart, type ChartColors } from "./chart-draw";
import { buttonState, chartSpecs, progressFraction, progressText, statusLine, type ChartSpec } from "./charts";
import { MessageOrder } from "./message-order";
import { ema, SeriesStore, smoothingFor } from "./series";
import type { PanelMessage, Progress, RunState, Samples } from "./types";
import { samplesTitle, words } from "./words";
import { type WidgetModel, asLanguage } from "../shared/widget";

/** Poll when a run is active and nothing arrived for this long (ms); also the least time between polls. */
export const POLL_QUIET_MS = 1000;
/** Poll this soon (ms) after a message arrived ahead of one it follows. */
const POLL_GAP_MS = 250;

interface Chart {
  spec: ChartSpec;
  canvas: HTMLCanvasElement;
}

export function renderPanel(model: WidgetModel, el: HTMLElement): () => void {
  const store = new SeriesStore();
  const order = new MessageOrder({
    append: (msg) => {
      store.append(msg.x, msg.series);
      if (msg.progress) progress = msg.progress;
    },
    replace: (msg) => {
      store.replace(msg.x, msg.series);
      progress = msg.progress ?? null; // another trainer, or none
    },
  });
  let heard = performance.now(); // the last message or state from the kernel
  let polled = 0;
  let progress: Progress | null = null;
  let frame = 0;
  let charts: Chart[] = [];
  let chartKeys = "";

  const lang = () => asLanguage(model.get("language"));
  const startButton = h("button", { type: "button", class: "nnb-button nnb-train-start", "data-action": "start" });
  const stopButton = h("button", { type: "button", class: "nnb-button nnb-train-stop", "data-action": "stop" });
  const fill = h("div", { class: "nnb-progress-fill" });
  const bar = h("div", { class: "nnb-progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100 }, fill);
  const progressLine = h("span", { class: "nnb-train-progress-text" });
  const toolbar = h("div", { class: "nnb-train-toolbar" }, startButton, stopButton, bar, progressLine);
  const status = h("div", { class: "nnb-train-status", role: "status", "aria-live": "polite" });
  const note = h("div", { class: "nnb-train-note" });
  const chartsHost = h("div", { class: "nnb-charts" });
  const samplesTitleEl = h("div", { class: "nnb-samples-title" });
  const samplesImg = h("img", { class: "nnb-samples-img" });
  const samplesBox = h("div", { class: "nnb-samples", hidden: true }, samplesTitleEl, samplesImg);
  const body = h("div", { class: "nnb-train-body" }, chartsHost, samplesBox);
  const root = h("div", { class: "nnb-training" }, toolbar, status, note, body);
  el.append(root);

  const state = (): RunState => model.get("state") as RunState;

  function colors(): ChartColors {
    const t = readTheme(root);
    return {
      text: t.text,
      muted: t.muted,
      grid: t.dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.10)",
      train: t.brand,
      val: t.dark ? "#ffa64d" : "#e8710a",
      test: t.dark ? "#5fd18b" : "#188038",
      font: t.font,
    };
  }

  function schedule(): void {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function syncCharts(s: RunState): void {
    const names = [
      ...s.metrics,
      ...Object.keys(s.history.series),
      ...store.names(),
      ...Object.keys(s.earlier?.series ?? {}),
    ];
    const specs = chartSpecs(names, lang());
    const keys = [lang(), ...specs.map((sp) => sp.key)].join("|");
    if (keys === chartKeys) return;
    chartKeys = keys;
    clear(chartsHost);
    charts = specs.map((spec) => {
      const canvas = h("canvas", { class: "nnb-chart-canvas", "aria-label": words(lang()).chartLabel(spec.title) });
      const box = h("div", { class: "nnb-chart", "data-metric": spec.key }, canvas);
      chartsHost.append(box);
      return { spec, canvas };
    });
  }

  function drawProgress(s: RunState): void {
    const p = progress ?? s.progress;
    const f = progressFraction(p);
    fill.style.width = `${(f * 100).toFixed(1)}%`;
    bar.setAttribute("aria-valuenow", String(Math.round(f * 100)));
    bar.classList.toggle("nnb-active", s.running);
    progressLine.textContent = progressText(p, lang());
  }

  function draw(): void {
    frame = 0;
    const s = state();
    drawProgress(s);
    syncCharts(s);
    const c = colors();
    const epochs = s.history.epochs;
    const epochX = epochs.map((e) => e + 1);
    const lastBatch = store.length ? store.x[store.length - 1] : 0;
    const earlier = s.earlier?.epochs.length ? s.earlier : null;
    const earlierX = earlier ? earlier.epochs.map((e) => e + 1) : [];
    const xMax = Math.max(
      earlierX.length ? earlierX[earlierX.length - 1] : 0,
      s.epochs ?? 0,
      progress?.epochs ?? 0,
      epochX.length ? epochX[epochX.length - 1] : 0,
      lastBatch,
    );
    const weight = smoothingFor(store.length);
    const w = words(lang());
    for (const chart of charts) {
      const { spec } = chart;
      const raw = store.column(spec.train);
      chart.canvas.parentElement?.setAttribute("data-earlier-epochs", String(earlierX.length));
      drawChart(
        chart.canvas,
        {
          spec,
          batchX: store.x,
          batchY: raw ? ema(raw, weight) : [],
          epochX,
          trainY: s.history.series[spec.train] ?? [],
          valY: s.history.series[spec.val] ?? [],
          testY: s.history.series[spec.test] ?? [],
          earlier: earlier
            ? { x: earlierX, trainY: earlier.series[spec.train] ?? [], valY: earlier.series[spec.val] ?? [] }
            : undefined,
          xMax,
        },
        c,
        w,
      );
    }
  }

  function showState(): void {
    const s = state();
    const b = buttonState(s, lang());
    startButton.textContent = b.startLabel;
    startButton.disabled = !b.startEnabled;
    stopButton.disabled = !b.stopEnabled;
    const line = statusLine(s, lang());
    status.textContent = line.text;
    status.dataset.tone = line.tone;
    status.dataset.status = s.status;
    note.textContent = (lang() === "zh" ? s.note_zh : null) ?? s.note ?? "";
    note.hidden = !s.note;
    if (s.progress && !s.running) progress = s.progress;
    drawProgress(s); // at once, so the status and the progress line never disagree
    schedule();
  }

  function showSamples(): void {
    const smp = (model.get("samples") ?? {}) as Samples;
    if (!smp.src) {
      samplesBox.hidden = true;
      samplesImg.removeAttribute("src");
      return;
    }
    samplesBox.hidden = false;
    samplesTitleEl.textContent = samplesTitle(smp.title, smp.epoch, lang());
    samplesBox.classList.toggle("nnb-pairs", !!smp.pairs);
    const scale = Math.max(1, Math.min(6, 320 / Math.max(1, smp.width ?? 320)));
    samplesImg.style.width = `${(smp.width ?? 0) * scale}px`;
    samplesImg.src = smp.src;
  }

  function onMessage(msg: PanelMessage): void {
    if (!msg || typeof msg !== "object") return;
    let changed = false;
    if (msg.type === "points" || msg.type === "snapshot") {
      heard = performance.now();
      changed = order.take(msg);
    } else if (msg.type === "pulled") {
      for (const one of msg.messages ?? []) changed = order.take(one) || changed;
    } else return;
    if (order.waiting) poll(POLL_GAP_MS); // one it follows went missing: ask for it
    if (!changed) return;
    drawProgress(state()); // cheap; the charts wait for the next frame
    schedule();
  }

  /** Ask for the messages after the last one drawn, at most once per `least` ms. */
  function poll(least: number): void {
    const now = performance.now();
    if (now - polled < least) return;
    polled = now;
    model.send({ type: "poll", since: order.last });
  }

  function active(): boolean {
    const s = state();
    return s.running || s.status === "starting" || s.status === "running" || s.status === "stopping";
  }

  const pollTimer = setInterval(() => {
    const quiet = performance.now() - heard >= POLL_QUIET_MS;
    if (order.waiting) poll(POLL_GAP_MS);
    else if (active() && quiet) poll(POLL_QUIET_MS);
  }, POLL_GAP_MS);

  function onState(): void {
    heard = performance.now();
    showState();
  }

  function fixedLabels(): void {
    const w = words(lang());
    stopButton.textContent = w.stop;
    samplesImg.alt = w.samplesAlt;
  }

  /** Every label in the panel's language at once (buttons, lines, charts, samples). */
  function showLanguage(): void {
    fixedLabels();
    chartKeys = ""; // new chart titles and labels
    showState();
    showSamples();
    if (frame) cancelAnimationFrame(frame);
    draw();
  }

  startButton.addEventListener("click", () => {
    startButton.disabled = true; // until the state says otherwise: no double start
    model.send({ type: "start" });
  });
  stopButton.addEventListener("click", () => {
    stopButton.disabled = true;
    model.send({ type: "stop" });
  });

  model.on("change:state", onState);
  model.on("change:samples", showSamples);
  model.on("change:language", showLanguage);
  model.on("msg:custom", onMessage);
  const resize = typeof ResizeObserver !== "undefined" ? new ResizeObserver(() => schedule()) : null;
  resize?.observe(chartsHost);

  fixedLabels();
  showState();
  showSamples();
  model.send({ type: "snapshot" }); // the per-batch points this view has not seen
  (root as HTMLElement & { nnb?: unknown }).nnb = { store, draw, order };

  return () => {
    model.off("change:state", onState);
    clearInterval(pollTimer);
    model.off("change:samples", showSamples);
    model.off("change:language", showLanguage);
    model.off("msg:custom", onMessage);
    resize?.disconnect();
    if (frame) cancelAnimationFrame(frame);
  };
}
