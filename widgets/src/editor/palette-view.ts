// The layer palette: categories, a search box, draggable entries.
import type { Core } from "cytoscape";
import { canvasPoint } from "./canvas-point";
import { clear, h } from "../shared/dom";
import { t } from "./i18n";
import { categoryColor } from "../shared/theme";
import type { Catalog, LayerSpec } from "./types";
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

export function matches(spec: LayerSpec, query: string, lang: Language): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hay = [spec.name, spec.display, spec.help?.en ?? "", lang === "zh" ? (spec.help?.zh ?? "") : ""]
    .join("\n")
    .toLowerCase();
  return q.split(/\s+/).every((word) => hay.includes(word));
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
        if (first) this.onPick(first.dataset.layer as string);
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
      const section = h("details", { class: "nnb-palette-category", "data-category": cat.category, open: true });
      section.append(h("summary", { text: cat.label?.[lang] ?? cat.category }));
      for (const spec of cat.layers) {
        const help = spec.help?.[lang] || spec.help?.en || "";
        const item = h("div", {
          class: "nnb-palette-item",
          "data-layer": spec.name,
          draggable: "true",
          tabindex: 0,
          role: "button",
          title: help,
        });
        item.style.setProperty("--nnb-cat", categoryColor(cat.category));
        const name = h("span", { class: "nnb-palette-name" }, ...nameParts(spec.display || spec.name));
        item.append(h("span", { class: "nnb-swatch" }), name);
        item.addEventListener("dragstart", (e) => {
          e.dataTransfer?.setData(DRAG_TYPE, spec.name);
          e.dataTransfer?.setData("text/plain", spec.name);
          if (e.dataTransfer) e.dataTransfer.effectAllowed = "copy";
        });
        item.addEventListener("click", () => this.onPick(spec.name));
        item.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            this.onPick(spec.name);
          }
        });
        section.append(item);
      }
      this.list.append(section);
    }
    this.filter();
  }

  private filter(): void {
    const q = this.search.value;
    const specs = new Map<string, LayerSpec>();
    for (const cat of this.catalog?.categories ?? []) for (const s of cat.layers) specs.set(s.name, s);
    this.list.querySelectorAll<HTMLElement>(".nnb-palette-category").forEach((section) => {
      let shown = 0;
      section.querySelectorAll<HTMLElement>(".nnb-palette-item").forEach((item) => {
        const spec = specs.get(item.dataset.layer as string);
        const ok = !!spec && matches(spec, q, this.lang);
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      section.hidden = shown === 0;
      if (q.trim()) (section as HTMLDetailsElement).open = true;
    });
  }
}
