// Undo/redo of whole documents. Snapshots are immutable values, so storing
// references is enough.
import { jsonEqual } from "./catalog-index";

export class UndoStack<T> {
  private past: T[] = [];
  private future: T[] = [];

  constructor(readonly limit = 500) {}

  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }
  get depth(): number {
    return this.past.length;
  }

  /** An edit replaced `previous`: remember it and forget what could be redone. */
  record(previous: T): void {
    this.past.push(previous);
    if (this.past.length > this.limit) this.past.splice(0, this.past.length - this.limit);
    this.future = [];
  }

  /**
   * A document came from outside (Python). When it may answer our last edit
   * (`answersEdit`) and equals the snapshot taken before it, Python put our
   * edit back (a refusal): drop that snapshot. Otherwise it is a new edit
   * like any other and is recorded. Returns "revert" or "edit".
   */
  external(previous: T, next: T, answersEdit = true): "revert" | "edit" {
    const top = this.past[this.past.length - 1];
    if (answersEdit && top !== undefined && jsonEqual(top, next)) {
      this.past.pop();
      return "revert";
    }
    this.record(previous);
    return "edit";
  }

  /** Step back from `current`; returns the document to show, or undefined. */
  undo(current: T): T | undefined {
    const prev = this.past.pop();
    if (prev === undefined) return undefined;
    this.future.push(current);
    return prev;
  }

  redo(current: T): T | undefined {
    const next = this.future.pop();
    if (next === undefined) return undefined;
    this.past.push(current);
    return next;
  }

  clear(): void {
    this.past = [];
    this.future = [];
  }
}
