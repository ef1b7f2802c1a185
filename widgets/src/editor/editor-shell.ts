// The static frame of the editor: toolbar, tabs, three panes, problems, status.
import { h } from "../shared/dom";
import { t } from "./i18n";
import type { Language } from "../shared/widget";

export const ACTIONS = ["undo", "redo", "delete", "copy", "paste", "layout", "fit"] as const;
export type Action = (typeof ACTIONS)[number];

const ICONS: Record<Action, string> = { undo: "↶", redo: "↷", delete: "✕", copy: "", paste: "", layout: "⇵", fit: "⤢" };
const KEYS: Record<Action, string> = {
  undo: "Ctrl+Z",
  redo: "Ctrl+Shift+Z",
  delete: "Del",
  copy: "Ctrl+C",
  paste: "Ctrl+V",
  layout: "",
  fit: "",
};

export interface Shell {
  root: HTMLDivElement;
  toolbar: HTMLDivElement;
  buttons: Record<Action, HTMLButtonElement>;
  tabs: HTMLDivElement;
  paletteHost: HTMLDivElement;
  canvasWrap: HTMLDivElement;
  canvas: HTMLDivElement;
  tooltip: HTMLDivElement;
  inspectorHost: HTMLDivElement;
  problemsHost: HTMLDivElement;
  status: HTMLDivElement;
  stats: HTMLSpanElement;
  hint: HTMLDivElement;
}

export function buildShell(): Shell {
  const root = h("div", { class: "nnb-editor", tabindex: 0, "data-lm-suppress-shortcuts": "true" });
  const toolbar = h("div", { class: "nnb-toolbar", role: "toolbar" });
  const buttons = {} as Record<Action, HTMLButtonElement>;
  for (const a of ACTIONS) {
    const b = h("button", { type: "button", class: "nnb-button", "data-action": a });
    buttons[a] = b;
    toolbar.append(b);
    if (a === "redo" || a === "paste") toolbar.append(h("span", { class: "nnb-sep" }));
  }
  const stats = h("span", { class: "nnb-stats" });
  toolbar.append(h("span", { class: "nnb-spacer" }), stats);
  const tabs = h("div", { class: "nnb-tabs", role: "tablist" });
  const paletteHost = h("div", { class: "nnb-pane nnb-pane-left" });
  const canvas = h("div", { class: "nnb-canvas" });
  const tooltip = h("div", { class: "nnb-tooltip", role: "tooltip" });
  const hint = h("div", { class: "nnb-hint" });
  const canvasWrap = h("div", { class: "nnb-canvas-wrap" }, canvas, tooltip, hint);
  const inspectorHost = h("div", { class: "nnb-pane nnb-pane-right" });
  const main = h("div", { class: "nnb-main" }, paletteHost, canvasWrap, inspectorHost);
  const problemsHost = h("div", { class: "nnb-problems-host" });
  const status = h("div", { class: "nnb-status", role: "status", "aria-live": "polite" });
  root.append(toolbar, tabs, main, problemsHost, status);
  return {
    root,
    toolbar,
    buttons,
    tabs,
    paletteHost,
    canvasWrap,
    canvas,
    tooltip,
    inspectorHost,
    problemsHost,
    status,
    stats,
    hint,
  };
}

export function labelButtons(shell: Shell, lang: Language): void {
  for (const a of ACTIONS) {
    const b = shell.buttons[a];
    const text = t(lang, a);
    b.textContent = "";
    if (ICONS[a]) b.append(h("span", { class: "nnb-icon", "aria-hidden": "true", text: ICONS[a] }));
    b.append(h("span", { text }));
    b.title = KEYS[a] ? `${text} (${KEYS[a]})` : text;
  }
  shell.hint.textContent = t(lang, "dropHint");
}
