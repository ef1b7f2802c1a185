// anywidget entry point of the training widgets.
import { renderPanel } from "./panel";
import type { WidgetModel } from "../shared/widget";

export default {
  render({ model, el }: { model: WidgetModel; el: HTMLElement }) {
    return renderPanel(model, el);
  },
};
