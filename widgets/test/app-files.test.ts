import { describe, expect, it } from "vitest";
import { fileFromMessage } from "../src/app/downloader";
import { byteParts, safeFileName } from "../src/app/save-file";
import { appWords } from "../src/app/words";
import { firstToHandle } from "../src/shared/once";

describe("files saved from the page", () => {
  it("keeps only a plain file name", () => {
    expect(safeFileName("model.py", "x")).toBe("model.py");
    expect(safeFileName("../../etc/passwd", "x")).toBe("passwd");
    expect(safeFileName("C:\\Users\\me\\net.keras", "x")).toBe("net.keras");
    expect(safeFileName("bad\u0000name\n.py", "x")).toBe("badname.py");
    expect(safeFileName("..", "fallback.bin")).toBe("fallback.bin");
    expect(safeFileName("folder/", "fallback.bin")).toBe("fallback.bin");
    expect(safeFileName(undefined, "fallback.bin")).toBe("fallback.bin");
    expect(safeFileName("模型.py", "x")).toBe("模型.py");
  });

  it("reads message buffers however the comm delivers them", () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const view = new DataView(bytes.buffer, 1, 3);
    const parts = byteParts([view, bytes.buffer, new Uint8Array([9]), "not bytes", null]);
    expect(parts.map((p) => Array.from(p))).toEqual([[2, 3, 4], [1, 2, 3, 4, 5], [9]]);
    expect(byteParts(undefined)).toEqual([]);
  });

  it("turns a download message into the file to save", () => {
    const data = new TextEncoder().encode("print('hi')\n");
    const file = fileFromMessage(
      { type: "download", id: "a-0", filename: "run.py", mime: "text/x-python", size: data.length },
      [new DataView(data.buffer)],
    );
    expect(file).toEqual({ name: "run.py", mime: "text/x-python", parts: [data], size: data.length });
    const odd = fileFromMessage({ type: "download", filename: "../x.bin", mime: "<script>" }, []);
    expect(odd).toMatchObject({ name: "x.bin", mime: "application/octet-stream", size: 0 });
    expect(fileFromMessage({ type: "download", filename: "x.bin", size: 10 }, [new Uint8Array(4)])).toEqual({
      error: "expected 10 bytes for x.bin, received 4",
    });
  });

  it("lets one view act on a message that every view receives", () => {
    const id = `test-${Math.random()}`;
    expect(firstToHandle(id)).toBe(true);
    expect(firstToHandle(id)).toBe(false);
    expect(firstToHandle(undefined)).toBe(true);
    expect(firstToHandle(undefined)).toBe(true);
  });
});

describe("code view words", () => {
  it("has every label in English and Chinese", () => {
    const en = appWords("en");
    const zh = appWords("zh");
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect([en.copy, en.copied, en.download]).toEqual(["Copy", "Copied", "Download"]);
    expect([zh.copy, zh.copied, zh.download]).toEqual(["复制", "已复制", "下载"]);
    expect(en.lines(1)).toBe("1 line");
    expect(zh.lines(300)).toBe("300 行");
  });
});
