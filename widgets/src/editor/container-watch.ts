// Keeps cytoscape's idea of where its canvas sits on the page true.
//
// cytoscape caches the canvas' client rectangle and maps every pointer event
// through it. It forgets the cache only on window resize, on its own resize and
// on scroll of the ancestors it saw when it was built; a widget built before it
// is attached sees none. Anything else that moves the canvas (content above it
// growing, a sidebar, a tab switch, page zoom, an output area scrolling) would
// leave pointer events mapped to the wrong place. This watcher forgets the
// cache on every such change and, so that no click can use an old rectangle
// whatever moved the page, right before cytoscape sees a press or a move.
import type { Core } from "cytoscape";

/** What the watcher needs from the page; the browser's own objects by default. */
export interface WatchEnv {
  window: Pick<
    Window,
    "addEventListener" | "removeEventListener" | "requestAnimationFrame" | "cancelAnimationFrame"
  > & {
    visualViewport?: Pick<EventTarget, "addEventListener" | "removeEventListener"> | null;
  };
  document: Pick<Document, "addEventListener" | "removeEventListener"> & { body?: Element | null };
  ResizeObserver?: new (cb: () => void) => { observe(el: Element): void; disconnect(): void };
  IntersectionObserver?: new (cb: () => void) => { observe(el: Element): void; disconnect(): void };
}

export interface WatchOptions {
  /** The cytoscape container. */
  canvas: HTMLElement;
  /** The editor's root element (its size changes when panes or the page do). */
  root: HTMLElement;
  /** Called once per animation frame after the canvas moved or changed size. */
  moved?: (sized: boolean) => void;
  env?: WatchEnv;
}

// Events after which cytoscape's pointer mapping must be read again before use.
const PRESSES = ["pointerdown", "mousedown", "touchstart"] as const;
const MOVES = ["pointermove", "mousemove", "touchmove"] as const;

interface Renderer {
  invalidateContainerClientCoordsCache?: () => void;
}

/** Forget cytoscape's cached canvas rectangle (the renderer's own way, else a resize). */
export function forgetCanvasRect(cy: Core): void {
  const renderer = (cy as unknown as { renderer?: () => Renderer | undefined }).renderer?.();
  if (renderer && typeof renderer.invalidateContainerClientCoordsCache === "function")
    renderer.invalidateContainerClientCoordsCache();
  else cy.resize();
}

export class ContainerWatch {
  private readonly env: WatchEnv;
  private readonly offs: (() => void)[] = [];
  private frame = 0;
  private sizedInFrame = false;
  private movedInFrame = false;
  private size = { w: -1, h: -1 };
  private destroyed = false;

  constructor(
    private readonly cy: Core,
    private readonly opts: WatchOptions,
  ) {
    this.env = opts.env ?? {
      window,
      document,
      ResizeObserver: typeof ResizeObserver === "undefined" ? undefined : ResizeObserver,
      IntersectionObserver: typeof IntersectionObserver === "undefined" ? undefined : IntersectionObserver,
    };
    const { window: win, document: doc } = this.env;
    const layout = () => this.changed(false);
    const sized = () => this.changed(true);
    const press = () => this.forget();
    const move = () => this.moveSeen();
    const listen = (
      target: Pick<EventTarget, "addEventListener" | "removeEventListener">,
      type: string,
      fn: () => void,
    ) => {
      const o = { capture: true, passive: true };
      target.addEventListener(type, fn, o);
      this.offs.push(() => target.removeEventListener(type, fn, o));
    };
    // A scroll anywhere (scroll events do not bubble, but the capture phase sees them all).
    listen(doc, "scroll", layout);
    listen(doc, "visibilitychange", sized);
    listen(win, "resize", sized);
    if (win.visualViewport) {
      listen(win.visualViewport, "resize", sized);
      listen(win.visualViewport, "scroll", layout);
    }
    // Capture on the window runs before cytoscape's own handlers on its container.
    for (const type of PRESSES) listen(win, type, press);
    for (const type of MOVES) listen(win, type, move);
    listen(win, "dragover", move); // a drag from the palette moves the pointer without pointer events
    if (this.env.ResizeObserver) {
      const ro = new this.env.ResizeObserver(sized);
      ro.observe(opts.canvas);
      ro.observe(opts.root);
      if (doc.body) ro.observe(doc.body);
      this.offs.push(() => ro.disconnect());
    }
    if (this.env.IntersectionObserver) {
      const io = new this.env.IntersectionObserver(sized);
      io.observe(opts.root);
      this.offs.push(() => io.disconnect());
    }
  }

  /** Forget the cached rectangle now. */
  forget(): void {
    if (this.destroyed) return;
    forgetCanvasRect(this.cy);
  }

  /** Something may have moved or resized the canvas: forget now, tell the editor once per frame. */
  changed(sized: boolean): void {
    if (this.destroyed) return;
    this.forget();
    this.sizedInFrame ||= sized;
    this.schedule();
  }

  /** A pointer moved: forget the rectangle at most once per frame (the first move may start a drag). */
  private moveSeen(): void {
    if (this.movedInFrame || this.destroyed) return;
    this.movedInFrame = true;
    this.forget();
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = this.env.window.requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.frame = 0;
    this.movedInFrame = false;
    if (this.destroyed) return;
    const sized = this.sizedInFrame;
    this.sizedInFrame = false;
    let resized = false;
    if (sized) {
      const w = this.opts.canvas.clientWidth;
      const h = this.opts.canvas.clientHeight;
      if (w !== this.size.w || h !== this.size.h) {
        this.size = { w, h };
        // cytoscape waits 100 ms before it measures itself again; extents and fits need the size now.
        if (w !== this.cy.width() || h !== this.cy.height()) this.cy.resize();
        resized = true;
      }
    }
    this.opts.moved?.(resized);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.frame) this.env.window.cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const off of this.offs.splice(0)) off();
  }
}
