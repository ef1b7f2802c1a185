// The editor's status line: what it says about the last edit (a refusal, an error,
// "connected …"), in the editor's language, and when that has gone stale.
import { type StringKey, t } from "./i18n";
import type { Language } from "../shared/widget";

export type StatusKind = "" | "error" | "info";

/** How long after Python refuses an edit the graph it puts back still belongs to the refusal (ms). */
const REFUSAL_ECHO_MS = 3000;

export class StatusLine {
  // The line keeps how to say its text, so a language switch rewrites it.
  private say: () => string = () => "";
  // A message about an edit describes the state it was said in: the next change of the graph makes it stale.
  private refusedAt = -Infinity;

  constructor(
    private readonly el: HTMLElement,
    private readonly lang: () => Language,
  ) {}

  show(text: string | (() => string), kind: StatusKind = "info"): void {
    this.say = typeof text === "function" ? text : () => text;
    this.el.textContent = this.say();
    this.el.dataset.kind = kind;
  }

  /** One of the editor's own sentences, said again in the new language after a switch. */
  tell(key: StringKey, vars?: Record<string, string | number>): void {
    this.show(() => t(this.lang(), key, vars));
  }

  clear(): void {
    if (this.el.textContent) this.show("", "");
  }

  /** The language changed: the same message, in the new language. */
  relabel(): void {
    this.el.textContent = this.say();
  }

  /** Python's word on an edit: a refusal with its reason, or an error. False for any other message. */
  fromPython(msg: { type?: unknown; reason?: unknown; message?: unknown }): boolean {
    if (msg.type === "refused") {
      this.show(() => t(this.lang(), "refused") + String(msg.reason ?? ""), "error");
      this.refusedAt = performance.now();
    } else if (msg.type === "error") this.show(() => t(this.lang(), "error") + String(msg.message ?? ""), "error");
    else return false;
    return true;
  }

  /** The graph came from Python. The one a refusal puts back arrives right after the reason, which stays;
   * any other change outdates the message. */
  graphArrived(): void {
    if (performance.now() - this.refusedAt > REFUSAL_ECHO_MS) this.clear();
    this.refusedAt = -Infinity;
  }
}
