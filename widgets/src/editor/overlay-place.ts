// Where a floating note (a tooltip, the reason a target refuses) goes so that
// it stays inside the visible part of the canvas it belongs to.

export interface Area {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Anchor {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const MARGIN = 4;

/**
 * Top-left corner for a `w` x `h` note beside `anchor` (right of it, else left
 * of it), top at `anchor.y1 + dy`, moved as little as needed to lie in `area`.
 */
export function notePosition(
  anchor: Anchor,
  w: number,
  h: number,
  area: Area,
  gap: number,
  dy = 0,
): { x: number; y: number } {
  let x = anchor.x2 + gap;
  if (x + w > area.right - MARGIN && anchor.x1 - gap - w >= area.left + MARGIN) x = anchor.x1 - gap - w;
  x = Math.max(area.left + MARGIN, Math.min(x, area.right - MARGIN - w));
  let y = anchor.y1 + dy;
  if (y + h > area.bottom - MARGIN && dy > 0 && anchor.y1 - dy - h >= area.top + MARGIN) y = anchor.y1 - dy - h;
  y = Math.max(area.top + MARGIN, Math.min(y, area.bottom - MARGIN - h));
  return { x: Math.round(x), y: Math.round(y) };
}

/** The part of `host` inside the browser window, in host coordinates (its padding box). */
export function visibleArea(host: HTMLElement): Area {
  const r = host.getBoundingClientRect();
  const bl = host.clientLeft;
  const bt = host.clientTop;
  const vw = document.documentElement.clientWidth || window.innerWidth;
  const vh = document.documentElement.clientHeight || window.innerHeight;
  const left = Math.max(0, -(r.left + bl));
  const top = Math.max(0, -(r.top + bt));
  const right = Math.max(left, Math.min(host.clientWidth, vw - (r.left + bl)));
  const bottom = Math.max(top, Math.min(host.clientHeight, vh - (r.top + bt)));
  return { left, top, right, bottom };
}

/** Show `note` (absolutely placed in `host`) beside `anchor`, inside the visible canvas. */
export function placeNote(note: HTMLElement, host: HTMLElement, anchor: Anchor, gap: number, dy = 0): void {
  const area = visibleArea(host);
  note.style.maxWidth = `${Math.max(80, Math.min(320, area.right - area.left - 2 * MARGIN))}px`;
  note.style.display = "block";
  const { x, y } = notePosition(anchor, note.offsetWidth, note.offsetHeight, area, gap, dy);
  note.style.transform = `translate(${x}px, ${y}px)`;
}
