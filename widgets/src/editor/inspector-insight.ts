// What the app shows inside the selected node (its output on a sample), drawn in the inspector under the node's
// shapes: HTML that Python made of escaped text and pictures (the editor's `insight` trait, set by the Inside
// tab's activations view while "Show on the canvas and in the inspector" is ticked).
import { h } from "../shared/dom";

export interface Insight {
  node: string;
  html: string;
}

/** The trait's value as an insight, or null for none (or a value of another form). */
export function readInsight(value: unknown): Insight | null {
  if (!value || typeof value !== "object") return null;
  const { node, html } = value as Record<string, unknown>;
  return typeof node === "string" && typeof html === "string" ? { node, html } : null;
}

/** The box the inspector shows for node `nodeId`; null when the insight is about another node, or there is none. */
export function insightBox(value: unknown, nodeId: string): HTMLElement | null {
  const insight = readInsight(value);
  if (!insight || insight.node !== nodeId) return null;
  const box = h("div", { class: "nnb-inspector-insight", "data-node": nodeId });
  box.innerHTML = insight.html;
  return box;
}

/** Put the box for `nodeId` in `inspector` (after its facts), replace the one there, or take it away. */
export function placeInsight(inspector: HTMLElement, value: unknown, nodeId: string | null): void {
  const old = inspector.querySelector(".nnb-inspector-insight");
  const box = nodeId === null ? null : insightBox(value, nodeId);
  if (old && box) old.replaceWith(box);
  else if (old) old.remove();
  else if (box) inspector.querySelector(".nnb-facts")?.after(box);
}
