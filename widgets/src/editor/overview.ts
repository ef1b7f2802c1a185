// A minimap: node dots and the visible rectangle; click or drag to pan.
import type { Core } from "cytoscape";
import { canvasPoint } from "./canvas-point";
import { h } from "../shared/dom";
import { categoryColor, type Theme } from "../shared/theme";
import type { Corner } from "./viewport";

const W = 168;
const H = 112;
const PAD = 6;
const INSET = 6; // from the canvas' right and bottom edges (style.css)
const CLEARANCE = 8; // between the map and the nearest node a fit places

export class Overview {
  readonly el = h("canvas", { class: "nnb-overview", width: W, height: H, title: "Overview" }) as HTMLCanvasElement;
  private bounds = { x1: 0, y1: 0, w: 1, h: 1 };
  private scale = 1;
  private dots: { x: number; y: number; c: string }[] = [];
  private frame = 0;
  private dragging = false;

  constructor(
    private readonly cy: Core,
    host: HTMLElement,
    private theme: Theme,
  ) {
    const dpr = window.devicePixelRatio || 1;
    this.el.width = W * dpr;
    this.el.height = H * dpr;
    this.el.style.width = `${W}px`;
    this.el.style.height = `${H}px`;
    host.append(this.el);
    cy.on("viewport resize", () => this.schedule(false));
    this.el.addEventListener("pointerdown", (e) => {
      e.preventDefault();
      e.stopPropagation();
      this.dragging = true;
      this.el.setPointerCapture(e.pointerId);
      this.panTo(e);
    });
    this.el.addEventListener("pointermove", (e) => this.dragging && this.panTo(e));
    const stop = () => (this.dragging = false);
    this.el.addEventListener("pointerup", stop);
    this.el.addEventListener("pointercancel", stop);
  }

  /** The bottom-right part of the canvas the map covers, with room to spare; null while it is hidden. */
  corner(): Corner | null {
    if (this.cy.nodes().empty()) return null;
    return { w: W + INSET + CLEARANCE, h: H + INSET + CLEARANCE };
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.refresh();
  }

  /** Re-read node positions (after the graph changed). */
  refresh(): void {
    const nodes = this.cy.nodes();
    this.el.style.display = nodes.length ? "block" : "none";
    this.bounds = this.box() ?? { x1: 0, y1: 0, w: 1, h: 1 };
    this.scale = Math.min((W - 2 * PAD) / this.bounds.w, (H - 2 * PAD) / this.bounds.h);
    this.dots = [];
    nodes.forEach((n) => {
      const p = n.position();
      this.dots.push({ x: p.x, y: p.y, c: categoryColor(n.data("category")) });
    });
    this.schedule(true);
  }

  /** Extent of node centres (labels are not measured: that is slow). */
  private box(): { x1: number; y1: number; w: number; h: number } | null {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    this.cy.nodes().forEach((n) => {
      const p = n.position();
      x1 = Math.min(x1, p.x - 60);
      y1 = Math.min(y1, p.y - 30);
      x2 = Math.max(x2, p.x + 60);
      y2 = Math.max(y2, p.y + 30);
    });
    return x1 === Infinity ? null : { x1, y1, w: Math.max(1, x2 - x1), h: Math.max(1, y2 - y1) };
  }

  private toMini(x: number, y: number): [number, number] {
    const ox = PAD + (W - 2 * PAD - this.bounds.w * this.scale) / 2;
    const oy = PAD + (H - 2 * PAD - this.bounds.h * this.scale) / 2;
    return [ox + (x - this.bounds.x1) * this.scale, oy + (y - this.bounds.y1) * this.scale];
  }

  private fromMini(mx: number, my: number): [number, number] {
    const ox = PAD + (W - 2 * PAD - this.bounds.w * this.scale) / 2;
    const oy = PAD + (H - 2 * PAD - this.bounds.h * this.scale) / 2;
    return [(mx - ox) / this.scale + this.bounds.x1, (my - oy) / this.scale + this.bounds.y1];
  }

  private panTo(e: PointerEvent): void {
    const p = canvasPoint(this.el, e.clientX, e.clientY);
    const [x, y] = this.fromMini(p.x, p.y);
    const zoom = this.cy.zoom();
    this.cy.pan({ x: this.cy.width() / 2 - x * zoom, y: this.cy.height() / 2 - y * zoom });
  }

  private schedule(_full: boolean): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const ctx = this.el.getContext("2d");
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const r = this.dots.length > 2000 ? 1 : this.dots.length > 300 ? 1.5 : 2.5;
    for (const d of this.dots) {
      const [x, y] = this.toMini(d.x, d.y);
      ctx.fillStyle = d.c;
      ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
    }
    const ext = this.cy.extent();
    const [x1, y1] = this.toMini(ext.x1, ext.y1);
    const [x2, y2] = this.toMini(ext.x2, ext.y2);
    ctx.strokeStyle = this.theme.brand;
    ctx.lineWidth = 1.5;
    ctx.fillStyle = this.theme.dark ? "rgba(255,255,255,0.06)" : "rgba(0,0,0,0.05)";
    ctx.fillRect(x1, y1, x2 - x1, y2 - y1);
    ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.el.remove();
  }
}
