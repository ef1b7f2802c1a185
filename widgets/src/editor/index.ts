// anywidget entry point.
import { renderEditor } from "./editor";
import type { WidgetModel } from "../shared/widget";

export default {
  render({ model, el }: { model: WidgetModel; el: HTMLElement }) {
    return renderEditor(model, el);
  },
};
