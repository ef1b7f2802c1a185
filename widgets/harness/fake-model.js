// An in-memory stand-in for anywidget's model, for the harness and benchmarks.
// Implements get/set/on/off/send/save_changes; `change:NAME` fires on set when
// the value changes (by identity), "msg:custom" through deliver().
export class FakeModel {
  constructor(state) {
    this.state = { selection: [], language: "en", ...state };
    this.handlers = new Map();
    this.sent = [];
    this.saves = 0;
  }

  get(name) {
    return this.state[name];
  }

  set(name, value) {
    const old = this.state[name];
    this.state[name] = value;
    if (old !== value) this.emit(`change:${name}`, value);
  }

  save_changes() {
    this.saves += 1;
  }

  on(event, cb) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(cb);
  }

  off(event, cb) {
    if (!event) this.handlers.clear();
    else if (!cb) this.handlers.delete(event);
    else this.handlers.get(event)?.delete(cb);
  }

  send(msg) {
    this.sent.push(msg);
  }

  /** Python -> browser: a custom message. */
  deliver(msg) {
    this.emit("msg:custom", msg);
  }

  emit(event, ...args) {
    for (const cb of [...(this.handlers.get(event) ?? [])]) cb(...args);
  }
}
