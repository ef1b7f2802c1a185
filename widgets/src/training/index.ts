// anywidget entry point of the training widgets.
import type { WidgetModel } from "../types";
import { renderPanel } from "./panel";

export default {
  render({ model, el }: { model: WidgetModel; el: HTMLElement }) {
    return renderPanel(model, el);
  },
};
