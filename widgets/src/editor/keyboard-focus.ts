// The editor keeps the keyboard: its keys never reach the page around it (a notebook's
// shortcuts), and it takes focus back after cytoscape blurs it on a mousedown.
import type { Core } from "cytoscape";

export function keepKeyboard(
  root: HTMLElement,
  cy: Core,
  canvasWrap: HTMLElement,
  onKey: (e: KeyboardEvent) => void,
): void {
  const focusRoot = () => root.focus({ preventScroll: true });
  cy.on("tapstart", () => window.setTimeout(focusRoot, 0));
  canvasWrap.addEventListener("pointerup", focusRoot, true);
  root.addEventListener("keydown", onKey);
  const stop = (e: Event) => e.stopPropagation();
  root.addEventListener("keyup", stop);
  root.addEventListener("keypress", stop);
}
