// The editor's `insight` trait as the inspector reads it: a node id and its HTML, or nothing for any other value.
import { describe, expect, it } from "vitest";
import { readInsight } from "../src/editor/inspector-insight";

describe("readInsight", () => {
  it("takes a node id and its HTML", () => {
    expect(readInsight({ node: "h", html: "<b>output of h</b>" })).toEqual({ node: "h", html: "<b>output of h</b>" });
  });

  it("reads nothing from an empty trait or a value of another form", () => {
    for (const value of [{}, null, undefined, "h", { node: "h" }, { node: 3, html: "" }, { node: "h", html: 1 }]) {
      expect(readInsight(value)).toBeNull();
    }
  });
});
