import { describe, expect, it } from "vitest";
import { escapeHtml, highlight, lineCount, lineNumbers, tokenize, type TokenKind } from "../src/app/python-tokens";

/** [kind, text] of every token that is not plain text. */
function marked(code: string): [TokenKind, string][] {
  return tokenize(code)
    .filter((t) => t.kind !== "text")
    .map((t) => [t.kind, t.text]);
}

function joined(code: string): string {
  return tokenize(code)
    .map((t) => t.text)
    .join("");
}

describe("python tokens", () => {
  it("gives the code back exactly", () => {
    const samples = [
      'import keras\nfrom keras import layers\n\n\ndef build_model():\n    """Doc."""\n    return x  # done\n',
      "x = f'{a!r:>{width}}' + rb'\\d' + u\"é\"\r\n",
      "s = '''never closed\n",
      "t = 'broken\nnext = 1",
      "@",
    ];
    for (const code of samples) expect(joined(code)).toBe(code);
  });

  it("marks keywords, constants, builtins and the names def and class introduce", () => {
    expect(marked("def build_model(units=64):\n    return None")).toEqual([
      ["keyword", "def"],
      ["definition", "build_model"],
      ["number", "64"],
      ["keyword", "return"],
      ["constant", "None"],
    ]);
    expect(marked("class Net(object): pass")).toEqual([
      ["keyword", "class"],
      ["definition", "Net"],
      ["builtin", "object"],
      ["keyword", "pass"],
    ]);
    expect(marked("print(len(xs)) if ok else False")).toEqual([
      ["builtin", "print"],
      ["builtin", "len"],
      ["keyword", "if"],
      ["keyword", "else"],
      ["constant", "False"],
    ]);
  });

  it("leaves attributes that share a builtin's or keyword's name alone", () => {
    expect(marked("np.sum(x); model . print; keras.ops.max(y)")).toEqual([]);
    expect(marked("deflate = define + classes")).toEqual([]);
  });

  it("reads strings with quotes and escapes inside", () => {
    expect(marked(`a = "say \\"hi\\" and 'bye'" + 'it\\'s'`)).toEqual([
      ["string", `"say \\"hi\\" and 'bye'"`],
      ["string", `'it\\'s'`],
    ]);
    expect(marked(`r"\\d+" b'\\x00' Rb"x" BR'y'`)).toEqual([
      ["string", `r"\\d+"`],
      ["string", `b'\\x00'`],
      ["string", `Rb"x"`],
      ["string", `BR'y'`],
    ]);
  });

  it("keeps triple-quoted strings whole across lines, quotes and hashes included", () => {
    const code = 'doc = """Line one "quoted"\n# not a comment\n\'\'\'still inside\'\'\'"""\nx = 1';
    expect(marked(code)).toEqual([
      ["string", '"""Line one "quoted"\n# not a comment\n\'\'\'still inside\'\'\'"""'],
      ["number", "1"],
    ]);
  });

  it("ends an unclosed one-line string at the end of its line", () => {
    expect(marked("a = 'open\nb = 2")).toEqual([
      ["string", "'open"],
      ["number", "2"],
    ]);
  });

  it("shows f-string fields as code and their format specs as text of the string", () => {
    expect(marked('f"acc {acc:.3f} of {len(xs)} {{literal}}"')).toEqual([
      ["string", 'f"acc {'],
      ["string", ".3f} of {"], // the spec and the literal after it read as one string
      ["builtin", "len"],
      ["string", '} {{literal}}"'],
    ]);
    expect(marked(`F'{d["key"]!r}'`)).toEqual([
      ["string", "F'{"],
      ["string", '"key"'],
      ["string", "}'"],
    ]);
    expect(joined('f"""{x}\n{y:{w}}"""')).toBe('f"""{x}\n{y:{w}}"""');
    expect(marked('f"{" + 1')).toEqual([
      ["string", 'f"{"'], // a field that never closes is part of the string
      ["number", "1"],
    ]);
  });

  it("reads comments, numbers and decorators", () => {
    expect(marked("x = 0x_FF + 1_000 + 3.5e-3 + .5 + 2j  # the sum 'quoted'")).toEqual([
      ["number", "0x_FF"],
      ["number", "1_000"],
      ["number", "3.5e-3"],
      ["number", ".5"],
      ["number", "2j"],
      ["comment", "# the sum 'quoted'"],
    ]);
    expect(marked("@keras.saving.register_keras_serializable()\nclass Block: ...")).toEqual([
      ["decorator", "@keras.saving.register_keras_serializable"],
      ["keyword", "class"],
      ["definition", "Block"],
    ]);
    expect(marked("    @property\n    def size(self): return a @ b")).toEqual([
      ["decorator", "@property"],
      ["keyword", "def"],
      ["definition", "size"],
      ["keyword", "return"],
    ]);
    expect(marked("layer2 = x1")).toEqual([]);
  });

  it("reads names in any script", () => {
    expect(marked("模型 = None")).toEqual([["constant", "None"]]);
  });
});

describe("highlighted HTML", () => {
  it("escapes everything, in strings and comments too", () => {
    const html = highlight('s = "</span><script>alert(1)</script>"  # <b>&amp;\nx = a<b and c>d');
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;/span&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('<span class="nnb-tok-comment"># &lt;b&gt;&amp;amp;</span>');
    expect(html).toContain("a&lt;b <span class=\"nnb-tok-keyword\">and</span> c&gt;d");
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("wraps each marked token in one span and leaves plain text bare", () => {
    expect(highlight("return x")).toBe('<span class="nnb-tok-keyword">return</span> x');
    expect(highlight("")).toBe("");
  });

  it("counts lines for the gutter", () => {
    expect(lineCount("")).toBe(1);
    expect(lineCount("a")).toBe(1);
    expect(lineCount("a\n")).toBe(1);
    expect(lineCount("a\nb")).toBe(2);
    expect(lineCount("a\n\n")).toBe(2);
    expect(lineNumbers(3)).toBe("1\n2\n3");
  });
});
