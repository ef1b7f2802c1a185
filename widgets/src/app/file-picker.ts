// The Open… button: a file input whose file is checked in the browser before
// anything is sent, so a file too large to be a project is refused at once with
// one sentence (Python gives the sentence, in the app's language, as a trait).
import { h } from "../shared/dom";
import type { WidgetModel } from "../shared/widget";

export interface PickedFile {
  name: string;
  size: number;
}

/** How sizes are written ({n} is the number), in the app's language: given by Python. */
export const ENGLISH_UNITS: readonly string[] = ["{n} bytes", "{n} KB", "{n} MB"];

/** Bytes as people read them: 512 bytes, 3.2 KB, 16.0 MB (`units` as in ENGLISH_UNITS). */
export function readableSize(bytes: number, units: readonly string[] = ENGLISH_UNITS): string {
  const say = (i: number, n: string) => String(units[i] ?? ENGLISH_UNITS[i]).replace("{n}", n);
  if (bytes < 1024) return say(0, String(bytes));
  if (bytes < 1024 * 1024) return say(1, (bytes / 1024).toFixed(1));
  return say(2, (bytes / (1024 * 1024)).toFixed(1));
}

/** The sentence refusing `file`, or null when it may be sent (`template` names {name}, {size}, {limit}). */
export function refusal(
  file: PickedFile,
  maxBytes: number,
  template: string,
  units: readonly string[] = ENGLISH_UNITS,
): string | null {
  if (!(maxBytes > 0) || file.size <= maxBytes) return null;
  const values: Record<string, string> = {
    name: file.name,
    size: readableSize(file.size, units),
    limit: readableSize(maxBytes, units),
  };
  return template.replace(/\{(name|size|limit)\}/g, (_m, key: string) => values[key]);
}

export function renderFilePicker(model: WidgetModel, el: HTMLElement): () => void {
  const input = h("input", { type: "file", hidden: true, tabindex: -1, "aria-hidden": "true" });
  const button = h("button", { type: "button", class: "nnb-file-picker-button jupyter-button widget-button" });
  const note = h("span", { class: "nnb-file-picker-note", role: "status", "aria-live": "polite" });
  const root = h("span", { class: "nnb-file-picker" }, button, input, note);
  el.append(root);

  const relabel = () => {
    button.textContent = String(model.get("label") ?? "");
    button.title = String(model.get("hint") ?? "");
    input.accept = String(model.get("accept") ?? "");
  };
  const say = (sentence: string) => {
    note.textContent = sentence;
    root.dataset.state = sentence ? "refused" : "";
  };
  const onPick = () => {
    const file = input.files?.[0];
    input.value = ""; // the same file may be chosen again
    if (!file) return;
    const units = model.get("units");
    const refused = refusal(
      file,
      Number(model.get("max_bytes")),
      String(model.get("too_large") ?? ""),
      Array.isArray(units) && units.length === 3 ? units.map(String) : ENGLISH_UNITS,
    );
    if (refused) {
      say(refused);
      model.send({ type: "too_large", name: file.name, size: file.size });
      return;
    }
    say("");
    root.dataset.state = "reading";
    file.arrayBuffer().then(
      (data) => {
        root.dataset.state = "sent";
        model.send({ type: "file", name: file.name, size: file.size }, undefined, [data]);
      },
      (err: unknown) => {
        root.dataset.state = "failed";
        // The error's name (NotReadableError, …) lets Python say why in the app's language.
        const error = typeof (err as Error)?.name === "string" ? (err as Error).name : "";
        model.send({ type: "unreadable", name: file.name, error, reason: String((err as Error)?.message ?? err) });
      },
    );
  };
  const onClick = () => input.click();
  button.addEventListener("click", onClick);
  input.addEventListener("change", onPick);
  model.on("change:label", relabel);
  model.on("change:hint", relabel);
  model.on("change:accept", relabel);
  relabel();
  return () => {
    button.removeEventListener("click", onClick);
    input.removeEventListener("change", onPick);
    model.off("change:label", relabel);
    model.off("change:hint", relabel);
    model.off("change:accept", relabel);
    root.remove();
  };
}
