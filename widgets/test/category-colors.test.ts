import { describe, expect, it } from "vitest";
import { CATEGORY_COLORS, categoryColor } from "../src/shared/theme";
import colors from "./python-fixtures/category-colors.json";

// The template pictures' colours (nnbuilder's template picture; python -m tests.shared_fixtures writes the file).
const PYTHON = colors as Record<string, string>;

describe("category colours", () => {
  it("are the ones Python draws the template pictures with", () => {
    expect(Object.keys(PYTHON)).toContain("core");
    expect(CATEGORY_COLORS).toEqual(PYTHON);
  });
  it("fall back to the colour of other layers", () => {
    expect(categoryColor("no such category")).toBe(PYTHON.other);
  });
});
