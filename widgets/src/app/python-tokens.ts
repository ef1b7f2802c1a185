// A small Python tokenizer for showing code: keywords, builtins, strings
// (prefixed, triple-quoted, f-strings with their fields as code), numbers,
// comments, decorators and the names that def/class introduce. It never fails:
// anything it does not know is plain text. Pure: tested without a browser.

export type TokenKind = "keyword" | "constant" | "builtin" | "string" | "number" | "comment" | "decorator" | "definition" | "text";

export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(
  ("and as assert async await break class continue def del elif else except finally for from global if import in is " +
    "lambda nonlocal not or pass raise return try while with yield").split(" "),
);
const CONSTANTS = new Set(["True", "False", "None", "Ellipsis", "NotImplemented", "__debug__"]);
const BUILTINS = new Set(
  ("abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex delattr " +
    "dict dir divmod enumerate eval exec filter float format frozenset getattr globals hasattr hash help hex id input " +
    "int isinstance issubclass iter len list locals map max memoryview min next object oct open ord pow print property " +
    "range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip __import__ " +
    "BaseException Exception ArithmeticError AssertionError AttributeError EOFError FileNotFoundError ImportError " +
    "IndexError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError NotImplementedError " +
    "OSError OverflowError RecursionError RuntimeError StopIteration SyntaxError SystemExit TypeError ValueError " +
    "ZeroDivisionError Warning DeprecationWarning RuntimeWarning UserWarning").split(" "),
);

const IDENT = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER =
  /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?)/y;
const STRING_START = /([rRuUbBfF]{0,2})('''|"""|'|")/y;
const DECORATOR = /@[ \t]*[\p{L}_][\p{L}\p{N}_]*(?:[ \t]*\.[ \t]*[\p{L}_][\p{L}\p{N}_]*)*/uy;
const VALID_PREFIX = /^(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?$/;

function sticky(re: RegExp, code: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(code);
}

/** Index just after the string whose body starts at `at`; the end of the line (or code) when it is not closed. */
function stringEnd(code: string, at: number, quote: string): number {
  const triple = quote.length === 3;
  const q = quote[0];
  let i = at;
  while (i < code.length) {
    const c = code[i];
    if (c === "\\") i += 2;
    else if (c === "\n" && !triple) return i;
    else if (c === q && (!triple || code.startsWith(quote, i))) return i + quote.length;
    else i += 1;
  }
  return code.length;
}

/** Index of the `}` closing the f-string field that starts at `at`, or -1. */
function fieldEnd(code: string, at: number, triple: boolean): number {
  let depth = 0;
  let i = at;
  while (i < code.length) {
    const c = code[i];
    if (c === "'" || c === '"') {
      const m = sticky(STRING_START, code, i) as RegExpExecArray;
      i = stringEnd(code, i + m[2].length, m[2]);
    } else if (c === "\n" && !triple) return -1;
    else if (c === "(" || c === "[" || c === "{") {
      depth += 1;
      i += 1;
    } else if (c === ")" || c === "]" || c === "}") {
      if (c === "}" && depth === 0) return i;
      depth = Math.max(0, depth - 1);
      i += 1;
    } else i += 1;
  }
  return -1;
}

/** Index of the `:` that starts a field's format spec, or -1. */
function specStart(field: string): number {
  let depth = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field[i];
    if (c === "'" || c === '"') {
      const m = sticky(STRING_START, field, i) as RegExpExecArray;
      i = stringEnd(field, i + m[2].length, m[2]) - 1;
    } else if (c === "(" || c === "[" || c === "{") depth += 1;
    else if (c === ")" || c === "]" || c === "}") depth -= 1;
    else if (c === ":" && depth === 0) return i;
  }
  return -1;
}

class TokenList {
  readonly tokens: Token[] = [];

  push(kind: TokenKind, text: string): void {
    if (!text) return;
    const last = this.tokens[this.tokens.length - 1];
    if (last && last.kind === kind && (kind === "text" || kind === "string")) last.text += text;
    else this.tokens.push({ kind, text });
  }
}

/** An f-string from `start` (its prefix) whose body starts at `at`: literal parts as strings, fields as code. */
function fString(code: string, start: number, at: number, quote: string, out: TokenList): number {
  const triple = quote.length === 3;
  let literal = start;
  let i = at;
  while (i < code.length) {
    const c = code[i];
    if (c === "\\") i += 2;
    else if (c === "\n" && !triple) break;
    else if (c === quote[0] && (!triple || code.startsWith(quote, i))) {
      i += quote.length;
      break;
    } else if (c === "{" && code[i + 1] === "{") i += 2;
    else if (c === "{") {
      const end = fieldEnd(code, i + 1, triple);
      if (end < 0) {
        i += 1;
        continue;
      }
      out.push("string", code.slice(literal, i + 1));
      const field = code.slice(i + 1, end);
      const spec = specStart(field);
      scan(spec < 0 ? field : field.slice(0, spec), out);
      if (spec >= 0) {
        out.push("text", ":");
        out.push("string", field.slice(spec + 1));
      }
      literal = end;
      i = end + 1;
    } else i += 1;
  }
  const stop = Math.min(i, code.length);
  out.push("string", code.slice(literal, stop));
  return stop;
}

function previousSignificant(code: string, at: number): string {
  let i = at - 1;
  while (i >= 0 && (code[i] === " " || code[i] === "\t")) i -= 1;
  return i >= 0 ? code[i] : "";
}

function scan(code: string, out: TokenList): void {
  let i = 0;
  let lineStart = true; // only spaces since the last newline
  let naming = false; // the next name is introduced by def or class
  while (i < code.length) {
    const c = code[i];
    if (c === "\n") {
      out.push("text", c);
      lineStart = true;
      i += 1;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\f") {
      out.push("text", c);
      i += 1;
      continue;
    }
    const atLineStart = lineStart;
    lineStart = false;
    if (c === "#") {
      const end = code.indexOf("\n", i);
      const stop = end < 0 ? code.length : end;
      out.push("comment", code.slice(i, stop));
      i = stop;
      continue;
    }
    if (c === "@" && atLineStart) {
      const m = sticky(DECORATOR, code, i);
      if (m) {
        out.push("decorator", m[0]);
        i += m[0].length;
        continue;
      }
    }
    const str = sticky(STRING_START, code, i);
    if (str && VALID_PREFIX.test(str[1])) {
      const body = i + str[0].length;
      naming = false;
      if (/[fF]/.test(str[1])) i = fString(code, i, body, str[2], out);
      else {
        const end = stringEnd(code, body, str[2]);
        out.push("string", code.slice(i, end));
        i = end;
      }
      continue;
    }
    if ((c >= "0" && c <= "9") || (c === "." && code[i + 1] >= "0" && code[i + 1] <= "9")) {
      const m = sticky(NUMBER, code, i);
      if (m && m[0]) {
        out.push("number", m[0]);
        i += m[0].length;
        naming = false;
        continue;
      }
    }
    const id = sticky(IDENT, code, i);
    if (id) {
      const word = id[0];
      const attribute = previousSignificant(code, i) === ".";
      let kind: TokenKind = "text";
      if (naming) kind = "definition";
      else if (attribute) kind = "text";
      else if (KEYWORDS.has(word)) kind = "keyword";
      else if (CONSTANTS.has(word)) kind = "constant";
      else if (BUILTINS.has(word)) kind = "builtin";
      naming = kind === "keyword" && (word === "def" || word === "class");
      out.push(kind, word);
      i += word.length;
      continue;
    }
    naming = false;
    out.push("text", c);
    i += 1;
  }
}

/** The tokens of `code`; joined, their texts give `code` back exactly. */
export function tokenize(code: string): Token[] {
  const out = new TokenList();
  scan(code, out);
  return out.tokens;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe to put inside HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** `code` as HTML: each token a `<span class="nnb-tok-KIND">`, everything escaped. */
export function highlight(code: string): string {
  const parts: string[] = [];
  for (const t of tokenize(code)) {
    const text = escapeHtml(t.text);
    parts.push(t.kind === "text" ? text : `<span class="nnb-tok-${t.kind}">${text}</span>`);
  }
  return parts.join("");
}

/** How many lines the code shows (a final newline does not start another). */
export function lineCount(code: string): number {
  let n = 1;
  for (let i = code.indexOf("\n"); i >= 0; i = code.indexOf("\n", i + 1)) n += 1;
  return code.endsWith("\n") && n > 1 ? n - 1 : n;
}

/** "1\n2\n…\nn" for the line-number gutter. */
export function lineNumbers(count: number): string {
  const out: string[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = String(i + 1);
  return out.join("\n");
}
