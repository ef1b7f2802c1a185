// Drawing edges: a small handle under the hovered or selected node; drag it
// onto another node. A ghost line follows the pointer and the target says
// whether it takes the connection.
import type { Core, NodeSingular } from "cytoscape";
import type { Verdict } from "./connection-rules";
import { canvasPoint } from "./canvas-point";
import { h } from "../shared/dom";
import { placeNote } from "./overlay-place";

export interface EdgeHandleHooks {
  check(source: string, target: string): Verdict;
  /** Draw the edge `check` accepted: its port and, into an operation, the argument it feeds. */
  connect(source: string, target: string, slot: { port: number; arg?: string }): void;
  status(text: string): void;
  enabled(): boolean;
}

export class EdgeHandle {
  readonly handle = h("div", { class: "nnb-handle", title: "Drag to connect", "aria-hidden": "true" });
  private readonly svg: SVGSVGElement;
  private readonly line: SVGLineElement;
  private readonly tip = h("div", { class: "nnb-drag-tip" });
  private node: NodeSingular | null = null;
  private source: NodeSingular | null = null;
  private target: NodeSingular | null = null;
  private verdict: Verdict | null = null;
  private hideTimer = 0;

  constructor(
    private readonly cy: Core,
    private readonly host: HTMLElement,
    private readonly hooks: EdgeHandleHooks,
  ) {
    const ns = "http://www.w3.org/2000/svg";
    this.svg = document.createElementNS(ns, "svg");
    this.svg.setAttribute("class", "nnb-ghost");
    this.line = document.createElementNS(ns, "line");
    this.svg.append(this.line);
    this.host.append(this.handle, this.svg, this.tip);
    this.hide();

    cy.on("mouseover", "node", (e) => this.show(e.target));
    cy.on("mouseout", "node", () => this.scheduleHide());
    cy.on("select", "node", () => this.showSelected());
    cy.on("unselect", "node", () => this.showSelected());
    cy.on("viewport position", () => this.place());
    cy.on("remove", () => {
      if (this.node?.removed()) this.hide();
    });
    this.handle.addEventListener("pointerenter", () => window.clearTimeout(this.hideTimer));
    this.handle.addEventListener("pointerleave", () => this.scheduleHide());
    this.handle.addEventListener("pointerdown", (e) => this.start(e));
  }

  private showSelected(): void {
    const sel = this.cy.$("node:selected");
    if (sel.length === 1) this.show(sel[0] as NodeSingular);
    else if (!this.source) this.hide();
  }

  show(node: NodeSingular): void {
    if (this.source || !this.hooks.enabled()) return;
    window.clearTimeout(this.hideTimer);
    this.node = node;
    this.handle.style.display = "block";
    this.place();
  }

  private scheduleHide(): void {
    window.clearTimeout(this.hideTimer);
    this.hideTimer = window.setTimeout(() => {
      if (this.source) return;
      const sel = this.cy.$("node:selected");
      if (sel.length === 1 && !sel[0].removed()) {
        this.node = sel[0] as NodeSingular;
        this.place();
      } else this.hide();
    }, 350);
  }

  hide(): void {
    this.node = null;
    this.handle.style.display = "none";
  }

  /** Rendered point under the bottom centre of a node. */
  private anchor(node: NodeSingular): { x: number; y: number } {
    const p = node.renderedPosition();
    return { x: p.x, y: p.y + node.renderedOuterHeight() / 2 + 6 };
  }

  private place(): void {
    if (!this.node || this.node.removed()) return;
    const a = this.anchor(this.node);
    this.handle.style.transform = `translate(${a.x}px, ${a.y}px)`;
  }

  /** The pointer in canvas coordinates, from where the canvas is now (never a kept rectangle). */
  private local(e: PointerEvent): { x: number; y: number } {
    return canvasPoint(this.cy.container() ?? this.host, e.clientX, e.clientY);
  }

  private nodeAt(rendered: { x: number; y: number }): NodeSingular | null {
    const pan = this.cy.pan();
    const zoom = this.cy.zoom();
    const x = (rendered.x - pan.x) / zoom;
    const y = (rendered.y - pan.y) / zoom;
    let found: NodeSingular | null = null;
    this.cy.nodes().forEach((n) => {
      if (found) return;
      const p = n.position();
      const w = n.outerWidth() / 2;
      const hh = n.outerHeight() / 2;
      if (x >= p.x - w && x <= p.x + w && y >= p.y - hh && y <= p.y + hh) found = n;
    });
    return found;
  }

  private start(e: PointerEvent): void {
    if (!this.node || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    this.source = this.node;
    this.handle.setPointerCapture(e.pointerId);
    this.svg.style.display = "block";
    this.hooks.status("");
    const a = this.anchor(this.source);
    this.line.setAttribute("x1", String(a.x));
    this.line.setAttribute("y1", String(a.y));
    this.move(e);
    const move = (ev: PointerEvent) => this.move(ev);
    const up = (ev: PointerEvent) => {
      this.handle.removeEventListener("pointermove", move);
      this.handle.removeEventListener("pointerup", up);
      this.handle.removeEventListener("pointercancel", up);
      this.finish(ev.type === "pointerup");
    };
    this.handle.addEventListener("pointermove", move);
    this.handle.addEventListener("pointerup", up);
    this.handle.addEventListener("pointercancel", up);
  }

  private move(e: PointerEvent): void {
    if (!this.source) return;
    const p = this.local(e);
    this.line.setAttribute("x2", String(p.x));
    this.line.setAttribute("y2", String(p.y));
    const target = this.nodeAt(p);
    if (target !== this.target) {
      this.target?.removeClass("nnb-target-ok nnb-target-bad");
      this.target = target && target.id() !== this.source.id() ? target : null;
      this.verdict = this.target ? this.hooks.check(this.source.id(), this.target.id()) : null;
      if (this.target && this.verdict) this.target.addClass(this.verdict.ok ? "nnb-target-ok" : "nnb-target-bad");
      const reason = this.verdict && !this.verdict.ok ? this.verdict.reason : "";
      this.tip.textContent = reason;
      this.tip.style.display = reason ? "block" : "none";
      this.line.classList.toggle("nnb-bad", !!reason);
      this.hooks.status(reason);
    }
    if (this.tip.style.display !== "none")
      placeNote(this.tip, this.host, { x1: p.x, y1: p.y, x2: p.x, y2: p.y }, 14, 12);
  }

  private finish(commit: boolean): void {
    const source = this.source;
    const target = this.target;
    const verdict = this.verdict;
    target?.removeClass("nnb-target-ok nnb-target-bad");
    this.source = this.target = null;
    this.verdict = null;
    this.svg.style.display = "none";
    this.tip.style.display = "none";
    this.line.classList.remove("nnb-bad");
    if (commit && source && target && verdict?.ok) this.hooks.connect(source.id(), target.id(), verdict);
    this.showSelected();
  }

  destroy(): void {
    window.clearTimeout(this.hideTimer);
    this.handle.remove();
    this.svg.remove();
    this.tip.remove();
  }
}
