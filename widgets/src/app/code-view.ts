// The code view: Python with syntax colours and line numbers, Copy and Download.
// Python colours the code (Pygments) and sends it as escaped HTML spans in
// `code_html`, in the same message as `code`; Copy and Download take `code`.
import { h } from "../shared/dom";
import { lineCount, lineNumbers } from "./code-lines";
import { copyText } from "./copy-text";
import { saveFile, safeFileName } from "./save-file";
import { appWords } from "./words";
import { type WidgetModel, asLanguage } from "../shared/widget";

const FEEDBACK_MS = 1600;

export function renderCodeView(model: WidgetModel, el: HTMLElement): () => void {
  const lang = () => asLanguage(model.get("language"));
  const code = () => String(model.get("code") ?? "");
  const codeHtml = () => String(model.get("code_html") ?? "");
  const fileName = () => safeFileName(model.get("filename"), "model.py");

  const name = h("span", { class: "nnb-code-filename" });
  const lines = h("span", { class: "nnb-code-lines" });
  const note = h("span", { class: "nnb-code-note", role: "status", "aria-live": "polite" });
  const copyButton = h("button", { type: "button", class: "nnb-button", "data-action": "copy" });
  const downloadButton = h("button", { type: "button", class: "nnb-button", "data-action": "download" });
  const toolbar = h(
    "div",
    { class: "nnb-code-toolbar" },
    name,
    lines,
    h("span", { class: "nnb-spacer" }),
    note,
    copyButton,
    downloadButton,
  );
  const gutter = h("pre", { class: "nnb-code-gutter", "aria-hidden": "true" });
  const text = h("code", { class: "nnb-code-python" });
  const pre = h("pre", { class: "nnb-code-text" }, text);
  const empty = h("div", { class: "nnb-code-empty" });
  const scroll = h("div", { class: "nnb-code-scroll", tabindex: 0, role: "region" }, gutter, pre);
  const root = h("div", { class: "nnb-app-code" }, toolbar, scroll, empty);
  el.append(root);

  let copied = false;
  let feedbackTimer = 0;
  const timing = { renderMs: 0, renders: 0 };

  function showCode(): void {
    const start = performance.now();
    const html = codeHtml(); // every character escaped, no span holding a line end
    const top = scroll.scrollTop;
    const left = scroll.scrollLeft;
    const count = lineCount(html);
    text.innerHTML = html;
    gutter.textContent = lineNumbers(count);
    scroll.scrollTop = top; // a new script of the same model keeps the reader's place
    scroll.scrollLeft = left;
    root.dataset.lines = String(count);
    root.classList.toggle("nnb-code-none", !html);
    timing.renderMs = performance.now() - start;
    timing.renders += 1;
    showLabels();
  }

  function showLabels(): void {
    const w = appWords(lang());
    const source = code();
    const file = fileName();
    name.textContent = file;
    lines.textContent = source ? w.lines(lineCount(source.replace(/\r\n?/g, "\n"))) : "";
    copyButton.textContent = copied ? w.copied : w.copy;
    copyButton.dataset.state = copied ? "copied" : "";
    copyButton.title = w.copyTitle;
    copyButton.disabled = !source;
    downloadButton.textContent = w.download;
    downloadButton.title = w.downloadTitle(file);
    downloadButton.disabled = !source;
    scroll.setAttribute("aria-label", w.codeLabel(file));
    empty.textContent = w.empty;
    empty.hidden = !!source;
    scroll.hidden = !source;
    if (note.dataset.state === "failed") note.textContent = w.copyFailed;
  }

  function feedback(ok: boolean): void {
    window.clearTimeout(feedbackTimer);
    copied = ok;
    note.dataset.state = ok ? "" : "failed";
    note.textContent = ok ? "" : appWords(lang()).copyFailed;
    showLabels();
    feedbackTimer = window.setTimeout(
      () => {
        copied = false;
        note.dataset.state = "";
        note.textContent = "";
        showLabels();
      },
      ok ? FEEDBACK_MS : FEEDBACK_MS * 4,
    );
  }

  copyButton.addEventListener("click", () => {
    void copyText(code()).then(feedback);
  });
  downloadButton.addEventListener("click", () => {
    saveFile(new Blob([code()], { type: "text/x-python;charset=utf-8" }), fileName());
  });

  model.on("change:code_html", showCode);
  model.on("change:code", showLabels);
  model.on("change:filename", showLabels);
  model.on("change:language", showLabels);
  showCode();
  (root as HTMLElement & { nnb?: unknown }).nnb = { timing, render: showCode };

  return () => {
    model.off("change:code_html", showCode);
    model.off("change:code", showLabels);
    model.off("change:filename", showLabels);
    model.off("change:language", showLabels);
    window.clearTimeout(feedbackTimer);
    root.remove();
  };
}
