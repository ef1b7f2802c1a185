import { describe, expect, it } from "vitest";
import { UndoStack } from "../src/editor/undo-stack";

describe("UndoStack", () => {
  it("undoes and redoes", () => {
    const u = new UndoStack<{ v: number }>();
    const a = { v: 1 },
      b = { v: 2 },
      c = { v: 3 };
    u.record(a); // a -> b
    u.record(b); // b -> c
    expect(u.undo(c)).toBe(b);
    expect(u.undo(b)).toBe(a);
    expect(u.undo(a)).toBeUndefined();
    expect(u.redo(a)).toBe(b);
    expect(u.redo(b)).toBe(c);
    expect(u.canRedo).toBe(false);
  });

  it("clears redo on a new edit", () => {
    const u = new UndoStack<number>();
    u.record(1);
    expect(u.undo(2)).toBe(1);
    expect(u.canRedo).toBe(true);
    u.record(1);
    expect(u.canRedo).toBe(false);
  });

  it("keeps at most `limit` snapshots (at least 200 by default)", () => {
    const u = new UndoStack<number>();
    expect(u.limit).toBeGreaterThanOrEqual(200);
    const small = new UndoStack<number>(3);
    for (let i = 0; i < 10; i++) small.record(i);
    expect(small.depth).toBe(3);
    expect(small.undo(10)).toBe(9);
    expect(small.undo(9)).toBe(8);
    expect(small.undo(8)).toBe(7);
    expect(small.undo(7)).toBeUndefined();
  });

  it("records external changes, and drops our edit when Python puts it back", () => {
    const u = new UndoStack<{ v: number }>();
    u.record({ v: 1 }); // we edited 1 -> 2
    expect(u.external({ v: 2 }, { v: 3 })).toBe("edit"); // python changed 2 -> 3
    expect(u.depth).toBe(2);
    expect(u.undo({ v: 3 })).toEqual({ v: 2 });
    const r = new UndoStack<{ v: number }>();
    r.record({ v: 1 }); // we edited 1 -> 2, python refused: back to 1
    expect(r.external({ v: 2 }, { v: 1 })).toBe("revert");
    expect(r.depth).toBe(0);
    const late = new UndoStack<{ v: number }>();
    late.record({ v: 1 });
    expect(late.external({ v: 2 }, { v: 1 }, false)).toBe("edit");
    expect(late.depth).toBe(2);
  });
});
