// Copy text to the clipboard: the asynchronous Clipboard API where the page may
// use it, else a hidden textarea and execCommand("copy") (plain http pages,
// older browsers, a denied permission).

/** Copy `text`; resolves to whether it reached the clipboard. */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  const clipboard = globalThis.navigator?.clipboard;
  if (clipboard?.writeText && globalThis.isSecureContext !== false) {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // denied or unavailable: the textarea may still work
    }
  }
  return copyWithTextarea(text, doc);
}

function copyWithTextarea(text: string, doc: Document): boolean {
  const area = doc.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.setAttribute("aria-hidden", "true");
  Object.assign(area.style, { position: "fixed", top: "0", left: "-9999px", opacity: "0" });
  const focused = doc.activeElement as HTMLElement | null;
  doc.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = doc.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  focused?.focus?.({ preventScroll: true });
  return copied;
}
