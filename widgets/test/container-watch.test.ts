import { describe, expect, it } from "vitest";
import type { Core } from "cytoscape";
import { ContainerWatch, forgetCanvasRect, type WatchEnv } from "../src/editor/container-watch";
import { present } from "./fixtures";

/** A page stand-in: event targets, frames run by hand, observers fired by hand. */
function page() {
  const frames = new Map<number, () => void>();
  let next = 1;
  const observers: { kind: string; cb: () => void; watched: unknown[]; connected: boolean }[] = [];
  const observer = (kind: string) =>
    class {
      private readonly rec: { kind: string; cb: () => void; watched: unknown[]; connected: boolean };
      constructor(cb: () => void) {
        this.rec = { kind, cb, watched: [], connected: true };
        observers.push(this.rec);
      }
      observe(el: unknown) {
        this.rec.watched.push(el);
      }
      disconnect() {
        this.rec.connected = false;
      }
    };
  const win = Object.assign(new EventTarget(), {
    visualViewport: new EventTarget(),
    requestAnimationFrame: (cb: FrameRequestCallback) => {
      frames.set(next, () => cb(0));
      return next++;
    },
    cancelAnimationFrame: (id: number) => void frames.delete(id),
  });
  const body = { tag: "body" };
  const doc = Object.assign(new EventTarget(), { body });
  const env = {
    window: win,
    document: doc,
    ResizeObserver: observer("resize"),
    IntersectionObserver: observer("intersection"),
  } as unknown as WatchEnv;
  const runFrames = () => {
    const due = [...frames.values()];
    frames.clear();
    for (const f of due) f();
  };
  return { env, win, doc, body, observers, runFrames, pendingFrames: () => frames.size };
}

/** A cytoscape stand-in whose renderer counts how often its canvas rectangle is forgotten. */
function canvasCy(size = { w: 300, h: 200 }, withRenderer = true) {
  const calls = { forgotten: 0, resized: 0 };
  const cy = {
    renderer: () =>
      withRenderer
        ? {
            invalidateContainerClientCoordsCache: () => {
              calls.forgotten += 1;
            },
          }
        : {},
    resize: () => {
      calls.resized += 1;
      cy.size = { ...canvas.size };
    },
    width: () => cy.size.w,
    height: () => cy.size.h,
    size: { ...size },
  };
  const canvas = {
    size: { ...size },
    get clientWidth() {
      return canvas.size.w;
    },
    get clientHeight() {
      return canvas.size.h;
    },
  };
  return { cy: cy as unknown as Core, canvas, calls };
}

function watched(opts: { withRenderer?: boolean } = {}) {
  const p = page();
  const c = canvasCy(undefined, opts.withRenderer ?? true);
  const root = { tag: "root" };
  const moves: boolean[] = [];
  const watch = new ContainerWatch(c.cy, {
    canvas: c.canvas as unknown as HTMLElement,
    root: root as unknown as HTMLElement,
    moved: (resized) => moves.push(resized),
    env: p.env,
  });
  return { ...p, ...c, root, moves, watch };
}

describe("the canvas position watcher", () => {
  it("forgets the canvas rectangle on every press, before anything maps it", () => {
    const w = watched();
    for (const type of ["pointerdown", "mousedown", "touchstart"]) w.win.dispatchEvent(new Event(type));
    expect(w.calls.forgotten).toBe(3);
    w.win.dispatchEvent(new Event("pointerdown"));
    expect(w.calls.forgotten).toBe(4); // presses are never throttled
  });

  it("forgets it when anything on the page scrolls, and on window and visual viewport changes", () => {
    const w = watched();
    w.doc.dispatchEvent(new Event("scroll")); // a scroll of any element reaches the document's capture phase
    w.win.dispatchEvent(new Event("resize"));
    w.win.visualViewport.dispatchEvent(new Event("resize"));
    w.win.visualViewport.dispatchEvent(new Event("scroll"));
    w.doc.dispatchEvent(new Event("visibilitychange"));
    expect(w.calls.forgotten).toBe(5);
  });

  it("forgets it at most once per frame while the pointer moves", () => {
    const w = watched();
    for (let i = 0; i < 10; i++) w.win.dispatchEvent(new Event("pointermove"));
    w.win.dispatchEvent(new Event("mousemove"));
    expect(w.calls.forgotten).toBe(1);
    w.runFrames();
    w.win.dispatchEvent(new Event("mousemove"));
    expect(w.calls.forgotten).toBe(2);
  });

  it("watches the canvas, the editor and the page body for size changes and the editor for visibility", () => {
    const w = watched();
    const resize = present(
      w.observers.find((o) => o.kind === "resize"),
      "a ResizeObserver",
    );
    const seen = present(
      w.observers.find((o) => o.kind === "intersection"),
      "an IntersectionObserver",
    );
    expect(resize.watched).toEqual([w.canvas, w.root, w.body]);
    expect(seen.watched).toEqual([w.root]);
    seen.cb();
    expect(w.calls.forgotten).toBe(1);
  });

  it("tells the editor once per frame, and measures cytoscape again when the canvas changed size", () => {
    const w = watched();
    const resize = present(
      w.observers.find((o) => o.kind === "resize"),
      "a ResizeObserver",
    );
    resize.cb();
    w.runFrames();
    expect(w.moves).toEqual([true]); // first measurement
    expect(w.calls.resized).toBe(0); // cytoscape already had that size
    w.canvas.size = { w: 500, h: 260 };
    resize.cb();
    resize.cb();
    w.doc.dispatchEvent(new Event("scroll"));
    expect(w.pendingFrames()).toBe(1);
    w.runFrames();
    expect(w.moves).toEqual([true, true]);
    expect(w.calls.resized).toBe(1);
    expect([w.cy.width(), w.cy.height()]).toEqual([500, 260]);
    w.doc.dispatchEvent(new Event("scroll"));
    w.runFrames();
    expect(w.moves).toEqual([true, true, false]); // moved, same size
  });

  it("falls back to a cytoscape resize when the renderer cannot forget its rectangle", () => {
    const c = canvasCy(undefined, false);
    forgetCanvasRect(c.cy);
    expect(c.calls.resized).toBe(1);
    const w = watched({ withRenderer: false });
    w.win.dispatchEvent(new Event("pointerdown"));
    expect(w.calls.resized).toBe(1);
  });

  it("leaves the page alone once destroyed", () => {
    const w = watched();
    w.doc.dispatchEvent(new Event("scroll"));
    w.watch.destroy();
    expect(w.pendingFrames()).toBe(0);
    expect(w.observers.every((o) => !o.connected)).toBe(true);
    const before = w.calls.forgotten;
    for (const type of ["pointerdown", "mousemove", "resize"]) w.win.dispatchEvent(new Event(type));
    w.doc.dispatchEvent(new Event("scroll"));
    w.win.visualViewport.dispatchEvent(new Event("resize"));
    expect(w.calls.forgotten).toBe(before);
    expect(w.moves).toEqual([]);
  });
});
