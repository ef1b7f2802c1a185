// One tab per model of the project.
import { clear, h } from "../shared/dom";

export class ModelTabs {
  private shown = "";

  constructor(
    private readonly host: HTMLElement,
    private readonly onPick: (name: string) => void,
  ) {}

  render(names: string[], active: string): void {
    const key = `${names.join("\u0000")}\u0001${active}`;
    if (key === this.shown) return;
    this.shown = key;
    clear(this.host);
    for (const name of names) {
      const on = name === active;
      const b = h("button", {
        type: "button",
        role: "tab",
        class: `nnb-tab${on ? " nnb-active" : ""}`,
        "data-model": name,
        "aria-selected": on ? "true" : "false",
        text: name,
      });
      b.addEventListener("click", () => this.onPick(name));
      this.host.append(b);
    }
  }
}
