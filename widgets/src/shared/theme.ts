// Colours from JupyterLab's CSS variables, read at render time, and the
// cytoscape stylesheet built from them.

import type { StylesheetJson } from "cytoscape";

export interface Theme {
  bg: string;
  panel: string;
  text: string;
  muted: string;
  border: string;
  brand: string;
  error: string;
  warn: string;
  font: string;
  dark: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

function luminance(color: string): number {
  const m = /rgba?\((\d+)[, ]+(\d+)[, ]+(\d+)/.exec(color);
  if (m) return (0.299 * +m[1] + 0.587 * +m[2] + 0.114 * +m[3]) / 255;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const s =
      hex[1].length === 3
        ? hex[1]
            .split("")
            .map((c) => c + c)
            .join("")
        : hex[1];
    const n = parseInt(s, 16);
    return (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  }
  return 1;
}

export function readTheme(el: Element): Theme {
  const s = getComputedStyle(el);
  const bg = cssVar(s, "--jp-layout-color0", "#ffffff");
  const probe = getComputedStyle(el).backgroundColor;
  return {
    bg,
    panel: cssVar(s, "--jp-layout-color1", "#ffffff"),
    text: cssVar(s, "--jp-ui-font-color0", "#1f1f1f"),
    muted: cssVar(s, "--jp-ui-font-color2", "#6b6b6b"),
    border: cssVar(s, "--jp-border-color1", "#bdbdbd"),
    brand: cssVar(s, "--jp-brand-color1", "#1976d2"),
    error: cssVar(s, "--jp-error-color1", "#d32f2f"),
    warn: cssVar(s, "--jp-warn-color1", "#f57c00"),
    // cytoscape accepts only unquoted family names
    font: cssVar(s, "--jp-ui-font-family", "system-ui, sans-serif").replace(/['"]/g, ""),
    dark: luminance(probe && probe !== "rgba(0, 0, 0, 0)" ? probe : bg) < 0.45,
  };
}

/** One colour per catalog category; mid tones that read on light and dark. Python's template pictures draw
 * with the same table: test/category-colors.test.ts holds them to Python's (python -m tests.shared_fixtures). */
export const CATEGORY_COLORS: Record<string, string> = {
  core: "#4e79a7",
  convolutional: "#f28e2b",
  pooling: "#59a14f",
  reshaping: "#b07aa1",
  recurrent: "#e15759",
  normalization: "#76b7b2",
  regularization: "#9c755f",
  activations: "#edc948",
  merging: "#ff9da7",
  preprocessing: "#8cd17d",
  attention: "#a0cbe8",
  applications: "#d37295",
  other: "#9d9d9d",
};

export function categoryColor(category: string): string {
  return CATEGORY_COLORS[category] ?? CATEGORY_COLORS.other;
}

/** `size`: 0 small, 1 large (> 800 nodes), 2 huge (> 2000 nodes: edges without arrows). */
export function cytoscapeStyle(theme: Theme, size: number): StylesheetJson {
  const large = size > 0;
  const style: StylesheetJson = [
    {
      selector: "node",
      style: {
        shape: "round-rectangle",
        width: "data(w)",
        height: "data(h)",
        label: "data(label)",
        "text-wrap": "wrap",
        "text-valign": "center",
        "text-halign": "center",
        "font-size": 13,
        "line-height": 1.1,
        "font-family": theme.font,
        color: theme.text,
        "background-color": theme.panel,
        "border-width": 2,
        "border-color": theme.border,
        "min-zoomed-font-size": large ? 9 : 5,
        "text-events": "no",
      },
    },
  ];
  for (const [cat, color] of Object.entries(CATEGORY_COLORS)) {
    style.push({
      selector: `node.cat-${cat}`,
      style: { "border-color": color, "background-color": color, "background-opacity": theme.dark ? 0.28 : 0.16 },
    });
  }
  style.push(
    {
      selector: "node.nnb-warning",
      style: { "border-color": theme.warn, "border-width": 3, "border-style": "dashed" },
    },
    { selector: "node.nnb-error", style: { "border-color": theme.error, "border-width": 3 } },
    {
      selector: "node:selected",
      style: { "overlay-color": theme.brand, "overlay-opacity": 0.18, "overlay-padding": 5, "border-width": 3 },
    },
    {
      selector: "node.nnb-target-ok",
      style: { "overlay-color": theme.brand, "overlay-opacity": 0.25, "overlay-padding": 6 },
    },
    {
      selector: "node.nnb-target-bad",
      style: { "overlay-color": theme.error, "overlay-opacity": 0.25, "overlay-padding": 6 },
    },
    {
      selector: "edge",
      style: {
        width: 1.8,
        "line-color": theme.muted,
        "target-arrow-color": theme.muted,
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.9,
        "curve-style": size > 1 ? "haystack" : large ? "straight" : "bezier",
        "haystack-radius": 0,
      },
    },
    { selector: "edge.nnb-warning", style: { "line-color": theme.warn, "target-arrow-color": theme.warn, width: 3 } },
    { selector: "edge.nnb-error", style: { "line-color": theme.error, "target-arrow-color": theme.error, width: 3 } },
    { selector: "edge:selected", style: { "line-color": theme.brand, "target-arrow-color": theme.brand, width: 3 } },
  );
  return style;
}

/** Calls `changed` whenever JupyterLab switches theme (it changes attributes on <body>); returns a stop. */
export function watchTheme(changed: () => void): () => void {
  const observer = new MutationObserver(() => changed());
  observer.observe(document.body, {
    attributes: true,
    attributeFilter: ["data-jp-theme-name", "data-jp-theme-light", "class", "style"],
  });
  return () => observer.disconnect();
}
