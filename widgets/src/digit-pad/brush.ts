// The digit pad's drawing, kept free of the DOM so it can be tested: a square grid of values in 0..1
// (row by row), painted with a soft round brush along the pointer's path.

/** How the brush paints: `radius` in cells (full ink inside `core`, fading to nothing at `radius`). */
export interface Brush {
  radius: number;
  core: number;
}

export const DEFAULT_BRUSH: Brush = { radius: 1.6, core: 0.6 };

export function blankGrid(size: number): number[] {
  return new Array<number>(size * size).fill(0);
}

/** The ink a brush centred at (x, y) (in cells, fractional) leaves on the cell at (column, row). */
export function inkAt(brush: Brush, x: number, y: number, column: number, row: number): number {
  const distance = Math.hypot(column + 0.5 - x, row + 0.5 - y);
  if (distance <= brush.core) return 1;
  if (distance >= brush.radius) return 0;
  return 1 - (distance - brush.core) / (brush.radius - brush.core);
}

/** `grid` with a dab of the brush at (x, y); ink only adds up to 1, it never lightens a cell. Returns whether
 * any cell changed. */
export function dab(grid: number[], size: number, brush: Brush, x: number, y: number): boolean {
  let changed = false;
  const reach = Math.ceil(brush.radius);
  const firstRow = Math.max(0, Math.floor(y) - reach);
  const lastRow = Math.min(size - 1, Math.floor(y) + reach);
  const firstColumn = Math.max(0, Math.floor(x) - reach);
  const lastColumn = Math.min(size - 1, Math.floor(x) + reach);
  for (let row = firstRow; row <= lastRow; row++) {
    for (let column = firstColumn; column <= lastColumn; column++) {
      const ink = inkAt(brush, x, y, column, row);
      const index = row * size + column;
      if (ink > grid[index]) {
        grid[index] = ink;
        changed = true;
      }
    }
  }
  return changed;
}

/** Dabs from (x0, y0) to (x1, y1), close enough together that a fast stroke leaves no gaps. */
export function stroke(grid: number[], size: number, brush: Brush, x0: number, y0: number, x1: number, y1: number) {
  const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 0.25));
  let changed = false;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    changed = dab(grid, size, brush, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) || changed;
  }
  return changed;
}

/** Where a pointer at (clientX, clientY) falls on a pad drawn in `rect`, in cells (fractional). */
export function cellPoint(
  rect: { left: number; top: number; width: number; height: number },
  size: number,
  clientX: number,
  clientY: number,
): { x: number; y: number } {
  const x = ((clientX - rect.left) / Math.max(rect.width, 1)) * size;
  const y = ((clientY - rect.top) / Math.max(rect.height, 1)) * size;
  return { x: Math.min(Math.max(x, 0), size), y: Math.min(Math.max(y, 0), size) };
}

/** Values from Python as a grid of `size` x `size`: anything else (empty, the wrong length) is a blank pad. */
export function gridFrom(values: unknown, size: number): number[] {
  if (!Array.isArray(values) || values.length !== size * size) return blankGrid(size);
  return values.map((v) => (typeof v === "number" && Number.isFinite(v) ? Math.min(Math.max(v, 0), 1) : 0));
}

/** The grid as Python gets it: values rounded to 3 decimals (enough for 8-bit ink, fewer bytes). */
export function gridValues(grid: number[]): number[] {
  return grid.map((v) => Math.round(v * 1000) / 1000);
}

/** Calls `send` at most once every `interval` ms while `request` is called, and once more after the last. */
export function throttled(
  send: () => void,
  interval: number,
  clock: () => number = Date.now,
  schedule: (fn: () => void, ms: number) => unknown = setTimeout,
): { request: () => void; flush: () => void } {
  let last = Number.NEGATIVE_INFINITY;
  let pending = false;
  let timer = false;
  const fire = () => {
    pending = false;
    last = clock();
    send();
  };
  return {
    request() {
      pending = true;
      const wait = last + interval - clock();
      if (wait <= 0) fire();
      else if (!timer) {
        timer = true;
        schedule(() => {
          timer = false;
          if (pending) fire();
        }, wait);
      }
    },
    flush() {
      if (pending) fire();
    },
  };
}
