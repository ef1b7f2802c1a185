"""The Builder app in windows people use: a laptop (1366x768), a 1440x900 and a 1920x1080 screen,
and a narrow notebook beside JupyterLab's file browser. Every template shows whole on the canvas,
clear of the overview map; the Data/Train/Evaluate/Code tabs are within a screen of the canvas;
the canvas keeps a usable width; inspector labels never wrap a character a line; and the toolbar
does what it says (the Open button, Save, Download, the project name, New and Undo)."""

from __future__ import annotations

import json

import pytest

import nnbuilder
from nnbuilder import Project, load_template
from tests.browser import app_notebooks as an
from tests.browser import editor_steps as st
from tests.browser import lab_kernels
from tests.browser.conftest import close_page, open_page
from tests.browser.notebooks import poll
from tests.browser.test_app import download, open_template, serve_builder

FOLDER = "app-layout"
MIN_CANVAS_WIDTH = 320  # narrower than this, a canvas holds no more than a node or two side by side

# The canvas as drawn now: its size, the overview map's box and every layer's box, all in the canvas's
# own pixels (the overview is positioned inside the canvas's frame).
CANVAS_VIEW = """() => {
  const apps = document.querySelectorAll('.nnb-test-app');
  const app = apps[apps.length - 1];
  const editor = app && app.querySelector('.nnb-editor');
  const cy = editor && editor.nnb && editor.nnb.cy;
  if (!cy) return null;
  const c = cy.container().getBoundingClientRect();
  const ov = editor.querySelector('.nnb-overview');
  const o = ov && ov.getClientRects().length ? ov.getBoundingClientRect() : null;
  const tab = editor.querySelector('.nnb-tabs .nnb-active');
  return {
    width: cy.width(), height: cy.height(), model: tab ? tab.textContent.trim() : null,
    overview: o ? {x1: o.left - c.left, y1: o.top - c.top, x2: o.right - c.left, y2: o.bottom - c.top} : null,
    nodes: cy.nodes().filter(n => n.data('layer')).map(n => {
      const b = n.renderedBoundingBox({includeLabels: true, includeOverlays: false});
      return {id: n.id(), x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2};
    }),
  };
}"""

# Where the parts of the app sit on the page (viewport pixels).
PLACES = """() => {
  const apps = document.querySelectorAll('.nnb-test-app');
  const app = apps[apps.length - 1];
  const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
                        return {x1: r.left, y1: r.top, x2: r.right, y2: r.bottom, w: r.width, h: r.height}; };
  const cell = app.closest('.jp-Cell') || app.closest('.jp-OutputArea') || document.body;
  return {
    canvas: box(app.querySelector('.nnb-canvas-wrap')), editor: box(app.querySelector('.nnb-editor')),
    tabBar: box(app.querySelector('.nnb-app-tabs .lm-TabBar')), summary: box(app.querySelector('.nnb-app-summary')),
    palette: box(app.querySelector('.nnb-palette')), inspector: box(app.querySelector('.nnb-inspector')),
    cell: box(cell), window: {w: window.innerWidth, h: window.innerHeight},
  };
}"""

# Each visible label of the inspector: its text, how many lines it takes and how many it would take unwrapped.
INSPECTOR_LABELS = """() => {
  const apps = document.querySelectorAll('.nnb-test-app');
  const inspector = apps[apps.length - 1].querySelector('.nnb-inspector');
  const labels = Array.from(inspector.querySelectorAll('.nnb-facts dt, .nnb-fields .nnb-field > label'));
  return labels.filter(el => el.getClientRects().length).map(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
    return {text: el.textContent.trim(), lines: tops.size, width: el.getBoundingClientRect().width};
  });
}"""


class LayoutPage:
    """The app notebook in JupyterLab (in a folder and workspace of its own) or in Voila."""

    def __init__(self, kind, browser, server, state, path: str):
        self.kind, self.browser, self.server, self.state, self.path = kind, browser, server, state, path
        self.folder = state.path.parent  # the notebook's folder: the kernel's working directory
        self.name = f"builder-layout-{kind}"
        self.page = None

    def open(self):
        close_page(self.name)
        page = open_page(self.browser, self.name)
        page.on("dialog", lambda dialog: dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss())
        self.page = page
        if self.kind == "lab":
            lab_kernels.open_in_lab(page, self.server, self.path, workspace="nnb-app-layout")
        else:
            page.goto(self.server.url + "/")
        an.wait_app_drawn(page)

    def python(self, predicate, what: str, timeout: float = 20.0) -> dict:
        return self.state.wait(predicate, timeout, what)

    def resize(self, width: int, height: int) -> None:
        """Resize the window; wait until the app has been laid out for it (its canvas matches its frame)."""
        self.page.set_viewport_size({"width": width, "height": height})
        seen: list = []

        def settled(v) -> bool:
            """The app fits the new window, its canvas matches its frame, and nothing moved since the last look
            (JupyterLab lays its panels out a frame or more after the window changes)."""
            before = seen[-1] if seen else None
            seen.append(v[1])
            fits = v[1]["window"]["w"] == width and v[1]["cell"]["x2"] <= width
            return fits and abs(v[0]["width"] - v[1]["canvas"]["w"]) <= 4 and v[1] == before

        poll(
            lambda: (self.page.evaluate(CANVAS_VIEW), self.page.evaluate(PLACES)),
            settled,
            20,
            f"the app to be laid out for a {width}x{height} window",
            lambda v: json.dumps(v[1] if v else None),
        )


@pytest.fixture(scope="module", params=["lab", "voila"])
def app(request, browser, browser_tmp):
    kind = request.param
    server, state, path = serve_builder(request, kind, browser_tmp, "builder-layout", FOLDER)
    shown = LayoutPage(kind, browser, server, state, path)
    request.addfinalizer(lambda: close_page(shown.name))
    shown.open()
    return shown


# ------------------------------------------------------------------ readers
def whole_and_clear(view) -> list[str]:
    """What is wrong with the canvas view: layers out of the canvas, or under the overview map."""
    wrong = []
    w, h, ov = view["width"], view["height"], view["overview"]
    for n in view["nodes"]:
        if n["x1"] < 0 or n["y1"] < 0 or n["x2"] > w or n["y2"] > h:
            wrong.append(f"{n['id']} is not inside the {w:.0f}x{h:.0f} canvas: {n}")
        elif ov and n["x1"] < ov["x2"] and n["x2"] > ov["x1"] and n["y1"] < ov["y2"] and n["y2"] > ov["y1"]:
            wrong.append(f"{n['id']} is under the overview {ov}: {n}")
    return wrong


def wait_whole(app, what: str) -> dict:
    return poll(
        lambda: app.page.evaluate(CANVAS_VIEW),
        lambda v: v["nodes"] and not whole_and_clear(v),
        20,
        what,
        lambda v: "; ".join(whole_and_clear(v)) if v else "no canvas",
    )


def show_canvas(page) -> None:
    """Scroll the notebook until the whole canvas is in the window (a layer is clicked where it is seen)."""
    page.locator(f"{an.APP} .nnb-canvas").scroll_into_view_if_needed()
    page.wait_for_function(
        """() => { const r = document.querySelector('.nnb-test-app .nnb-canvas').getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight + 1 && r.width > 0; }""",
        timeout=10_000,
    )


def show_model(app, model: str, ids: list[str]) -> None:
    """Pick the editor's tab of `model` and wait for its layers on the canvas."""
    page = app.page
    page.locator(f"{an.APP} .nnb-editor .nnb-tabs .nnb-tab", has_text=model).first.click()
    an.wait_app(page, lambda v: v["canvas"]["ids"] == ids, f"the canvas to show model {model}")


def every_model_whole(app, name: str, size: str) -> None:
    template = load_template(name)
    open_template(app, name)
    models = list(template.models)
    first = app.state.read()["active_model"]
    for model in [first] + [m for m in models if m != first]:
        ids = sorted(n.id for n in template.models[model].nodes)
        if model != first:
            show_model(app, model, ids)
        view = wait_whole(app, f"every layer of {name}/{model} inside the canvas and clear of the overview at {size}")
        assert sorted(n["id"] for n in view["nodes"]) == ids, view
        app.page.locator(f'{an.APP} .nnb-editor button[data-action="fit"]').click()  # and so after Fit
        wait_whole(app, f"every layer of {name}/{model} clear of the overview after Fit at {size}")


# ------------------------------------------------------------------ the tests
@pytest.mark.parametrize("width,height", [(1366, 768), (1920, 1080)])
def test_every_template_shows_whole_clear_of_the_overview(app, width, height):
    app.resize(width, height)
    for name in nnbuilder.templates():
        every_model_whole(app, name, f"{width}x{height}")
    places = app.page.evaluate(PLACES)
    assert places["canvas"]["w"] >= 560, f"the canvas is only {places['canvas']['w']:.0f} px wide: {places}"
    assert places["canvas"]["h"] >= 340, places


def test_the_tabs_are_within_a_screen_of_the_canvas(app):
    app.resize(1440, 900)
    places = app.page.evaluate(PLACES)
    below = places["tabBar"]["y1"] - places["canvas"]["y1"]
    assert 0 < below <= 900, f"the tab bar is {below:.0f} px below the canvas top: {places}"
    app.resize(1920, 1080)  # a wide screen: the tabs sit right of the editor
    places = app.page.evaluate(PLACES)
    assert places["tabBar"]["x1"] >= places["editor"]["x2"] and places["tabBar"]["y1"] < places["canvas"]["y2"], places
    assert places["summary"]["x1"] >= places["editor"]["x2"], places


def test_a_narrow_notebook_beside_the_file_browser_keeps_a_usable_canvas(app):
    if app.kind != "lab":
        pytest.skip("the file browser beside the notebook is JupyterLab's")
    page = app.page
    app.resize(900, 800)
    page.evaluate("async () => { await window.jupyterapp.commands.execute('filebrowser:activate'); }")
    try:
        page.wait_for_function("() => !window.jupyterapp.shell.leftCollapsed", timeout=10_000)
        places = poll(
            lambda: page.evaluate(PLACES),
            lambda p: p["cell"]["x1"] > 250,  # the notebook moved right of the open file browser
            20,
            "the notebook to sit beside the file browser",
            json.dumps,
        )
        places = poll(
            lambda: page.evaluate(PLACES),
            lambda p: p["canvas"]["w"] >= MIN_CANVAS_WIDTH,
            20,
            f"a canvas at least {MIN_CANVAS_WIDTH} px wide",
            json.dumps,
        )
        assert places["editor"]["x2"] <= places["cell"]["x2"] + 1, f"the editor overflows its cell: {places}"
        assert places["palette"]["w"] >= 120 and places["inspector"]["w"] >= 120, places
        open_template(app, "mnist_cnn")
        wait_whole(app, "mnist_cnn inside the narrow canvas and clear of the overview")
    finally:
        page.evaluate("async () => { await window.jupyterapp.commands.execute('application:toggle-left-area'); }")
        page.wait_for_function("() => window.jupyterapp.shell.leftCollapsed", timeout=10_000)


@pytest.mark.parametrize("width,height", [(1366, 768), (700, 800)])
def test_inspector_labels_in_chinese_never_wrap_a_character_a_line(app, width, height):
    page = app.page
    app.resize(width, height)
    page.locator(f"{an.APP} .nnb-tool-language button", has_text="中文").click()
    app.python(lambda d: d["language"] == "zh", "the app in Chinese")
    try:
        open_template(app, "mnist_cnn")
        for node in ("conv1", "flatten", "digit"):
            show_canvas(page)
            st.ensure_visible(page, node)  # Fit when it is not (pressing Fit may scroll the page)
            show_canvas(page)
            st.click_node(page, node)
            labels = poll(
                lambda: page.evaluate(INSPECTOR_LABELS),
                lambda ls: any(label["text"] == "输出形状" for label in ls),
                10,
                f"the inspector of {node} in Chinese",
                json.dumps,
            )
            for label in labels:
                text = label["text"]
                if label["lines"] > 1:  # a long label may wrap between words, never a character a line
                    assert len(text) / label["lines"] >= 4, f"{text!r} of {node} wraps into {label['lines']} lines"
                if text in ("输入形状", "输出形状", "参数"):
                    assert label["lines"] == 1, f"{text!r} of {node} wraps into {label['lines']} lines: {labels}"
    finally:
        page.locator(f"{an.APP} .nnb-tool-language button", has_text="English").click()
        app.python(lambda d: d["language"] == "en", "the app back in English")


def test_the_toolbar_open_save_download_name_new_and_undo(app):
    page, folder = app.page, app.folder
    app.resize(1366, 768)
    view = an.read_app(page)
    assert view["tools"]["open"]["text"] == "Open…", view["tools"]["open"]  # no file counter such as "(0)"
    open_template(app, "mnist_mlp")
    name_box = page.locator(f"{an.APP} .nnb-tool-name input")  # a widget of its own, which may follow the canvas
    page.wait_for_function("(el) => el.value === 'MNIST MLP'", arg=name_box.element_handle(), timeout=30_000)
    name_box.fill("Digits Today")
    name_box.press("Enter")
    app.python(lambda d: d["project"]["name"] == "Digits Today", "Python's project renamed")
    app.python(lambda d: d["code_file"] == "digits_today.py", "the code named after the project")

    name, data = download(page, lambda: an.click_tool(page, "download"))
    assert name == "digits_today.nnb.json" and json.loads(data)["name"] == "Digits Today", name
    assert not (folder / "digits_today.nnb.json").exists()  # Download leaves the notebook's folder alone
    an.click_tool(page, "save")
    saved = folder / "digits_today.nnb.json"
    an.wait_app(page, lambda v: (v["message"] or {}).get("text", "").startswith("ℹ Saved as digits_today.nnb.json"),
                "the message naming the saved file")  # fmt: skip
    assert Project.load(saved).name == "Digits Today"

    an.click_tool(page, "undo")  # the rename undone, in the name field too
    app.python(lambda d: d["project"]["name"] == "MNIST MLP", "the rename undone")
    page.wait_for_function("(el) => el.value === 'MNIST MLP'", arg=name_box.element_handle(), timeout=10_000)

    an.click_tool(page, "templates")
    an.wait_app(page, lambda v: v["gallery"]["shown"], "the gallery to open")
    an.click_tool(page, "new")
    an.wait_app(page, lambda v: not v["gallery"]["shown"] and v["canvas"]["nodes"] == 0, "New to close the gallery")
    an.click_tool(page, "undo")
    an.wait_app(page, lambda v: v["canvas"]["nodes"] == 4 and v["message"] is None, "Undo of New, its message gone")

    open_template(app, "mnist_cnn")
    an.wait_app(page, lambda v: "Loaded the template mnist_cnn" in (v["message"] or {}).get("text", ""), "the message")
    an.click_tool(page, "undo")
    view = an.wait_app(page, lambda v: v["canvas"]["nodes"] == 4 and v["message"] is None, "the load undone, unsaid")
    assert not view["gallery"]["shown"], view
