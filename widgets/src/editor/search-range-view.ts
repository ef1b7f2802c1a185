// The inspector's search toggle beside a number or choice setting, and the range editor under it: turning the
// toggle on adds a range for the setting to the project's search section, turning it off removes it; each change
// is one edit of the document (so one undo step), checked as it is typed and judged by Python when it arrives.
import { h } from "../shared/dom";
import { hasOwn } from "../shared/own-key";
import { t } from "./i18n";
import { BADGE_ICON } from "./search-badges";
import {
  byChoices,
  choiceOptions,
  describe,
  parseNumber,
  parseValues,
  problemText,
  rangeProblem,
  type SearchCatalog,
  searchable,
  starterRange,
} from "./search-range-rules";
import { dropRange, putRange, rangeOf, type SearchRange } from "./search-ranges";
import type { NodeDoc, ParamSpec, ProjectDoc } from "./types";
import type { Json, Language } from "../shared/widget";

export interface SearchHooks {
  project(): ProjectDoc;
  model(): string;
  commit(next: ProjectDoc): void;
}

/** What was typed into a range editor and refused, kept across redraws until it is fixed or the range changes. */
interface Pending {
  texts: Record<string, string>;
  error: string;
  /** The range the document held then: once it changes (an undo, Python), what was typed is forgotten. */
  base: string;
}

/** A range as typed: low, high and step may still be text that is not a number. */
type TypedRange = { values?: Json[]; low?: Json; high?: Json; log?: boolean; step?: Json; type?: "int" | "float" };

const numberText = (v: Json | undefined): string => (v === undefined || v === null ? "" : String(v));

export class SearchRangeView {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly hooks: SearchHooks) {}

  /** Add the toggle (and, when the setting is searched, its range editor) to the inspector's `field`. */
  decorate(field: HTMLElement, node: NodeDoc, p: ParamSpec, catalog: SearchCatalog | null, lang: Language): void {
    if (!searchable(p) || !this.hooks.model()) return;
    const model = this.hooks.model();
    const range = rangeOf(this.hooks.project(), model, node.id, p.name);
    const value = hasOwn(node.config, p.name) ? node.config[p.name] : p.default;
    const key = `${model}/${node.id}/${p.name}`;
    const toggle = h("button", {
      type: "button",
      class: "nnb-search-toggle",
      "aria-pressed": range ? "true" : "false",
      "data-factor": "search.toggle",
      title: t(lang, range ? "searchOff" : "searchOn", { param: p.name }),
      "aria-label": t(lang, range ? "searchOff" : "searchOn", { param: p.name }),
      text: BADGE_ICON,
    });
    toggle.addEventListener("click", () => {
      this.pending.delete(key);
      const project = this.hooks.project();
      if (range) this.hooks.commit(dropRange(project, model, node.id, p.name));
      else {
        const start = { ...starterRange(p, value, catalog), target: { model, node: node.id, param: p.name } };
        this.hooks.commit(putRange(project, start, catalog?.search?.defaults ?? {}));
      }
    });
    field.classList.add("nnb-searchable");
    const label = field.querySelector(":scope > label");
    if (label) label.after(toggle);
    else field.prepend(toggle);
    if (range) field.append(this.editor(key, node, p, range, catalog, lang));
  }

  private editor(
    key: string,
    node: NodeDoc,
    p: ParamSpec,
    range: SearchRange,
    catalog: SearchCatalog | null,
    lang: Language,
  ): HTMLElement {
    const box = h("div", {
      class: "nnb-search-range",
      role: "group",
      "aria-label": t(lang, "searchRangeOf", { param: p.name }),
    });
    const error = h("div", { class: "nnb-field-error nnb-search-error", role: "alert" });
    const base = JSON.stringify(range);
    const kept = this.pending.get(key);
    const pending = kept?.base === base ? kept : undefined;
    const model = this.hooks.model();
    const show = (message: string) => {
      error.textContent = message;
      box.classList.toggle("nnb-invalid", message !== "");
    };
    /** Check `next` (from the texts `texts`); commit it when Python will take it, else keep what was typed. */
    const offer = (next: TypedRange, texts: Record<string, string>, commit: boolean) => {
      const problem = rangeProblem(p, next, catalog, lang);
      const message = problem ? problemText(p.name, problem, lang) : "";
      show(message);
      if (!commit) return;
      if (problem) {
        if (Object.keys(texts).length) this.pending.set(key, { texts, error: message, base }); // typed, not ticked
        return;
      }
      this.pending.delete(key);
      const target = { model, node: node.id, param: p.name };
      const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined && v !== false));
      const checked = { target, ...clean } as SearchRange; // rangeProblem found every number a number
      this.hooks.commit(putRange(this.hooks.project(), checked, catalog?.search?.defaults ?? {}));
    };

    if (byChoices(p)) {
      const chosen = range.values ?? [];
      const options = choiceOptions(p, catalog);
      for (const v of chosen) if (!options.some((o) => o === v)) options.push(v);
      const list = h("div", { class: "nnb-search-choices" });
      const boxes: [HTMLInputElement, Json][] = [];
      for (const option of options) {
        const tick = h("input", { type: "checkbox", "data-factor": `search.value.${String(option)}` });
        tick.checked = chosen.some((v) => v === option);
        boxes.push([tick, option]);
        list.append(h("label", { class: "nnb-search-choice" }, tick, ` ${String(option)}`));
        tick.addEventListener("change", () => {
          const values = boxes.filter(([b]) => b.checked).map(([, o]) => o);
          offer({ values }, {}, true);
        });
      }
      box.append(list, error);
      return box;
    }

    const listMode = range.values !== undefined;
    const mode = h("select", { class: "nnb-search-mode", "data-factor": "search.mode" });
    mode.append(
      h("option", { value: "range", text: t(lang, "searchModeRange") }),
      h("option", { value: "list", text: t(lang, "searchModeList") }),
    );
    mode.value = listMode ? "list" : "range";
    mode.addEventListener("change", () => {
      this.pending.delete(key);
      const current = p.default === null ? undefined : p.default;
      const value = hasOwn(node.config, p.name) ? node.config[p.name] : current;
      const { target: _t, ...start } = starterRange(p, value, catalog);
      offer(mode.value === "list" ? { values: value === undefined ? [] : [value] } : start, {}, true);
    });
    box.append(this.row(t(lang, "searchMode"), mode));

    const input = (name: string, text: string) => {
      const el = h("input", { type: "text", class: `nnb-search-${name}`, "data-factor": `search.${name}` });
      el.value = pending?.texts[name] ?? text;
      el.spellcheck = false;
      el.addEventListener("keydown", (e) => {
        if (e.key === "Enter") el.blur(); // blur fires "change", which commits
      });
      return el;
    };
    if (listMode) {
      const values = input(
        "values",
        (range.values ?? []).map((v) => (typeof v === "string" ? v : describe(v))).join(", "),
      );
      values.placeholder = p.kind === "int" ? "32, 64, 128" : "0.1, 0.2, 0.5";
      const read = (commit: boolean) =>
        offer({ values: parseValues(p, values.value) }, { values: values.value }, commit);
      values.addEventListener("input", () => read(false));
      values.addEventListener("change", () => read(true));
      box.append(this.row(t(lang, "searchValues"), values), error);
      if (pending) show(pending.error);
      return box;
    }
    const low = input("low", numberText(range.low));
    const high = input("high", numberText(range.high));
    const step = input("step", numberText(range.step));
    step.placeholder = t(lang, "searchStepNone");
    const log = h("input", { type: "checkbox", class: "nnb-search-log", "data-factor": "search.log" });
    log.checked = range.log === true;
    const read = (commit: boolean) => {
      const next: TypedRange = {
        low: parseNumber(low.value),
        high: parseNumber(high.value),
        log: log.checked,
        step: parseNumber(step.value),
        ...(p.kind === "float" ? { type: "float" as const } : {}),
      };
      offer(next, { low: low.value, high: high.value, step: step.value }, commit);
    };
    for (const el of [low, high, step]) {
      el.addEventListener("input", () => read(false));
      el.addEventListener("change", () => read(true));
    }
    log.addEventListener("change", () => read(true));
    box.append(
      this.row(t(lang, "searchLow"), low),
      this.row(t(lang, "searchHigh"), high),
      this.row(t(lang, "searchStep"), step),
      h("label", { class: "nnb-search-log-row" }, log, ` ${t(lang, "searchLog")}`),
      error,
    );
    if (pending) show(pending.error);
    return box;
  }

  private row(name: string, control: HTMLElement): HTMLElement {
    return h("label", { class: "nnb-search-row" }, h("span", { class: "nnb-search-name", text: name }), control);
  }
}
