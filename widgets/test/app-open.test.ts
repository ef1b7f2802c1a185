import { describe, expect, it } from "vitest";
import { readableSize, refusal } from "../src/app/file-picker";
import { keptId, newId } from "../src/app/visitor-ids";

describe("the Open… button", () => {
  const template = "{name} is {size}, too large to open here (at most {limit}).";

  it("refuses a file over the limit before sending it, in one sentence", () => {
    const sentence = refusal({ name: "big.nnb.json", size: 16 * 1024 * 1024 }, 4 * 1024 * 1024, template);
    expect(sentence).toBe("big.nnb.json is 16.0 MB, too large to open here (at most 4.0 MB).");
  });

  it("lets a file within the limit through", () => {
    expect(refusal({ name: "a.nnb.json", size: 4 * 1024 * 1024 }, 4 * 1024 * 1024, template)).toBeNull();
    expect(refusal({ name: "a.nnb.json", size: 10 }, 0, template)).toBeNull();
  });

  it("writes sizes as people read them", () => {
    expect(readableSize(512)).toBe("512 bytes");
    expect(readableSize(3277)).toBe("3.2 KB");
  });
});

describe("the ids of a tab and a visitor", () => {
  function memory(): Storage {
    const items = new Map<string, string>();
    return {
      get length() {
        return items.size;
      },
      clear: () => items.clear(),
      getItem: (k: string) => items.get(k) ?? null,
      key: (i: number) => Array.from(items.keys())[i] ?? null,
      removeItem: (k: string) => void items.delete(k),
      setItem: (k: string, v: string) => void items.set(k, v),
    };
  }

  it("keeps an id in its storage across loads", () => {
    const store = memory();
    const first = keptId(() => store, "nnbuilder.tab");
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(keptId(() => store, "nnbuilder.tab")).toBe(first);
    expect(keptId(() => memory(), "nnbuilder.tab")).not.toBe(first);
  });

  it("still gives an id when storage is refused or holds something else", () => {
    const refused = () => {
      throw new Error("denied");
    };
    expect(keptId(refused, "nnbuilder.tab")).toMatch(/^[0-9a-f]{16}$/);
    const store = memory();
    store.setItem("nnbuilder.visitor", "../../etc");
    expect(keptId(() => store, "nnbuilder.visitor")).not.toBe("../../etc");
    expect(newId()).not.toBe(newId());
  });
});
