import { describe, expect, it } from "vitest";
import { lineCount, lineNumbers } from "../src/app/code-lines";

describe("the code view's line numbers", () => {
  it("counts lines for the gutter", () => {
    expect(lineCount("")).toBe(1);
    expect(lineCount("a")).toBe(1);
    expect(lineCount("a\n")).toBe(1);
    expect(lineCount("a\nb")).toBe(2);
    expect(lineCount("a\n\n")).toBe(2);
    expect(lineNumbers(1)).toBe("1");
    expect(lineNumbers(3)).toBe("1\n2\n3");
  });

  it("counts the same lines in the coloured HTML as in the code, since no span holds a line end", () => {
    const code = '"""doc\nmore"""\nx = 1  # one\n';
    const html =
      '<span class="nnb-tok-string">&quot;&quot;&quot;doc</span>\n<span class="nnb-tok-string">more&quot;&quot;&quot;</span>\n' +
      '<span class="nnb-tok-variable">x</span> <span class="nnb-tok-operator">=</span> <span class="nnb-tok-number">1</span>  ' +
      '<span class="nnb-tok-comment"># one</span>\n';
    expect(lineCount(html)).toBe(lineCount(code));
    expect(lineCount(html)).toBe(3);
  });
});
