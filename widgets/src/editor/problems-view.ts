// The problems list of the active model: each diagnostic with its fixes.
import { clear, h } from "../shared/dom";
import { fixLabel } from "./fix-labels";
import { problemMessage, t } from "./i18n";
import type { Diagnostic } from "./types";
import type { Language } from "../shared/widget";

export interface ProblemsHooks {
  fix(problem: number, fix: number): void;
  focusNode(id: string): void;
}

/** Diagnostics of `model` with their index in node_info.problems. */
/** The problems shown beside `model`: its own, and those of no model on screen (the search section's
 * training ranges, a project without models), which show beside every model. */
export function problemsOf(
  all: Diagnostic[] | undefined,
  model: string,
  nodeIds: Set<string>,
  models: Set<string> = new Set([model]),
): { diagnostic: Diagnostic; index: number }[] {
  const out: { diagnostic: Diagnostic; index: number }[] = [];
  (all ?? []).forEach((d, index) => {
    const named = d.model !== undefined && d.model !== null;
    const mine = named ? d.model === model || !models.has(d.model as string) : !d.node || nodeIds.has(d.node);
    if (mine) out.push({ diagnostic: d, index });
  });
  return out;
}

export class ProblemsView {
  readonly el = h("div", { class: "nnb-problems" });

  constructor(private readonly hooks: ProblemsHooks) {}

  render(items: { diagnostic: Diagnostic; index: number }[], lang: Language): void {
    clear(this.el);
    const errors = items.filter((i) => i.diagnostic.severity === "error").length;
    const heading = h("h3", { class: "nnb-heading", text: t(lang, "problems") });
    if (items.length)
      heading.append(h("span", { class: `nnb-count${errors ? " nnb-count-error" : ""}`, text: ` ${items.length}` }));
    this.el.append(heading);
    if (!items.length) {
      this.el.append(h("p", { class: "nnb-muted nnb-no-problems", text: t(lang, "noProblems") }));
      return;
    }
    const list = h("ul", { class: "nnb-problem-list" });
    for (const { diagnostic: d, index } of items) {
      const sev = d.severity === "error" ? "error" : "warning";
      const li = h("li", {
        class: `nnb-problem nnb-${sev}`,
        "data-node": d.node ?? "",
        "data-index": index,
        "data-code": d.code,
      });
      const where = h("button", {
        type: "button",
        class: "nnb-problem-node",
        text: d.node ?? "—",
        title: d.node ?? "",
      });
      if (d.node) where.addEventListener("click", () => this.hooks.focusNode(d.node as string));
      li.append(
        h("span", { class: "nnb-sev", text: sev === "error" ? "✖" : "⚠", "aria-label": sev }),
        where,
        h("span", { class: "nnb-problem-message", text: problemMessage(d, lang) }),
      );
      (d.fixes ?? []).forEach((fix, j) => {
        const b = h("button", { type: "button", class: "nnb-fix", "data-fix": j, text: fixLabel(fix, lang, d.node) });
        b.addEventListener("click", () => this.hooks.fix(index, j));
        li.append(b);
      });
      list.append(li);
    }
    this.el.append(list);
  }
}
