// Keyboard shortcuts of the editor. Every key event stops at the editor so
// JupyterLab's notebook shortcuts do not fire; fields keep their own keys.
import { isEditable } from "../shared/dom";

export interface ShortcutActions {
  delete(): void;
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  selectAll(): void;
  unselect(): void;
}

export function shortcutHandler(run: ShortcutActions): (e: KeyboardEvent) => void {
  return (e: KeyboardEvent) => {
    e.stopPropagation();
    if (isEditable(e.target)) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    let action: (() => void) | null = null;
    if (e.key === "Delete" || e.key === "Backspace") action = run.delete;
    else if (mod && key === "z" && !e.shiftKey) action = run.undo;
    else if (mod && ((key === "z" && e.shiftKey) || key === "y")) action = run.redo;
    else if (mod && key === "c") action = run.copy;
    else if (mod && key === "v") action = run.paste;
    else if (mod && key === "a") action = run.selectAll;
    else if (e.key === "Escape") action = run.unselect;
    if (action) {
      e.preventDefault();
      action();
    }
  };
}
