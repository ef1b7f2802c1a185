// The editor widget: wires the synced model, cytoscape and the panes.
import type { Core } from "cytoscape";
import { indexCatalog, jsonEqual, type SpecIndex } from "./catalog-index";
import { createCanvas, maxNodes, onDragEnd, syncCanvas } from "./canvas-sync";
import { type Clip, copyNodes, pasteClip } from "./clipboard";
import { edgesWithIds } from "./graph-elements";
import { slotStyle } from "./slot-style";
import { readThumbnails, thumbnailStyle } from "./thumbnails";
import { setCallArg } from "./call-args";
import { canConnect } from "./connection-rules";
import { ProblemTooltip } from "./problem-tooltip";
import { shortcutHandler } from "./shortcuts";
import { keepKeyboard } from "./keyboard-focus";
import { focusNode, selectOnly, syncSelection } from "./selection-sync";
import { allInView, fitNodes } from "./viewport";
import { ContainerWatch } from "./container-watch";
import { EdgeHandle } from "./edge-handle";
import { type Action, buildShell, labelButtons } from "./editor-shell";
import {
  addEdge,
  addNode,
  deleteEdges,
  deleteNodes,
  freeSpot,
  isAnotherProject,
  moveNodes,
  setParam,
} from "./graph-edits";
import { arrangedPositions } from "./arrange";
import { problemMessage, t } from "./i18n";
import { InspectorView } from "./inspector-view";
import { searchTools } from "./search-tools";
import { Overview } from "./overview";
import { acceptPaletteDrops, PaletteView } from "./palette-view";
import { paletteNode } from "./palette-entries";
import { indexOps, inspectedSpec, type OpIndex } from "./op-specs";
import { ProblemsView, problemsOf } from "./problems-view";
import { StatusLine } from "./status-line";
import { ModelTabs } from "./model-tabs";
import { firstToHandle } from "../shared/once";
import { cytoscapeStyle, readTheme, watchTheme } from "../shared/theme";
import { UndoStack } from "./undo-stack";
import type { Catalog, ModelDoc, NodeInfo, ParamSpec, ProjectDoc } from "./types";
import { type Json, type WidgetModel, asLanguage } from "../shared/widget";

let clipboard: Clip | null = null; // shared by every editor on the page
const LARGE = 800;

export function renderEditor(model: WidgetModel, el: HTMLElement): () => void {
  const shell = buildShell();
  const { root } = shell;
  el.append(root);

  // The traits as Python writes them (nnbuilder/ui/editor.py validates `graph` on its side).
  const catalog = () => model.get("catalog") as Catalog | null;
  let current: ProjectDoc = (model.get("graph") as ProjectDoc | null) ?? { models: {} };
  let specs: SpecIndex = indexCatalog(catalog());
  let ops: OpIndex = indexOps(catalog());
  const undo = new UndoStack<ProjectDoc>(500);
  const dragging = new Set<string>();
  let drawnModel: string | null = null;
  let theme = readTheme(root);
  const sizeClass = (n: number) => (n > 2000 ? 2 : n > LARGE ? 1 : 0);
  let large = sizeClass(current.models?.[activeName()]?.nodes?.length ?? 0);
  let lastEdit = -Infinity;

  const lang = () => asLanguage(model.get("language"));
  const info = (): NodeInfo | null => (model.get("node_info") as NodeInfo | null) ?? null;
  function activeName(): string {
    const names = Object.keys(current?.models ?? {});
    const wanted = model.get("active_model");
    return typeof wanted === "string" && names.includes(wanted) ? wanted : (names[0] ?? "");
  }
  const activeModel = (): ModelDoc => current.models?.[activeName()] ?? { nodes: [], edges: [] };
  const infos = () => info()?.models?.[activeName()];
  const thumbs = () => readThumbnails(model.get("thumbnails")); // pictures on the nodes, never in the document

  const canvasStyle = () => [...cytoscapeStyle(theme, large), ...slotStyle(theme), ...thumbnailStyle()];
  const cy: Core = createCanvas(shell.canvas, canvasStyle(), maxNodes(current));

  const status = new StatusLine(shell.status, lang);

  // ------------------------------------------------------------ drawing
  const palette = new PaletteView((layer) => addFromPalette(layer));
  shell.paletteHost.append(palette.el);
  const inspector = new InspectorView({
    setParam: (node, p, v) => editParam(node, p, v),
    fix: (i, j) => sendFix(i, j),
    setCall: (node, name, value) => commit(setCallArg(current, activeName(), node, name, value)),
    searchRanges: searchTools(cy, shell.canvasWrap, model, { project: () => current, model: activeName, commit }),
    curves: model,
  });
  shell.inspectorHost.append(inspector.el);
  const problems = new ProblemsView({ fix: (i, j) => sendFix(i, j), focusNode: (id) => focusNode(cy, id) });
  shell.problemsHost.append(problems.el);
  const tabs = new ModelTabs(shell.tabs, (name) => openModel(name));
  const overview = new Overview(cy, shell.canvasWrap, theme);
  const tooltip = new ProblemTooltip(cy, shell.tooltip, shell.canvasWrap, (id) =>
    (infos()?.[id]?.problems ?? []).map((p) => ({ ...p, message: problemMessage(p, lang()) })),
  );
  // A fit asked for while the canvas had no size (hidden, not yet attached) happens once it has one.
  let fitPending = false;
  const watch = new ContainerWatch(cy, {
    canvas: shell.canvas,
    root,
    moved: (resized) => {
      if (resized && fitPending) fit();
      if (resized) tooltip.update();
    },
  });
  const handle = new EdgeHandle(cy, shell.canvasWrap, {
    check: (s, tg) => canConnect(activeModel(), specs, infos(), s, tg, lang(), ops),
    connect: (s, tg, { port, arg }) => {
      commit(addEdge(current, activeName(), { source: s, target: tg, port, ...(arg ? { arg } : {}) }));
      status.tell("connected", { s, t: tg });
    },
    status: (text) => status.show(text, text ? "error" : ""),
    enabled: () => true,
  });

  function applyTheme(): void {
    const next = readTheme(root);
    if (jsonEqual(next, theme)) return;
    theme = next;
    cy.style(canvasStyle());
    overview.setTheme(theme);
  }

  function drawCanvas(): void {
    const name = activeName();
    const m = activeModel();
    const rebuild = drawnModel !== name;
    const nowLarge = sizeClass(m.nodes.length);
    if (nowLarge !== large) {
      large = nowLarge;
      cy.style(canvasStyle());
    }
    syncCanvas(cy, m, specs, infos(), rebuild, dragging, lang(), thumbs());
    if (rebuild) {
      drawnModel = name;
      fit();
    }
    overview.refresh();
    tooltip.update();
    shell.hint.style.display = m.nodes.length ? "none" : "block";
    shell.stats.textContent = t(lang(), "nodes", { n: m.nodes.length });
  }

  function drawSide(): void {
    const m = activeModel();
    const ids = new Set(m.nodes.map((n) => n.id));
    const items = problemsOf(info()?.problems, activeName(), ids, new Set(Object.keys(current.models ?? {})));
    problems.render(items, lang());
    const selected = cy.$("node:selected");
    const node = selected.length === 1 ? (m.nodes.find((n) => n.id === selected[0].id()) ?? null) : null;
    inspector.render({
      node,
      count: selected.length,
      spec: node ? inspectedSpec(node, specs, ops, m) : undefined,
      info: node ? infos()?.[node.id] : undefined,
      problems: node ? items.filter((i) => i.diagnostic.node === node.id) : [],
      catalog: catalog() as Catalog,
      lang: lang(),
    });
    shell.buttons.undo.disabled = !undo.canUndo;
    shell.buttons.redo.disabled = !undo.canRedo;
    const none = selected.length === 0 && cy.$("edge:selected").length === 0;
    shell.buttons.delete.disabled = none;
    shell.buttons.copy.disabled = selected.length === 0;
    shell.buttons.paste.disabled = !clipboard;
  }

  function redraw(): void {
    overview.el.title = t(lang(), "overview");
    handle.handle.title = t(lang(), "dragToConnect");
    tabs.render(Object.keys(current.models ?? {}), activeName());
    drawCanvas();
    drawSide();
  }

  function openModel(name: string): void {
    model.set("active_model", name);
    model.save_changes();
    redraw();
  }

  const fit = () => {
    fitPending = !fitNodes(cy, 20, overview.corner());
  };

  // ------------------------------------------------------------ edits
  function commit(next: ProjectDoc, select?: string[]): void {
    if (next === current) return;
    status.clear();
    lastEdit = performance.now();
    undo.record(current);
    current = next;
    model.set("graph", next);
    model.save_changes();
    redraw();
    if (select) selectOnly(cy, select);
  }

  const spot = (x: number, y: number) => freeSpot(activeModel(), x, y);

  /** Add the node of palette key `key` (a layer name or "Op:<op>"); false when the catalog lacks it. */
  function addAt(key: string, x: number, y: number, from?: string): boolean {
    const made = activeName() ? paletteNode(key, specs, ops, activeModel(), x, y, from) : null;
    if (!made) return false;
    commit(addNode(current, activeName(), made.node, made.edge), [made.node.id]);
    return true;
  }

  function addFromPalette(key: string): void {
    const sel = cy.$("node:selected");
    if (sel.length === 1) {
      const p = sel[0].position();
      const [x, y] = spot(p.x, p.y + 90);
      addAt(key, x, y, sel[0].id());
    } else {
      const ext = cy.extent();
      const [x, y] = spot((ext.x1 + ext.x2) / 2, (ext.y1 + ext.y2) / 2);
      addAt(key, x, y);
    }
  }

  function deleteSelection(): void {
    const nodes = cy.$("node:selected").map((n) => n.id());
    // the document's own edges, so what is matched carries its output and arg
    const edges = edgesWithIds(
      activeModel(),
      cy.$("edge:selected").map((e) => e.id()),
    );
    let next = deleteNodes(current, activeName(), nodes);
    if (edges.length) next = deleteEdges(next, activeName(), edges);
    commit(next);
  }

  function copy(): void {
    const ids = cy.$("node:selected").map((n) => n.id());
    if (!ids.length) return;
    clipboard = copyNodes(activeModel(), ids);
    status.tell("copied", { n: ids.length });
    drawSide();
  }

  function paste(): void {
    if (!clipboard || !activeName()) return;
    const { project, ids } = pasteClip(current, activeName(), clipboard, 40);
    clipboard = {
      ...clipboard,
      nodes: clipboard.nodes.map((n) => ({ ...n, pos: [n.pos[0] + 40, n.pos[1] + 40] as [number, number] })),
    };
    commit(project, ids);
  }

  function step(which: "undo" | "redo"): void {
    const doc = which === "undo" ? undo.undo(current) : undo.redo(current);
    if (!doc) {
      status.tell(which === "undo" ? "undoneNothing" : "redoneNothing");
      return;
    }
    status.clear();
    const replaced = isAnotherProject(current, doc);
    current = doc;
    lastEdit = -Infinity; // a refusal of an undo step is not undone twice
    model.set("graph", doc);
    model.save_changes();
    redraw();
    // Stepping back over a project load (or to nodes out of sight) shows the whole graph again.
    if (replaced || !allInView(cy, overview.corner())) fit();
  }

  function layout(): void {
    if (cy.nodes().empty()) return;
    commit(moveNodes(current, activeName(), arrangedPositions(cy)));
    fit();
  }

  function editParam(node: string, p: ParamSpec, value: Json | undefined): void {
    commit(setParam(current, activeName(), node, p.name, value, p.required ? undefined : p.default, p.required));
  }

  function sendFix(problem: number, fix: number): void {
    model.send({ type: "fix", problem, fix });
  }

  const run: Record<Action, () => void> = {
    undo: () => step("undo"),
    redo: () => step("redo"),
    delete: deleteSelection,
    copy,
    paste,
    layout,
    fit,
  };
  for (const [a, fn] of Object.entries(run)) shell.buttons[a as Action].addEventListener("click", fn);

  // ------------------------------------------------------------ canvas events
  const stopMoves = onDragEnd(cy, dragging, (positions) => commit(moveNodes(current, activeName(), positions)));
  const stopSelection = syncSelection(cy, model, () => drawSide());
  cy.on("dbltap", "node", (e) => {
    const ref = activeModel().nodes.find((n) => n.id === e.target.id())?.model;
    if (ref && current.models[ref]) openModel(ref);
  });

  acceptPaletteDrops(shell.canvasWrap, cy, (key, x, y) => {
    if (!addAt(key, x, y)) return false;
    root.focus({ preventScroll: true });
    return true;
  });

  // ------------------------------------------------------------ keyboard
  const onKey = shortcutHandler({
    delete: deleteSelection,
    undo: () => step("undo"),
    redo: () => step("redo"),
    copy,
    paste,
    selectAll: () => cy.nodes().select(),
    unselect: () => cy.elements(":selected").unselect(),
  });
  keepKeyboard(root, cy, shell.canvasWrap, onKey);

  // ------------------------------------------------------------ model events
  const onGraph = () => {
    const g = model.get("graph") as ProjectDoc;
    if (!g || g === current) return;
    // A refusal puts back the document from before our last edit, promptly.
    if (!jsonEqual(g, current)) undo.external(current, g, performance.now() - lastEdit < 3000);
    lastEdit = -Infinity;
    const replaced = isAnotherProject(current, g);
    status.graphArrived();
    current = g;
    redraw();
    if (replaced) fit();
  };
  const onInfo = () => {
    drawCanvas();
    drawSide();
  };
  const onCatalog = () => {
    specs = indexCatalog(catalog());
    ops = indexOps(catalog());
    palette.render(catalog(), lang());
    onInfo();
  };
  const onLanguage = () => {
    labelButtons(shell, lang());
    palette.render(catalog(), lang());
    status.relabel();
    redraw();
  };
  const onMsg = (msg: { type?: unknown; id?: unknown; reason?: unknown; message?: unknown } | null) => {
    if (!msg || typeof msg !== "object" || status.fromPython(msg)) return;
    // Python's undo()/redo(): one view of the page steps, as its toolbar button would.
    if ((msg.type === "undo" || msg.type === "redo") && firstToHandle(msg.id)) step(msg.type);
  };
  const listeners: [string, (...a: never[]) => void][] = [
    ["change:graph", onGraph],
    ["change:node_info", onInfo],
    ["change:thumbnails", drawCanvas],
    ["change:curves change:insight", () => inspector.showFromPython()],
    ["change:catalog", onCatalog],
    ["change:language", onLanguage],
    ["change:active_model", redraw],
    ["msg:custom", onMsg],
  ];
  for (const [name, fn] of listeners) model.on(name, fn);

  const stopTheme = watchTheme(() => applyTheme());

  // ------------------------------------------------------------ first draw
  labelButtons(shell, lang());
  palette.render(catalog(), lang());
  redraw();
  const ready = new Promise<void>((resolve) => {
    requestAnimationFrame(() => {
      applyTheme(); // the element is in the document now: CSS variables resolve
      cy.resize();
      if (drawnModel) fit();
      overview.refresh();
      requestAnimationFrame(() => resolve());
    });
  });
  const handleObj = { cy, ready };
  for (const host of [root, el]) (host as HTMLElement & { nnb?: unknown }).nnb = handleObj;

  return () => {
    for (const [name, fn] of listeners) model.off(name, fn);
    stopTheme();
    watch.destroy();
    stopMoves();
    stopSelection();
    handle.destroy();
    overview.destroy();
    cy.destroy();
    root.remove();
  };
}
