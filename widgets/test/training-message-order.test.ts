import { describe, expect, it } from "vitest";
import { MessageOrder } from "../src/training/message-order";
import { SeriesStore } from "../src/training/series";
import type { PointsMessage, SnapshotMessage } from "../src/training/types";

const points = (after: number, seq: number, x: number[]): PointsMessage => ({
  type: "points",
  seq,
  after,
  x,
  series: { loss: x.map((v) => 1 / (1 + v)) },
  progress: null,
});
const snapshot = (seq: number, x: number[]): SnapshotMessage => ({
  type: "snapshot",
  seq,
  x,
  series: { loss: x.map((v) => 1 / (1 + v)) },
  progress: null,
});

function view() {
  const store = new SeriesStore();
  const order = new MessageOrder({
    append: (m) => store.append(m.x, m.series),
    replace: (m) => store.replace(m.x, m.series),
  });
  return { store, order };
}

describe("MessageOrder", () => {
  it("holds points until the first snapshot, then draws each once in order", () => {
    const { store, order } = view();
    expect(order.take(points(4, 5, [0.5]))).toBe(false); // before the snapshot: held
    expect(order.waiting).toBe(1);
    expect(order.take(snapshot(4, [0.1, 0.2]))).toBe(true);
    expect(store.x).toEqual([0.1, 0.2, 0.5]);
    expect(order.last).toBe(5);
    expect(order.take(points(4, 5, [0.5]))).toBe(false); // the same message pulled again
    expect(store.x).toEqual([0.1, 0.2, 0.5]);
    expect(order.waiting).toBe(0);
  });

  it("waits for a missing message, then appends everything in order", () => {
    const { store, order } = view();
    order.take(snapshot(1, []));
    order.take(points(1, 2, [1]));
    order.take(points(3, 4, [3])); // 3 went missing
    order.take(points(4, 5, [4]));
    expect(store.x).toEqual([1]);
    expect(order.waiting).toBe(2);
    order.take(points(2, 3, [2])); // the pull brings it
    expect(store.x).toEqual([1, 2, 3, 4]);
    expect(order.last).toBe(5);
    expect(order.waiting).toBe(0);
  });

  it("takes a newer snapshot over held points and drops an older one", () => {
    const { store, order } = view();
    order.take(snapshot(1, [0]));
    order.take(points(1, 2, [1]));
    order.take(points(5, 6, [9])); // follows a message the snapshot below covers
    order.take(snapshot(7, [0, 1, 2])); // a new trainer, or a continued run that dropped an epoch
    expect(store.x).toEqual([0, 1, 2]);
    expect(order.waiting).toBe(0);
    expect(order.take(snapshot(3, [5]))).toBe(false); // late and older than what is drawn
    expect(store.x).toEqual([0, 1, 2]);
    order.take(points(7, 8, [3]));
    expect(store.x).toEqual([0, 1, 2, 3]);
  });

  it("draws every point once whether messages come pushed, pulled, both or shuffled", () => {
    const all: (PointsMessage | SnapshotMessage)[] = [snapshot(10, [])];
    for (let i = 0; i < 50; i++) all.push(points(10 + i, 11 + i, [i, i + 0.5]));
    const expected = Array.from({ length: 50 }, (_, i) => [i, i + 0.5]).flat();
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let round = 0; round < 20; round++) {
      const { store, order } = view();
      const arrivals = [...all, ...all.slice(1).filter(() => random() < 0.5)]; // pushes, plus some pulled again
      arrivals.sort(() => random() - 0.5);
      for (const msg of arrivals) order.take(msg);
      expect(store.x).toEqual(expected);
      expect(order.last).toBe(60);
    }
  });
});
