import { describe, expect, it } from "vitest";
import { fill, wordsOf } from "../src/shared/word-table";
import { canConnect } from "../src/editor/connection-rules";
import { t, tCount } from "../src/editor/i18n";
import { appWords } from "../src/app/words";
import { words } from "../src/training/words";
import { mnist, specs } from "./fixtures";

const TABLE = {
  hello: { en: "Hello, {name}", zh: "你好，{name}" },
  apples_one: { en: "{n} apple in {box}", zh: "{box} 里有 {n} 个苹果" },
  apples_other: { en: "{n} apples in {box}", zh: "{box} 里有 {n} 个苹果" },
  "colour.red": { en: "red", zh: "红" },
  "colour.blue": { en: "blue", zh: "蓝" },
} as const;

describe("a word table", () => {
  const { say, sayCount, group } = wordsOf(TABLE);

  it("says an entry in either language with its values filled in", () => {
    expect(say("en", "hello", { name: "Ada" })).toBe("Hello, Ada");
    expect(say("zh", "hello", { name: "Ada" })).toBe("你好，Ada");
    expect(say("en", "hello")).toBe("Hello, {name}");
  });

  it("fills each value once, never inside a value already filled", () => {
    expect(fill("{a} and {b}", { a: "{b}", b: 2 })).toBe("{b} and 2");
    expect(fill("{constructor} {toString}", {})).toBe("{constructor} {toString}");
    expect(fill("{'class_name': {n}}", { n: 0 })).toBe("{'class_name': 0}");
  });

  it("picks the form for a count: one for exactly 1, the other for any other count", () => {
    expect([0, 1, 2, 1.5].map((n) => sayCount("en", "apples", n, { box: "the box" }))).toEqual([
      "0 apples in the box",
      "1 apple in the box",
      "2 apples in the box",
      "1.5 apples in the box",
    ]);
    expect(sayCount("zh", "apples", 1, { box: "盒子" })).toBe("盒子 里有 1 个苹果");
  });

  it("gathers a group by the rest of its keys", () => {
    expect(group("zh", "colour")).toEqual({ red: "红", blue: "蓝" });
    expect(group("en", "col")).toEqual({});
  });
});

describe("the counted sentences of the tables", () => {
  it("say one input and two inputs when a layer is full", () => {
    expect(canConnect(mnist().models.model, specs, {}, "image", "dense")).toEqual({
      ok: false,
      reason: "Dense takes 1 input and already has 1",
    });
    expect(tCount("en", "inputsFull", 2, { layer: "Add", have: 2 })).toBe("Add takes 2 inputs and already has 2");
    expect(tCount("zh", "inputsFull", 1, { layer: "Dense", have: 1 })).toBe("Dense 最多接受 1 个输入，已经有 1 个");
    expect(t("en", "inputsFull_one", { layer: "Dense", n: 1, have: 1 })).toBe("Dense takes 1 input and already has 1");
  });

  it("count epochs and lines", () => {
    expect([0, 1, 2].map((n) => words("en").trainedSoFar(n))).toEqual([
      "0 epochs trained so far.",
      "1 epoch trained so far.",
      "2 epochs trained so far.",
    ]);
    expect(words("en").ended.stopped(1, true)).toBe(
      "stopped after 1 epoch (the unfinished epoch runs again on continue)",
    );
    expect(words("en").ended.early(2)).toBe("early stopping after 2 epochs: the monitored value stopped improving");
    expect([appWords("en").lines(1), appWords("en").lines(2), appWords("zh").lines(1)]).toEqual([
      "1 line",
      "2 lines",
      "1 行",
    ]);
  });
});
