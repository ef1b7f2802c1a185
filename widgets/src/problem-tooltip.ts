// The tooltip listing a hovered node's problems.
import type { NodeSingular } from "cytoscape";
import type { Diagnostic } from "./types";

export function showProblemTooltip(tooltip: HTMLElement, node: NodeSingular, problems: Diagnostic[]): void {
  if (!problems.length) return;
  tooltip.textContent = "";
  for (const p of problems) {
    const line = document.createElement("div");
    line.className = `nnb-tip-${p.severity === "error" ? "error" : "warning"}`;
    line.textContent = `${p.severity === "error" ? "✖" : "⚠"} ${p.message}`;
    tooltip.append(line);
  }
  const bb = node.renderedBoundingBox({});
  tooltip.style.transform = `translate(${Math.round(bb.x2 + 8)}px, ${Math.round(bb.y1)}px)`;
  tooltip.style.display = "block";
}
