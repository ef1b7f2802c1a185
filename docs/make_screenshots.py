"""Screenshots for the docs, taken in a real JupyterLab (light theme unless said):

    python docs/make_screenshots.py                 # everything below
    python docs/make_screenshots.py --only app      # or editor, zh, demo

- editor-{light,dark}.png: the editor widget alone (MNIST CNN, a node selected), each
  theme in its own JupyterLab whose user settings pick it, cropped to the widget;
- app-<template>.png for every template in `nnbuilder.templates()`: the whole app
  (toolbar, the canvas arranged and fitted, the model summary, the Data tab open),
  1400×900;
- app-zh.png: the same for the MNIST CNN with the app in Chinese;
- app-demo.gif: a short capture: a template opened from the gallery, trained, its charts.

Needs Debian's chromium (/usr/bin/chromium), the built bundles (nnbuilder/static/) and
Pillow. A PNG still over 250 KB once optimised is written with a 256-colour palette.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import app_notebooks as an  # noqa: E402
from tests.browser import editor_steps as st  # noqa: E402
from tests.browser import servers  # noqa: E402
from tests.browser.drivers import LabDriver  # noqa: E402
from tests.browser.notebooks import STATE, StateFile, write_editor_notebook, write_notebook  # noqa: E402
from tests.browser.servers import launch_chromium  # noqa: E402

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
SELECT = "conv2"  # a node to select, so the inspector shows its settings
PICTURES = ("editor", "app", "zh", "demo")

APP_SIZE = (1400, 900)  # the picture of the app, in CSS pixels
PAD = 8  # white margin kept around the app
APP_VIEWPORT = {"width": 1564, "height": 1100}  # JupyterLab's output area then holds the app 1384 px wide
PNG_LIMIT = 250_000
GIF_WIDTH = 1000  # the demo's frames are scaled down to this width
GIF_LIMIT = 2_000_000
DEMO_TEMPLATE = "mnist_mlp"
ZH_TEMPLATE = "mnist_cnn"
APP_NOTEBOOK = "app.ipynb"
DATA_TAB, TRAIN_TAB = 0, 1
# One cell shows one app; each picture replaces that cell's source and runs it again. No background
# import of Keras: the pictures need none, and the demo's Start, clicked at once, imports it itself.
APP_CELL = """\
import nnbuilder
app = nnbuilder.Builder({project}, language={language!r}, autosave=False, preload=False)
app"""
# Puts element `sel` at the top of the notebook's view, `margin` pixels below its edge; returns
# the bottom of the notebook's toolbar, so that the picture starts below it.
SCROLL_TO = """([sel, margin]) => { const el = document.querySelector(sel); el.scrollIntoView({block: 'start'});
  for (let box = el.parentElement; box; box = box.parentElement) {
    if (box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible') {
      box.scrollTop -= margin; break; } }
  const bar = document.querySelector('.jp-NotebookPanel-toolbar');
  return bar ? bar.getBoundingClientRect().bottom : 0; }"""
NEW_APP = ".nnb-app:not([data-nnb-shot])"  # the app the cell showed last (older ones are marked)
PAINTED = """(sel) => { const cy = document.querySelector(sel + ' .nnb-editor').nnb.cy;
  return !cy.animated() && new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))); }"""


# ------------------------------------------------------------------ the editor widget
def shoot_editor(browser, theme: str, out: Path, template: str, select: str | None) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix=f"nnb-shots-{theme}-"))
    root = tmp / "root"
    root.mkdir()
    write_editor_notebook(root, template=template)
    server = servers.start_lab(root, tmp / "home", theme=THEMES[theme])
    server.state = StateFile(root / STATE)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
        LabDriver(page, server)
        page.wait_for_function("(name) => document.body.dataset.jpThemeName === name", arg=THEMES[theme])
        st.show_editor(page)
        if select:
            st.click_node(page, select)
        page.mouse.move(0, 0)  # no hover handle in the picture
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.wait_for_function(PAINTED, arg="")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.locator(".nnb-editor").first.screenshot(path=str(out))
        page.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


# ------------------------------------------------------------------ the whole app
class AppSession:
    """One JupyterLab (light theme) with one notebook whose single cell shows the app."""

    def __init__(self, browser):
        self.tmp = Path(tempfile.mkdtemp(prefix="nnb-shots-app-"))
        root = self.tmp / "root"
        root.mkdir()
        write_notebook(root / APP_NOTEBOOK, [app_cell(None, "en")])
        self.server = servers.start_lab(root, self.tmp / "home", theme=THEMES["light"])
        self.page = browser.new_page(viewport=APP_VIEWPORT, device_scale_factor=1)
        try:
            an.open_in_lab(self.page, self.server, APP_NOTEBOOK)
            self.page.add_style_tag(content=".jp-Cell-inputWrapper { display: none; }")  # the app alone
            wait_new_app(self.page)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        try:
            self.page.close()
        finally:
            self.server.stop()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def show(self, template: str | None, language: str = "en") -> None:
        """Run the cell again for a fresh app holding `template`, arranged and fitted."""
        page = self.page
        page.evaluate("() => document.querySelectorAll('.nnb-app').forEach(e => e.dataset.nnbShot = 'old')")
        page.evaluate(
            """async (code) => { const app = window.jupyterapp; const nb = app.shell.currentWidget.content;
                 nb.activeCellIndex = 0; nb.activeCell.model.sharedModel.setSource(code);
                 await app.commands.execute('notebook:run-cell'); }""",
            app_cell(template, language),
        )
        wait_new_app(page)
        if template is not None:
            arrange(page)

    def open_tab(self, index: int) -> None:
        tab = self.page.locator(f"{NEW_APP} .nnb-app-tabs .lm-TabBar-tab").nth(index)
        tab.click()
        self.page.wait_for_function("(el) => el.classList.contains('lm-mod-current')", arg=tab.element_handle())

    def frame(self, top: str = NEW_APP) -> bytes:
        """A picture of the app, APP_SIZE at most, from the top of the element `top` down."""
        page = self.page
        page.mouse.move(0, 0)  # no hover effects in the picture
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        view_top = page.evaluate(SCROLL_TO, [top, 2 * PAD])
        page.wait_for_function(PAINTED, arg=NEW_APP)
        check_no_widget_errors(page)
        app = page.locator(NEW_APP).bounding_box()
        start = page.locator(top).bounding_box()
        width = min(APP_SIZE[0], app["width"] + 2 * PAD)
        y = max(start["y"] - PAD, view_top + 1)  # never the notebook toolbar's border
        height = min(APP_SIZE[1], app["y"] + app["height"] + PAD - y)
        clip = {"x": app["x"] - PAD, "y": y, "width": width, "height": height}
        return page.screenshot(clip=clip)


def app_cell(template: str | None, language: str) -> str:
    project = f"nnbuilder.load_template({template!r})" if template else "None"
    return APP_CELL.format(project=project, language=language)


def wait_new_app(page, timeout_ms: int = 120_000) -> None:
    """Wait until the cell's newest app has drawn its graph (a failed cell fails at once)."""
    page.wait_for_function(
        """([sel, err]) => { const app = document.querySelector(sel);
             const e = app && app.querySelector('.nnb-editor');
             return !!(e && e.nnb && e.nnb.cy && app.querySelector('.nnb-app-tabs .lm-TabBar-tab'))
                    || !!document.querySelector(err); }""",
        arg=[NEW_APP, st.ERROR_OUTPUT],
        timeout=timeout_ms,
    )
    failed = page.locator(st.ERROR_OUTPUT)
    if not page.locator(NEW_APP).count():  # stderr alone may be the log lines of the Keras import
        raise RuntimeError("the app cell failed:\n" + failed.first.inner_text()[-3000:])
    page.evaluate("(sel) => document.querySelector(sel + ' .nnb-editor').nnb.ready.then(() => true)", NEW_APP)


def arrange(page) -> None:
    """The editor's own Arrange, then Fit, and wait until the canvas has painted."""
    for action in ("layout", "fit"):
        page.locator(f'{NEW_APP} .nnb-editor button[data-action="{action}"]').click()
    page.wait_for_function(PAINTED, arg=NEW_APP)


def check_no_widget_errors(page) -> None:
    """A widget that failed to render shows an error box: a picture showing one is refused."""
    for broken in page.locator(f"{NEW_APP} .jupyter-widgets-error-widget").all():
        if broken.is_visible():
            broken.click()  # the box then shows the error itself
            raise RuntimeError("a part of the app failed to render:\n" + broken.inner_text()[:2000])


def save_png(data: bytes, path: Path) -> Path:
    """Write the PNG smaller: optimised, and with a 256-colour palette when it is over PNG_LIMIT."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)
    if path.stat().st_size > PNG_LIMIT:
        image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    return path


def app_pictures(session: AppSession, out: Path, names: list[str]) -> list[Path]:
    written = []
    for name in names:
        session.show(name)
        session.open_tab(DATA_TAB)
        written.append(save_png(session.frame(), out / f"app-{name}.png"))
        report(written[-1])
    return written


def chinese_picture(session: AppSession, out: Path) -> Path:
    session.show(ZH_TEMPLATE, language="zh")
    session.open_tab(DATA_TAB)
    return report(save_png(session.frame(), out / "app-zh.png"))


def demo_gif(session: AppSession, out: Path) -> Path:
    """The template gallery of an empty app, the template on the canvas, training, the finished charts."""
    page = session.page
    frames = []  # (png bytes, milliseconds shown)
    session.show(None)
    opener = page.locator(f"{NEW_APP} .nnb-open-{DEMO_TEMPLATE}")
    if not opener.is_visible():  # the app opens the gallery by itself on an empty canvas
        page.locator(f"{NEW_APP} .nnb-tool-templates").click()
    opener.wait_for(state="visible")
    frames.append((session.frame(), 2000))
    page.locator(f"{NEW_APP} .nnb-open-{DEMO_TEMPLATE}").click()
    page.wait_for_function(
        "(sel) => document.querySelector(sel + ' .nnb-editor').nnb.cy.nodes('[layer]').length > 0", arg=NEW_APP
    )
    page.locator(f"{NEW_APP} .nnb-templates").wait_for(state="hidden")
    arrange(page)
    frames.append((session.frame(), 1800))
    session.open_tab(TRAIN_TAB)
    panel = f"{NEW_APP} .nnb-app-tabs"
    frames.append((session.frame(panel), 1200))
    page.locator(f'{NEW_APP} .nnb-training button[data-action="start"]').click()
    status = page.locator(f"{NEW_APP} .nnb-train-status")
    deadline = time.monotonic() + 300
    while status.get_attribute("data-status") in ("idle", "starting", "running"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"training did not finish in 300 s: {status.inner_text()!r}")
        if status.get_attribute("data-status") == "running":
            frames.append((session.frame(panel), 700))
        time.sleep(0.8)
    if status.get_attribute("data-status") != "finished":
        raise RuntimeError(f"training ended as {status.get_attribute('data-status')!r}: {status.inner_text()!r}")
    frames.append((session.frame(panel), 3500))
    return report(save_gif(frames, out / "app-demo.gif"))


def save_gif(frames: list[tuple[bytes, int]], path: Path) -> Path:
    """An endless GIF of the frames on one shared palette, scaled to GIF_WIDTH, under GIF_LIMIT."""
    from PIL import Image

    if len(frames) > 13:  # keep the first three, the last and an even spread of the training frames between
        middle = frames[3:-1]
        step = len(middle) / 9
        frames = frames[:3] + [middle[int(i * step)] for i in range(9)] + frames[-1:]
    images = []
    for data, _ms in frames:
        image = Image.open(io.BytesIO(data)).convert("RGB")
        size = (GIF_WIDTH, round(image.height * GIF_WIDTH / image.width))
        images.append(image.resize(size, Image.Resampling.LANCZOS))
    canvas = Image.new("RGB", (GIF_WIDTH, max(im.height for im in images)), "white")
    padded = []
    for image in images:
        frame = canvas.copy()
        frame.paste(image, (0, 0))
        padded.append(frame)
    palette = padded[-1].quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    paletted = [im.quantize(palette=palette, dither=Image.Dither.NONE) for im in padded]
    durations = [ms for _data, ms in frames]
    path.parent.mkdir(parents=True, exist_ok=True)
    paletted[0].save(path, save_all=True, append_images=paletted[1:], duration=durations, loop=0, optimize=True)
    if path.stat().st_size > GIF_LIMIT:
        raise RuntimeError(f"{path.name} is {path.stat().st_size:,} bytes, over {GIF_LIMIT:,}: fewer or smaller frames")
    return path


def report(path: Path) -> Path:
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    print(f"wrote {shown} ({path.stat().st_size // 1024} KB)", flush=True)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    parser.add_argument("--only", choices=PICTURES, action="append", help="make only these pictures (repeatable)")
    parser.add_argument("--template", default="mnist_cnn", help="template of the editor pictures")
    parser.add_argument("--select", default=SELECT, help="node id to select in the editor pictures ('' for none)")
    args = parser.parse_args(argv)
    wanted = args.only or list(PICTURES)
    from playwright.sync_api import sync_playwright

    import nnbuilder

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            if "editor" in wanted:
                for theme in THEMES:
                    out = args.out / f"editor-{theme}.png"
                    report(shoot_editor(browser, theme, out, args.template, args.select or None))
            if {"app", "zh", "demo"} & set(wanted):
                session = AppSession(browser)
                try:
                    if "app" in wanted:
                        app_pictures(session, args.out, nnbuilder.templates())
                    if "zh" in wanted:
                        chinese_picture(session, args.out)
                    if "demo" in wanted:
                        demo_gif(session, args.out)
                finally:
                    session.close()
        finally:
            browser.close()


if __name__ == "__main__":
    main()
