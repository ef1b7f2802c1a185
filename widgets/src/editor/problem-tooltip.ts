// The tooltip listing a hovered node's problems (it listens to the canvas itself). It follows the node's current
// problems: it changes or closes as soon as they do, and closes with the node.
import type { Core, NodeSingular } from "cytoscape";
import { placeNote } from "./overlay-place";
import type { Diagnostic } from "./types";

export class ProblemTooltip {
  private node: string | null = null;

  constructor(
    private readonly cy: Core,
    private readonly el: HTMLElement,
    private readonly host: HTMLElement,
    private readonly problemsOf: (node: string) => Diagnostic[],
  ) {
    cy.on("mouseover", "node", (e) => this.hover(e.target));
    cy.on("mouseout", "node", () => this.leave());
    cy.on("viewport", () => this.update());
  }

  /** The pointer is over `node`. */
  hover(node: NodeSingular): void {
    this.node = node.id();
    this.update();
  }

  /** The pointer left the node. */
  leave(): void {
    this.node = null;
    this.hide();
  }

  /** Redraw for the hovered node's problems now (after the graph or the checks changed, or the view moved). */
  update(): void {
    const n = this.node === null ? null : this.cy.getElementById(this.node);
    const problems = n?.nonempty() ? this.problemsOf(this.node as string) : [];
    if (!n || n.empty() || !problems.length) {
      this.hide();
      return;
    }
    const key = JSON.stringify(problems.map((p) => [p.severity, p.message]));
    if (this.el.dataset.key !== key) {
      this.el.textContent = "";
      for (const p of problems) {
        const line = document.createElement("div");
        line.className = `nnb-tip-${p.severity === "error" ? "error" : "warning"}`;
        line.textContent = `${p.severity === "error" ? "✖" : "⚠"} ${p.message}`;
        this.el.append(line);
      }
      this.el.dataset.key = key;
    }
    this.el.dataset.node = this.node as string;
    const bb = n.renderedBoundingBox({});
    placeNote(this.el, this.host, bb, 8);
  }

  hide(): void {
    this.el.style.display = "none";
  }

  get shownFor(): string | null {
    return this.el.style.display === "none" ? null : this.node;
  }
}
