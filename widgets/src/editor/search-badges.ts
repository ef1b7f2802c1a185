// The badge on each node whose settings the project's search tries: a die with how many, at the node's
// top right corner, following the node as the view pans, zooms or the node moves; hovering it names the settings.
import type { Core } from "cytoscape";
import { h } from "../shared/dom";
import { t } from "./i18n";
import { searchedSettings } from "./search-ranges";
import type { ProjectDoc } from "./types";
import type { Language } from "../shared/widget";

export const BADGE_ICON = "⚄"; // a die: the values are drawn by the search

/** What hovering a badge says: the searched settings of the node, in `lang`. */
export function badgeTitle(params: string[], lang: Language): string {
  return t(lang, "searchedSettings", { names: params.join(", ") });
}

export class SearchBadges {
  private readonly layer = h("div", { class: "nnb-search-badges", "aria-hidden": "false" });
  private readonly badges = new Map<string, HTMLElement>();
  private readonly place = () => this.placeAll();

  constructor(
    private readonly cy: Core,
    host: HTMLElement,
    private readonly select: (node: string) => void,
  ) {
    host.append(this.layer);
    cy.on("render", this.place);
  }

  /** Show one badge per searched node of `model` (and drop the others). */
  render(project: ProjectDoc, model: string, lang: Language): void {
    const searched = searchedSettings(project, model);
    for (const [id, el] of this.badges) {
      if (!searched.has(id)) {
        el.remove();
        this.badges.delete(id);
      }
    }
    for (const [id, params] of searched) {
      let el = this.badges.get(id);
      if (!el) {
        el = h("button", { type: "button", class: "nnb-search-badge", "data-node": id, tabindex: -1 });
        el.addEventListener("click", () => this.select(id));
        this.layer.append(el);
        this.badges.set(id, el);
      }
      const title = badgeTitle(params, lang);
      el.textContent = `${BADGE_ICON}${params.length}`;
      el.title = title;
      el.setAttribute("aria-label", title);
      el.dataset.count = String(params.length);
    }
    this.placeAll();
  }

  private placeAll(): void {
    for (const [id, el] of this.badges) {
      const n = this.cy.getElementById(id);
      if (n.empty()) {
        el.style.display = "none";
        continue;
      }
      const bb = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
      el.style.display = "";
      el.style.transform = `translate(${Math.round(bb.x2 - el.offsetWidth * 0.7)}px, ${Math.round(bb.y1 - el.offsetHeight * 0.5)}px)`;
    }
  }

  destroy(): void {
    this.cy.off("render", this.place);
    this.layer.remove();
  }
}
