// Small pictures on the canvas's nodes: what each node outputs on a sample, sent by Python as the `thumbnails`
// trait (PNG data URLs by node id, for the model shown). A node with one grows by the picture's room and draws
// it at its right, its text moved left beside it; a node without one looks as it always does. The pictures are
// never part of the document, so no edit, undo step or save carries them.
import type { StylesheetJson } from "cytoscape";

export const THUMB_PX = 40; // drawn size: Python sends 40 x 40 pixels
const INSET = 5; // between the picture and the node's right border
export const THUMB_ROOM = THUMB_PX + 2 * INSET; // what a node grows by, and its least height
const PNG_URL = "data:image/png;base64,";

/** Pictures by node id. */
export type Thumbnails = ReadonlyMap<string, string>;

/** The trait's value, keeping only PNG data URLs (anything else draws nothing). */
export function readThumbnails(value: unknown): Thumbnails {
  const out = new Map<string, string>();
  if (!value || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [id, url] of Object.entries(value)) {
    if (typeof url === "string" && url.startsWith(PNG_URL)) out.set(id, url);
  }
  return out;
}

/** A node's box with room for its picture (the box itself when it has none). */
export function thumbnailBox(box: { w: number; h: number }, thumb: string): { w: number; h: number } {
  return thumb ? { w: box.w + THUMB_ROOM, h: Math.max(box.h, THUMB_ROOM) } : box;
}

export function thumbnailStyle(): StylesheetJson {
  return [
    {
      selector: "node.nnb-thumb",
      style: {
        "background-image": "data(thumb)",
        "background-fit": "none",
        "background-width": `${THUMB_PX}px`,
        "background-height": `${THUMB_PX}px`,
        "background-position-x": "100%",
        "background-offset-x": `${-INSET}px`,
        "background-position-y": "50%",
        "background-clip": "node",
        "background-image-opacity": 1,
        "text-margin-x": -THUMB_ROOM / 2,
      },
    },
    // An operation's ellipse would cut the picture's corners: a rounded box while it carries one (its double
    // border still tells it from a layer).
    { selector: "node.nnb-op.nnb-thumb", style: { shape: "round-rectangle" } },
  ];
}
