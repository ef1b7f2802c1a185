// The digit pad: a 28x28 grid drawn with the mouse (or a pen, or a finger) and a Clear button. The grid goes
// to Python as `pixels` (row by row, 0..1), at most every SEND_MS while drawing and once when a stroke ends.
import { h } from "../shared/dom";
import { type Brush, DEFAULT_BRUSH, blankGrid, cellPoint, dab, gridFrom, gridValues, stroke, throttled } from "./brush";
import type { WidgetModel } from "../shared/widget";

const SEND_MS = 150;
const CELL_PX = 8;

function words(model: WidgetModel): Record<string, string> {
  const value = model.get("words");
  return value && typeof value === "object" ? (value as Record<string, string>) : {};
}

export function renderPad(model: WidgetModel, el: HTMLElement, brush: Brush = DEFAULT_BRUSH): () => void {
  const size = Number(model.get("size")) || 28;
  let grid = gridFrom(model.get("pixels"), size);
  const canvas = h("canvas", { class: "nnb-pad-canvas", width: size, height: size });
  canvas.style.width = canvas.style.height = `${size * CELL_PX}px`;
  const clear = h("button", { class: "nnb-pad-clear", type: "button" });
  const hint = h("div", { class: "nnb-pad-hint" });
  const root = h("div", { class: "nnb-pad" }, hint, canvas, h("div", { class: "nnb-pad-buttons" }, clear));
  el.append(root);

  const draw = () => {
    const context = canvas.getContext("2d");
    if (!context) return;
    const image = context.createImageData(size, size);
    grid.forEach((value, i) => {
      const ink = 255 - Math.round(value * 255);
      image.data.set([ink, ink, ink, 255], i * 4);
    });
    context.putImageData(image, 0, 0);
    root.dataset.ink = String(grid.reduce((sum, v) => sum + v, 0).toFixed(3));
  };
  const label = () => {
    const w = words(model);
    clear.textContent = w.clear ?? "Clear";
    hint.textContent = w.hint ?? "";
  };
  const sender = throttled(() => {
    model.set("pixels", gridValues(grid));
    model.save_changes();
  }, SEND_MS);

  let last: { x: number; y: number } | null = null;
  const at = (event: PointerEvent) => cellPoint(canvas.getBoundingClientRect(), size, event.clientX, event.clientY);
  const onDown = (event: PointerEvent) => {
    event.preventDefault();
    canvas.setPointerCapture?.(event.pointerId);
    last = at(event);
    if (dab(grid, size, brush, last.x, last.y)) {
      draw();
      sender.request();
    }
  };
  const onMove = (event: PointerEvent) => {
    if (!last) return;
    const next = at(event);
    if (stroke(grid, size, brush, last.x, last.y, next.x, next.y)) {
      draw();
      sender.request();
    }
    last = next;
  };
  const onUp = () => {
    last = null;
    sender.flush();
  };
  const onClear = () => {
    grid = blankGrid(size);
    draw();
    model.set("pixels", []);
    model.save_changes();
  };
  const onPixels = () => {
    if (last) return; // a stroke in progress wins over what Python echoes back
    grid = gridFrom(model.get("pixels"), size);
    draw();
  };

  canvas.addEventListener("pointerdown", onDown);
  canvas.addEventListener("pointermove", onMove);
  canvas.addEventListener("pointerup", onUp);
  canvas.addEventListener("pointercancel", onUp);
  clear.addEventListener("click", onClear);
  model.on("change:pixels", onPixels);
  model.on("change:words", label);
  label();
  draw();

  return () => {
    model.off("change:pixels", onPixels);
    model.off("change:words", label);
    root.remove();
  };
}
