// Saving bytes as a file from the page: a Blob and a temporary <a download>
// click (works in JupyterLab, Voila and plain pages; no server round trip).

/** The last part of `name` without control characters, or `fallback` when nothing usable is left. */
export function safeFileName(name: unknown, fallback: string): string {
  const last =
    String(name ?? "")
      .split(/[\\/]/)
      .pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean && clean !== "." && clean !== ".." ? clean : fallback;
}

/** Message buffers (DataView, ArrayBuffer or typed arrays, as the comm delivers them) as byte views. */
export function byteParts(buffers: unknown): Uint8Array[] {
  if (!Array.isArray(buffers)) return [];
  const parts: Uint8Array[] = [];
  for (const b of buffers) {
    if (b instanceof ArrayBuffer) parts.push(new Uint8Array(b));
    else if (ArrayBuffer.isView(b)) parts.push(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  }
  return parts;
}

/** Offer `blob` to the user as a download named `name`. */
export function saveFile(blob: Blob, name: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  link.style.display = "none";
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The browser reads the blob after the click returns: let it go a while later.
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
