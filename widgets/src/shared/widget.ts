// What every widget bundle shares: JSON values, the two languages, and the part of anywidget's model the
// widgets use.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type Language = "en" | "zh";
export function asLanguage(value: unknown): Language {
  return value === "zh" ? "zh" : "en";
}

/** The part of anywidget's model the widgets use. */
export interface WidgetModel {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save_changes(): void;
  on(event: string, cb: (...args: never[]) => void): void;
  off(event?: string | null, cb?: ((...args: never[]) => void) | null): void;
  send(msg: unknown, callbacks?: unknown, buffers?: unknown): void;
}

export function formatCount(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  return (n < 0 ? "-" : "") + s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
