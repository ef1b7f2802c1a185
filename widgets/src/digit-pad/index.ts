// anywidget entry point of the digit pad (nnbuilder/app/inside/digit_pad.py).
import { renderPad } from "./pad";
import type { WidgetModel } from "../shared/widget";

export default {
  render({ model, el }: { model: WidgetModel; el: HTMLElement }) {
    return renderPad(model, el);
  },
};
