// The downloader: no visible content; a `download` message from Python carries
// the file's bytes as buffers and is saved through a Blob. Every view of the
// widget hears the message; the first one saves it.
import { h } from "../shared/dom";
import { firstToHandle } from "../shared/once";
import { byteParts, safeFileName, saveFile } from "./save-file";
import type { WidgetModel } from "../shared/widget";

export interface DownloadMessage {
  type: "download";
  id?: string;
  filename: string;
  mime?: string;
  size?: number;
}

export interface FileToSave {
  name: string;
  mime: string;
  parts: Uint8Array[];
  size: number;
}

/** The file a message asks to save, or why it cannot be saved. */
export function fileFromMessage(msg: DownloadMessage, buffers: unknown): FileToSave | { error: string } {
  const parts = byteParts(buffers);
  const size = parts.reduce((n, p) => n + p.byteLength, 0);
  if (typeof msg.size === "number" && msg.size !== size) {
    return { error: `expected ${msg.size} bytes for ${msg.filename}, received ${size}` };
  }
  const mime =
    typeof msg.mime === "string" && /^[\w.+-]+\/[\w.+-]+/.test(msg.mime) ? msg.mime : "application/octet-stream";
  return { name: safeFileName(msg.filename, "download"), mime, parts, size };
}

export function renderDownloader(model: WidgetModel, el: HTMLElement): () => void {
  const root = h("div", { class: "nnb-app-download", hidden: true, "aria-hidden": "true" });
  el.append(root);
  let saved = 0;

  const onMessage = (msg: unknown, buffers?: unknown) => {
    const m = msg as DownloadMessage | null;
    if (!m || typeof m !== "object" || m.type !== "download" || !firstToHandle(m.id)) return;
    const file = fileFromMessage(m, buffers);
    if ("error" in file) {
      console.error(`nnbuilder: the download was not saved: ${file.error}`);
      return;
    }
    saveFile(new Blob(file.parts as BlobPart[], { type: file.mime }), file.name);
    saved += 1;
    root.dataset.saved = String(saved);
  };
  model.on("msg:custom", onMessage);
  (root as HTMLElement & { nnb?: unknown }).nnb = { saved: () => saved };

  return () => {
    model.off("msg:custom", onMessage);
    root.remove();
  };
}
