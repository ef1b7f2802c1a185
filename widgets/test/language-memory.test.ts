import { afterEach, describe, expect, it } from "vitest";
import { LANGUAGE_KEY, rememberedLanguage, renderLanguageMemory } from "../src/app/language-memory";
import { problemMessage } from "../src/editor/i18n";

class MemoryStorage {
  items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.has(key) ? (this.items.get(key) as string) : null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

class FakeModel {
  values: Record<string, unknown>;
  saved = 0;
  handlers: Record<string, (() => void)[]> = {};
  constructor(values: Record<string, unknown>) {
    this.values = values;
  }
  get(name: string): unknown {
    return this.values[name];
  }
  set(name: string, value: unknown): void {
    this.values[name] = value;
    for (const cb of this.handlers[`change:${name}`] ?? []) cb();
  }
  save_changes(): void {
    this.saved += 1;
  }
  on(event: string, cb: () => void): void {
    const handlers = this.handlers[event] ?? [];
    this.handlers[event] = handlers;
    handlers.push(cb);
  }
  off(event?: string | null, cb?: (() => void) | null): void {
    if (event) this.handlers[event] = (this.handlers[event] ?? []).filter((h) => h !== cb);
  }
  send(): void {}
}

const element = () => ({ dataset: {} }) as unknown as HTMLElement;

function withStorage(): MemoryStorage {
  const storage = new MemoryStorage();
  (globalThis as { localStorage?: unknown }).localStorage = storage;
  return storage;
}

afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe("the remembered language", () => {
  it("opens in the language chosen last, unless code gave one", () => {
    const storage = withStorage();
    storage.setItem(LANGUAGE_KEY, "zh");
    const model = new FakeModel({ language: "en", explicit: false });
    renderLanguageMemory(model, element());
    expect(model.get("language")).toBe("zh");
    expect(model.saved).toBe(1);
    const given = new FakeModel({ language: "en", explicit: true });
    renderLanguageMemory(given, element());
    expect(given.get("language")).toBe("en");
    expect(given.saved).toBe(0);
  });

  it("remembers each change, and nothing unknown", () => {
    const storage = withStorage();
    const model = new FakeModel({ language: "en", explicit: false });
    const stop = renderLanguageMemory(model, element());
    expect(rememberedLanguage()).toBeNull(); // opening is not a choice
    model.set("language", "zh");
    expect(storage.getItem(LANGUAGE_KEY)).toBe("zh");
    storage.setItem(LANGUAGE_KEY, "fr");
    expect(rememberedLanguage()).toBeNull();
    stop();
    model.set("language", "en");
    expect(storage.getItem(LANGUAGE_KEY)).toBe("fr");
  });

  it("works without storage", () => {
    const model = new FakeModel({ language: "en", explicit: false });
    expect(() => renderLanguageMemory(model, element())).not.toThrow();
    expect(model.get("language")).toBe("en");
  });
});

describe("a problem's message", () => {
  it("is said in the editor's language when Python sent it", () => {
    const d = {
      message: "model 'm' has no output",
      messages: { en: "model 'm' has no output", zh: "模型“m”没有输出" },
    };
    expect(problemMessage(d, "zh")).toBe("模型“m”没有输出");
    expect(problemMessage(d, "en")).toBe("model 'm' has no output");
    expect(problemMessage({ message: "old" }, "zh")).toBe("old");
  });
});
