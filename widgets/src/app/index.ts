// anywidget entry point of the Builder app's small widgets; each Python class
// names the one it wants in its `_widget` trait.
import { hasOwn } from "../shared/own-key";
import { renderCodeView } from "./code-view";
import { renderDownloader } from "./downloader";
import { renderFilePicker } from "./file-picker";
import { renderLanguageMemory } from "./language-memory";
import { renderVisitorIds } from "./visitor-ids";
import type { WidgetModel } from "../shared/widget";

const RENDERERS: Record<string, (model: WidgetModel, el: HTMLElement) => () => void> = {
  code_view: renderCodeView,
  downloader: renderDownloader,
  file_picker: renderFilePicker,
  language_memory: renderLanguageMemory,
  visitor_ids: renderVisitorIds,
};

export default {
  render({ model, el }: { model: WidgetModel; el: HTMLElement }) {
    const kind = String(model.get("_widget") ?? "");
    const render = hasOwn(RENDERERS, kind) ? RENDERERS[kind] : null;
    if (!render) throw new Error(`nnbuilder: no browser side for the widget ${JSON.stringify(kind)}`);
    return render(model, el);
  },
};
