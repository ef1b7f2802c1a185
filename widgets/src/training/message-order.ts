// Chart messages in order, each drawn once, whichever way it came: pushed by the
// training thread, or pulled by a poll (where thread messages never arrive).
// Pure: tested without a browser.
import type { PointsMessage, SnapshotMessage } from "./types";

export interface OrderSink {
  append(msg: PointsMessage): void;
  replace(msg: SnapshotMessage): void;
}

/** Points messages name the number they follow (`after`); a snapshot is everything up to its `seq`. */
export class MessageOrder {
  /** The number of the last message drawn; null until the first snapshot. */
  last: number | null = null;
  private held = new Map<number, PointsMessage>(); // by `after`: waiting for the message they follow

  constructor(private readonly sink: OrderSink) {}

  /** Messages waiting for one that has not arrived: a poll will bring it. */
  get waiting(): number {
    return this.held.size;
  }

  /** Take one message; returns whether the view changed. */
  take(msg: PointsMessage | SnapshotMessage): boolean {
    if (msg.type === "snapshot") return this.snapshot(msg);
    if (this.last !== null && msg.seq <= this.last) return false; // already drawn
    if (msg.after === this.last) {
      this.apply(msg);
      this.drain();
      return true;
    }
    this.held.set(msg.after, msg);
    return false;
  }

  private snapshot(msg: SnapshotMessage): boolean {
    if (this.last !== null && msg.seq < this.last) return false; // older than what is drawn
    this.last = msg.seq;
    this.sink.replace(msg);
    this.drain();
    return true;
  }

  private apply(msg: PointsMessage): void {
    this.sink.append(msg);
    this.last = msg.seq;
  }

  private drain(): void {
    if (this.last === null) return;
    for (let next = this.held.get(this.last); next; next = this.held.get(this.last)) {
      this.held.delete(this.last);
      this.apply(next);
    }
    const last = this.last;
    for (const [after, msg] of this.held) if (msg.seq <= last || after < last) this.held.delete(after);
  }
}
