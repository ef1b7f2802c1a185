// Line numbers for the code view. Pure: tested without a browser.

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
