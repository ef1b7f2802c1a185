// Bring the cytoscape graph in line with one model of the document, touching
// only what changed (a node_info update only rewrites changed labels).
import cytoscape, { type Core, type StylesheetJson } from "cytoscape";
import type { SpecIndex } from "./catalog-index";
import { type EdgeData, type ElementJson, modelElements, type NodeData } from "./graph-elements";
import type { Thumbnails } from "./thumbnails";
import type { ModelDoc, NodeCheck, ProjectDoc } from "./types";
import type { Language } from "../shared/widget";

export function syncCanvas(
  cy: Core,
  model: ModelDoc,
  specs: SpecIndex,
  infos: Record<string, NodeCheck> | undefined,
  rebuild: boolean,
  dragging: Set<string>,
  lang: Language = "en",
  thumbs: Thumbnails = new Map(),
): void {
  const elements: ElementJson[] = modelElements(model, specs, infos, lang, thumbs);
  if (rebuild || cy.elements().length === 0) {
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    return;
  }
  cy.batch(() => {
    const wanted = new Set<string>();
    const toAdd: ElementJson[] = [];
    for (const el of elements) {
      const id = el.data.id;
      wanted.add(id);
      const existing = cy.getElementById(id);
      if (existing.empty()) {
        toAdd.push(el);
        continue;
      }
      if (el.group === "nodes") {
        const d = el.data as NodeData;
        if (
          existing.data("label") !== d.label ||
          existing.data("severity") !== d.severity ||
          existing.data("category") !== d.category ||
          existing.data("thumb") !== d.thumb
        ) {
          existing.data(d);
        }
        const p = existing.position();
        if (el.position && !dragging.has(id) && (p.x !== el.position.x || p.y !== el.position.y)) {
          existing.position(el.position);
        }
      } else if (existing.data("label") !== (el.data as EdgeData).label) existing.data(el.data);
      const classes = el.classes ?? "";
      if ((existing.classes() as unknown as string[]).join(" ") !== classes) existing.classes(classes);
    }
    const stale = cy.elements().filter((e) => !wanted.has(e.id()));
    if (stale.nonempty()) cy.remove(stale);
    if (toAdd.length) {
      // Nodes first so new edges find their ends.
      cy.add(toAdd.filter((e) => e.group === "nodes"));
      cy.add(toAdd.filter((e) => e.group === "edges"));
    }
  });
}

/** The cytoscape instance; `nodes` (the largest model) picks the fast paths. */
export function createCanvas(container: HTMLElement, style: StylesheetJson, nodes: number): Core {
  return cytoscape({
    container,
    elements: [],
    layout: { name: "preset" },
    style,
    minZoom: 0.02,
    maxZoom: 4,
    boxSelectionEnabled: true,
    selectionType: "single",
    textureOnViewport: nodes > 800,
    hideEdgesOnViewport: nodes > 2000,
    motionBlur: false,
  });
}

/**
 * Call `moved` once per drag gesture (several nodes may move together) with
 * the final positions of the dragged nodes. Returns a canceller.
 */
export function onDragEnd(
  cy: Core,
  dragging: Set<string>,
  moved: (positions: Map<string, [number, number]>) => void,
): () => void {
  let timer: number | null = null;
  cy.on("drag", "node", (e) => dragging.add(e.target.id()));
  cy.on("dragfree", "node", () => {
    if (timer !== null) return;
    timer = window.setTimeout(() => {
      timer = null;
      const positions = new Map<string, [number, number]>();
      for (const id of dragging) {
        const n = cy.getElementById(id);
        if (n.nonempty()) positions.set(id, [n.position().x, n.position().y]);
      }
      dragging.clear();
      moved(positions);
    }, 0);
  });
  return () => {
    if (timer !== null) window.clearTimeout(timer);
  };
}

/** The most nodes any model of `doc` has (sizes the canvas's rendering choices). */
export function maxNodes(doc: ProjectDoc): number {
  return Math.max(0, ...Object.values(doc?.models ?? {}).map((m) => m?.nodes?.length ?? 0));
}
