// The inspector: what the selected node is, what check() found, and one
// control per parameter (an activation's with its curve under it).
import { ActivationCurves, activationOf, type CurveModel } from "./activation-curve";
import { placeInsight } from "./inspector-insight";
import { callArgsView, type SetCallArg } from "./call-args-view";
import { formatShape } from "./graph-elements";
import { clear, h } from "../shared/dom";
import { fixLabel } from "./fix-labels";
import { problemMessage, t } from "./i18n";
import { hasOwn } from "../shared/own-key";
import { isOpNode } from "./op-labels";
import { checkInput, takesNull, validateValue, valueText } from "./value-validation";
import { settingsObjectField } from "./settings-object-field";
import type { SearchRangeView } from "./search-range-view";
import { OBJECT_ROLES, type ObjectRole, editable, settingsKinds } from "./settings-object";
import type { Catalog, Diagnostic, LayerSpec, NodeCheck, NodeDoc, ParamSpec } from "./types";
import { type Json, type Language, formatCount } from "../shared/widget";

const NAMED_KINDS = new Set(["activation", "initializer", "regularizer", "constraint"]);

/** Every layer's `trainable` argument (Keras' default: true): the inspector's switch for freezing a layer. */
export const TRAINABLE: ParamSpec = {
  name: "trainable",
  kind: "bool",
  required: false,
  default: true,
  nullable: false,
  key: false,
  advanced: false,
};

/** Whether a node has a trainable switch: every layer and Model node, not an Input or an operation (no weights). */
export function hasTrainableSwitch(node: NodeDoc): boolean {
  return node.layer !== "Input" && !isOpNode(node);
}

export interface InspectorInput {
  node: NodeDoc | null;
  count: number;
  spec: LayerSpec | undefined;
  info: NodeCheck | undefined;
  problems: { diagnostic: Diagnostic; index: number }[];
  catalog: Catalog | null;
  lang: Language;
}

export interface InspectorHooks {
  setParam(node: string, param: ParamSpec, value: Json | undefined): void;
  fix(problem: number, fix: number): void;
  setCall?: SetCallArg;
  /** The search toggle and range editor of number and choice settings. */
  searchRanges?: SearchRangeView;
  /** The editor's model: its `curves` trait holds the activation curves drawn under activation settings, its
   * `insight` trait what the app shows inside the selected node. */
  curves?: CurveModel;
}

export class InspectorView {
  readonly el = h("div", { class: "nnb-inspector", "aria-live": "polite" });
  private errors = new Map<string, { text: string; error: string }>();
  private nodeId: string | null = null;
  private replacing = new Set<string>();
  private readonly curves: ActivationCurves | null;
  private lang: Language = "en";

  constructor(private readonly hooks: InspectorHooks) {
    this.curves = hooks.curves ? new ActivationCurves(hooks.curves) : null;
  }

  /** The `curves` trait changed: redraw the curves shown (one still missing is asked for again). */
  showCurves(): void {
    this.curves?.changed();
    for (const box of this.el.querySelectorAll<HTMLElement>(".nnb-activation-curve")) this.fillCurve(box);
  }

  /** The `insight` trait changed: show it under the node it is about, if that is the one shown. */
  showInsight(): void {
    placeInsight(this.el, this.hooks.curves?.get("insight"), this.nodeId);
  }

  /** The `curves` or `insight` trait changed: redraw what Python sent. */
  showFromPython(): void {
    this.showCurves();
    this.showInsight();
  }

  private rendering = false;
  private again: InspectorInput | null = null;

  render(input: InspectorInput): void {
    // Removing a focused field fires its "change" (blur) which may edit and
    // render again: finish this render first, then draw the latest input.
    if (this.rendering) {
      this.again = input;
      return;
    }
    this.rendering = true;
    try {
      this.draw(input);
    } finally {
      this.rendering = false;
    }
    const next = this.again;
    this.again = null;
    if (next) this.render(next);
  }

  private draw(input: InspectorInput): void {
    const { node, spec, info, lang } = input;
    this.lang = lang;
    if ((node?.id ?? null) !== this.nodeId) {
      this.errors.clear();
      this.replacing.clear();
      this.nodeId = node?.id ?? null;
    }
    const focused = (document.activeElement as HTMLElement | null)?.closest?.(".nnb-field") as HTMLElement | null;
    const focusParam = focused && this.el.contains(focused) ? focused.dataset.param : undefined;
    const focusFactor = focused ? (document.activeElement as HTMLElement).dataset?.factor : undefined;
    const openMore = !!this.el.querySelector<HTMLDetailsElement>("details.nnb-more[open]");
    clear(this.el);
    this.el.append(h("h3", { class: "nnb-heading", text: t(lang, "inspector") }));
    if (!node) {
      this.el.append(
        h("p", {
          class: "nnb-muted",
          text: input.count > 1 ? t(lang, "multiSelection", { n: input.count }) : t(lang, "noSelection"),
        }),
      );
      return;
    }
    const title = node.model ? `${node.layer}: ${node.model}` : (spec?.display ?? node.layer);
    this.el.append(
      h(
        "div",
        { class: "nnb-inspector-title" },
        h("strong", { text: node.id }),
        h("span", { class: "nnb-muted", text: ` · ${title}` }),
      ),
      h("p", {
        class: "nnb-inspector-help",
        text: spec
          ? spec.help?.[lang] || spec.help?.en || ""
          : t(lang, isOpNode(node) ? "opNotInTable" : "layerNotInCatalog"),
      }),
    );
    const shapesIn = info?.input_shapes?.length ? info.input_shapes.map(formatShape).join(" + ") : info ? "—" : "?";
    const total = info ? (info.trainable || 0) + (info.non_trainable || 0) : null;
    const paramsText = info
      ? `${formatCount(total ?? 0)} (${t(lang, "trainable")} ${formatCount(info.trainable || 0)} / ${t(lang, "nonTrainable")} ${formatCount(info.non_trainable || 0)})`
      : "?";
    this.el.append(
      h(
        "dl",
        { class: "nnb-facts" },
        h("dt", { text: t(lang, "shapeIn") }),
        h("dd", { class: "nnb-inspector-shape-in", text: shapesIn }),
        h("dt", { text: t(lang, "shapeOut") }),
        h("dd", { class: "nnb-inspector-shape-out", text: formatShape(info?.output_shape) }),
        h("dt", { text: t(lang, "params") }),
        h("dd", { class: "nnb-inspector-params", text: paramsText }),
      ),
    );
    this.showInsight();
    this.el.append(...callArgsView(node, lang, this.hooks.setCall, spec, input.catalog));
    for (const { diagnostic, index } of input.problems) {
      const box = h(
        "div",
        { class: `nnb-inspector-problem nnb-${diagnostic.severity}` },
        h("span", { text: problemMessage(diagnostic, lang) }),
      );
      (diagnostic.fixes ?? []).forEach((fix, j) => {
        const b = h("button", {
          class: "nnb-inspector-fix",
          type: "button",
          text: fixLabel(fix, lang, diagnostic.node),
        });
        b.addEventListener("click", () => this.hooks.fix(index, j));
        box.append(b);
      });
      this.el.append(box);
    }
    if (hasTrainableSwitch(node)) this.el.append(this.trainableSwitch(node, lang));
    if (!spec) return;
    const basic = h("div", { class: "nnb-fields" });
    const more = h("details", { class: "nnb-more", open: openMore }, h("summary", { text: t(lang, "more") }));
    let advanced = 0;
    for (const p of spec.params) {
      const field = this.field(node, p, input);
      if (p.kind === "activation") this.curveUnder(field, node, p);
      this.hooks.searchRanges?.decorate(field, node, p, input.catalog, input.lang);
      if (p.advanced) {
        more.append(field);
        advanced += 1;
      } else basic.append(field);
    }
    this.el.append(basic);
    if (advanced) this.el.append(more);
    if (focusParam) {
      const where = `.nnb-field[data-param="${CSS.escape(focusParam)}"]`;
      const control = focusFactor
        ? this.el.querySelector<HTMLElement>(`${where} [data-factor="${CSS.escape(focusFactor)}"]`)
        : this.el.querySelector<HTMLElement>(`${where} input, ${where} select`);
      control?.focus();
    }
  }

  /** The curve of the activation an activation setting applies, under its control. */
  private curveUnder(field: HTMLElement, node: NodeDoc, p: ParamSpec): void {
    const name = activationOf(hasOwn(node.config, p.name) ? node.config[p.name] : p.default);
    if (!this.curves || name === null) return;
    const box = h("div", { class: "nnb-activation-curve", "data-name": name });
    this.fillCurve(box);
    field.append(box);
  }

  private fillCurve(box: HTMLElement): void {
    const part = this.curves?.part(box.dataset.name ?? "", this.lang);
    if (!part) return;
    box.dataset.state = part.state;
    if (part.state === "chart") box.innerHTML = part.svg;
    else if (part.state === "later") {
      const load = h("button", { class: "nnb-curve-load", type: "button", text: part.text });
      load.addEventListener("click", () => {
        this.curves?.load(box.dataset.name ?? "");
        this.fillCurve(box);
      });
      box.replaceChildren(load);
    } else
      box.replaceChildren(
        h("span", { class: part.state === "failed" ? "nnb-field-error" : "nnb-muted", text: part.text }),
      );
  }

  /** The Trainable checkbox: unticked writes `trainable: false` (the layer is frozen); ticked removes it. */
  private trainableSwitch(node: NodeDoc, lang: Language): HTMLElement {
    const id = `nnb-f-${Math.random().toString(36).slice(2, 9)}`;
    const box = h("input", { type: "checkbox", id, class: "nnb-trainable-switch" });
    box.checked = node.config.trainable !== false;
    box.addEventListener("change", () => this.hooks.setParam(node.id, TRAINABLE, box.checked));
    return h(
      "div",
      { class: "nnb-field nnb-trainable", "data-param": "trainable", "data-kind": "bool" },
      h("label", { for: id, title: t(lang, "trainableHelp"), text: t(lang, "trainableSwitch") }),
      box,
    );
  }

  private field(node: NodeDoc, p: ParamSpec, input: InspectorInput): HTMLElement {
    const { lang, catalog } = input;
    const key = `${node.id}/${p.name}`;
    const stored = hasOwn(node.config, p.name);
    const value: Json | undefined = stored ? node.config[p.name] : p.required ? undefined : p.default;
    const id = `nnb-f-${Math.random().toString(36).slice(2, 9)}`;
    const field = h("div", { class: "nnb-field", "data-param": p.name, "data-kind": p.kind });
    const label = h(
      "label",
      { for: id, title: (lang === "zh" && p.help_zh) || p.help || "" },
      p.name,
      p.required ? h("span", { class: "nnb-required", text: " *" }) : null,
    );
    field.append(label);
    const errorEl = h("div", { class: "nnb-field-error", role: "alert" });
    const pending = this.errors.get(key);

    const commit = (raw: string | boolean) => {
      const parsed = checkInput(p, raw, catalog, lang);
      if (!parsed.ok) {
        this.errors.set(key, { text: typeof raw === "string" ? raw : String(raw), error: parsed.error });
        errorEl.textContent = parsed.error;
        field.classList.add("nnb-invalid");
        return;
      }
      this.errors.delete(key);
      errorEl.textContent = "";
      field.classList.remove("nnb-invalid");
      // A name Keras cannot build bare (the catalog's `needs_settings`) never gets here: checkInput refuses it
      // typed, and the settings picker writes it as an object with its settings (pickValue).
      this.replacing.delete(key);
      this.hooks.setParam(node.id, p, parsed.value);
    };

    const nullable = takesNull(p);
    const kinds = OBJECT_ROLES.has(p.kind) ? settingsKinds(catalog, p.kind as ObjectRole) : [];
    if (kinds.length && editable(value, kinds) && !this.replacing.has(key)) {
      const box = settingsObjectField({
        param: p,
        role: p.kind as ObjectRole,
        value,
        kinds,
        nullable,
        needsSettings: catalog?.needs_settings ?? [],
        lang,
        id,
        errors: this.errors,
        errorKey: key,
        commit: (v) => {
          const problem = v === null ? null : validateValue(p, v, catalog, lang);
          if (problem) return problem;
          this.hooks.setParam(node.id, p, v);
          return null;
        },
      });
      field.append(box);
      return field;
    }
    let control: HTMLInputElement | HTMLSelectElement;
    const objectValue = value !== null && typeof value === "object" && !Array.isArray(value);
    if (p.kind === "bool") {
      control = h("input", { type: "checkbox", id });
      control.checked = value === true;
      control.addEventListener("change", () => commit((control as HTMLInputElement).checked));
    } else if ((p.kind === "choice" || NAMED_KINDS.has(p.kind)) && !(objectValue && !this.replacing.has(key))) {
      const options: string[] =
        p.kind === "choice" ? (p.choices ?? []).map(String) : [...(catalog?.choices?.[p.kind as "activation"] ?? [])];
      if (typeof value === "string" && !options.includes(value)) options.unshift(value);
      const select = h("select", { id });
      if (nullable) select.append(h("option", { value: "", text: t(lang, "none") }));
      else if (value === undefined) select.append(h("option", { value: "", text: "—" }));
      for (const o of options) select.append(h("option", { value: o, text: o }));
      select.value = value === null || value === undefined || objectValue ? "" : String(value);
      select.addEventListener("change", () => commit(select.value === "" && nullable ? "" : select.value));
      control = select;
    } else if (p.kind === "int" || p.kind === "float") {
      const num = h("input", { type: "number", id, step: p.kind === "int" ? 1 : "any" });
      if (p.min !== undefined) num.min = String(p.min);
      if (p.max !== undefined) num.max = String(p.max);
      num.value = value === null || value === undefined ? "" : String(value);
      num.placeholder = nullable ? t(lang, "none") : p.required ? t(lang, "required") : "";
      num.addEventListener("change", () => {
        if (num.validity.badInput) {
          errorEl.textContent = validateValue(p, "", catalog, lang) ?? ""; // what a number field asks for, in words
          field.classList.add("nnb-invalid");
          return;
        }
        commit(num.value);
      });
      control = num;
    } else {
      const text = h("input", { type: "text", id, spellcheck: "false" });
      text.value = valueText(p, value ?? undefined);
      if (p.kind === "shape") text.placeholder = "28, 28, 1";
      else if (p.kind === "ints") text.placeholder = p.size ? Array(p.size).fill("3").join(", ") : "3";
      else if (p.kind === "size")
        text.placeholder = Array(p.size || 2)
          .fill("28")
          .join(", ");
      else if (nullable) text.placeholder = t(lang, "none");
      text.addEventListener("change", () => commit(text.value));
      text.addEventListener("keydown", (e) => {
        if (e.key === "Enter") text.blur(); // blur fires "change", which commits
      });
      control = text;
      if (objectValue && NAMED_KINDS.has(p.kind)) {
        text.classList.add("nnb-json");
        const replace = h("button", { type: "button", class: "nnb-replace", text: t(lang, "replace") });
        replace.addEventListener("click", () => {
          this.replacing.add(key);
          field.replaceWith(this.field(node, p, input));
        });
        field.append(control, replace, errorEl);
        this.applyPending(control, pending, errorEl, field);
        return field;
      }
    }
    field.append(control, errorEl);
    this.applyPending(control, pending, errorEl, field);
    return field;
  }

  private applyPending(
    control: HTMLInputElement | HTMLSelectElement,
    pending: { text: string; error: string } | undefined,
    errorEl: HTMLElement,
    field: HTMLElement,
  ): void {
    if (!pending) return;
    if (control instanceof HTMLInputElement && control.type !== "checkbox") control.value = pending.text;
    errorEl.textContent = pending.error;
    field.classList.add("nnb-invalid");
  }
}
