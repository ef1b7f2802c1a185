// The palette: the layer categories, then the operations (keras.ops functions), a search box, draggable entries.
// A layer's entry carries its layer name, an operation's "Op:<op>" (op-specs.ts).
import type { Core } from "cytoscape";
import { canvasPoint } from "./canvas-point";
import { clear, h } from "../shared/dom";
import { t } from "./i18n";
import { categoryColor } from "../shared/theme";
import { OP_LAYER } from "./op-labels";
import { opPaletteKey, paletteOps } from "./op-specs";
import type { Catalog, LayerSpec, OpSpecDoc } from "./types";
import type { Language } from "../shared/widget";

export const DRAG_TYPE = "application/x-nnb-layer";

/**
 * Accept palette entries dropped on `host`; `add` gets the layer name and the
 * drop point in model coordinates and says whether it took it.
 */
export function acceptPaletteDrops(
  host: HTMLElement,
  cy: Core,
  add: (layer: string, x: number, y: number) => boolean,
): void {
  host.addEventListener("dragover", (e) => {
    const types = Array.from(e.dataTransfer?.types ?? []);
    if (types.includes(DRAG_TYPE) || types.includes("text/plain")) {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    }
  });
  host.addEventListener("drop", (e) => {
    const layer = (e.dataTransfer?.getData(DRAG_TYPE) || e.dataTransfer?.getData("text/plain") || "").trim();
    const p = canvasPoint(cy.container() ?? host, e.clientX, e.clientY);
    const pan = cy.pan();
    const zoom = cy.zoom();
    if (add(layer, (p.x - pan.x) / zoom, (p.y - pan.y) / zoom)) e.preventDefault();
  });
}

function found(hay: string[], query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const text = hay.join("\n").toLowerCase();
  return q.split(/\s+/).every((word) => text.includes(word));
}

export function matches(spec: LayerSpec, query: string, lang: Language): boolean {
  return found([spec.name, spec.display, spec.help?.en ?? "", lang === "zh" ? (spec.help?.zh ?? "") : ""], query);
}

/** Whether an operation's entry answers a search: its name, `ops.<name>`, its operator or its help. */
export function opMatches(op: OpSpecDoc, query: string, lang: Language): boolean {
  const help = [op.help?.en ?? "", lang === "zh" ? (op.help?.zh ?? "") : ""];
  return found([op.name, `ops.${op.name}`, op.operator ?? "", ...help], query);
}

/** The palette key of an entry: its layer name, or "Op:<op>" for an operation. */
function entryKey(item: HTMLElement): string {
  return item.dataset.op ? opPaletteKey(item.dataset.op) : (item.dataset.layer as string);
}

/** The words of a layer name: "GlobalAveragePooling2D" → Global, Average, Pooling, 2D. */
export function nameWords(name: string): string[] {
  return name.split(/(?<=[a-z])(?=[0-9]|[A-Z][a-z])|(?<=[A-Z0-9])(?=[A-Z][a-z])/);
}

/** A layer name with places to break between its words, so a narrow palette wraps it there, never
 * inside a word; the text itself is unchanged. */
function nameParts(name: string): (string | HTMLElement)[] {
  return nameWords(name).flatMap((word, i) => (i === 0 ? [word] : [h("wbr"), word]));
}

export class PaletteView {
  readonly el = h("div", { class: "nnb-palette" });
  private readonly search = h("input", { class: "nnb-palette-search", type: "search" });
  private readonly list = h("div", { class: "nnb-palette-list" });
  private catalog: Catalog | null = null;
  private lang: Language = "en";

  constructor(private readonly onPick: (layer: string) => void) {
    this.el.append(this.search, this.list);
    this.search.addEventListener("input", () => this.filter());
    this.search.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        const first = this.list.querySelector<HTMLElement>(".nnb-palette-item:not([hidden])");
        if (first) this.onPick(entryKey(first));
      } else if (e.key === "Escape") {
        this.search.value = "";
        this.filter();
      }
    });
  }

  render(catalog: Catalog | null, lang: Language): void {
    this.catalog = catalog;
    this.lang = lang;
    this.search.placeholder = t(lang, "search");
    this.search.setAttribute("aria-label", t(lang, "search"));
    clear(this.list);
    for (const cat of catalog?.categories ?? []) {
      const section = this.section(cat.category, cat.label?.[lang] ?? cat.category);
      for (const spec of cat.layers) {
        const item = this.item(spec.name, spec.help?.[lang] || spec.help?.en || "", cat.category, {
          "data-layer": spec.name,
        });
        item.append(h("span", { class: "nnb-palette-name" }, ...nameParts(spec.display || spec.name)));
        section.append(item);
      }
    }
    const ops = catalog?.operations;
    const entries = paletteOps(catalog);
    if (ops && entries.length) {
      const section = this.section(ops.category, ops.label?.[lang] ?? ops.category);
      for (const op of entries) {
        const attrs = { "data-layer": OP_LAYER, "data-op": op.name };
        const item = this.item(opPaletteKey(op.name), op.help?.[lang] || op.help?.en || "", ops.category, attrs);
        item.append(h("span", { class: "nnb-palette-name", text: op.name }));
        section.append(item);
      }
    }
    this.filter();
  }

  private section(category: string, label: string): HTMLElement {
    const section = h("details", { class: "nnb-palette-category", "data-category": category, open: true });
    section.append(h("summary", { text: label }));
    this.list.append(section);
    return section;
  }

  /** A draggable entry (its name still to be added) whose drop or pick means palette key `key`. */
  private item(key: string, help: string, category: string, attrs: Record<string, string>): HTMLElement {
    const item = h("div", {
      class: "nnb-palette-item",
      ...attrs,
      draggable: "true",
      tabindex: 0,
      role: "button",
      title: help,
    });
    item.style.setProperty("--nnb-cat", categoryColor(category));
    item.append(h("span", { class: "nnb-swatch" }));
    item.addEventListener("dragstart", (e) => {
      e.dataTransfer?.setData(DRAG_TYPE, key);
      e.dataTransfer?.setData("text/plain", key);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = "copy";
    });
    item.addEventListener("click", () => this.onPick(key));
    item.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        this.onPick(key);
      }
    });
    return item;
  }

  private filter(): void {
    const q = this.search.value;
    const specs = new Map<string, LayerSpec>();
    for (const cat of this.catalog?.categories ?? []) for (const s of cat.layers) specs.set(s.name, s);
    const ops = this.catalog?.operations?.specs ?? {};
    this.list.querySelectorAll<HTMLElement>(".nnb-palette-category").forEach((section) => {
      let shown = 0;
      section.querySelectorAll<HTMLElement>(".nnb-palette-item").forEach((item) => {
        const op = item.dataset.op;
        const spec = op ? undefined : specs.get(item.dataset.layer as string);
        const ok = op ? !!ops[op] && opMatches(ops[op], q, this.lang) : !!spec && matches(spec, q, this.lang);
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      section.hidden = shown === 0;
      if (q.trim()) (section as HTMLDetailsElement).open = true;
    });
  }
}
