"""The Builder app's small widgets in a real Voila app, driven by a real (headless) chromium.

One notebook shows a CodeView, a Downloader with a button that downloads bytes
from Python, a training panel in Chinese, and an editor with buttons that edit
and undo from Python. The tests copy and download the code, download the bytes,
switch languages and undo, and compare what the page shows and saves with Python.
In JupyterLab the same notebook's files are saved too.
"""

from __future__ import annotations

import pytest

import nnbuilder
from tests.browser import lab_kernels, servers
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.notebooks import write_notebook

NOTEBOOK = "app.ipynb"
TAIL = 'html = "<script>alert(1)</script>"  # shown, never run\n'
CODE = nnbuilder.export_code(nnbuilder.load_template("mnist_mlp")) + TAIL

SETUP = """\
import ipywidgets
import nnbuilder
from nnbuilder.ui import CodeView, Downloader, Editor, TrainingPanel

CODE = nnbuilder.export_code(nnbuilder.load_template("mnist_mlp")) + {tail!r}
BYTES = bytes(range(256)) * 4

def boxed(name, *children):
    box = ipywidgets.VBox(list(children))
    box.add_class("nnb-test-" + name)
    return box

def button(name, action):
    b = ipywidgets.Button(description=name)
    b.add_class("nnb-test-" + name)
    b.on_click(lambda _b: action())
    return b
"""

CELLS = [
    'code = CodeView(CODE, filename="mnist_mlp.py")\ndisplay(boxed("code", code))',
    'display(boxed("code-zh", CodeView("x = 1\\n", language="zh")))',
    'downloader = Downloader()\ndisplay(boxed("downloads", downloader, button("save-bytes", '
    'lambda: downloader.download(BYTES, "bytes.bin"))))',
    'panel = TrainingPanel(language="zh")\n'
    'def to_english(): panel.language = "en"\n'
    'display(boxed("panel", panel, button("panel-en", to_english)))',
    'editor = Editor(nnbuilder.load_template("mnist_mlp"))\n'
    'units = ipywidgets.Label("128")\nunits.add_class("nnb-test-units")\n'
    'hidden_units = lambda e: str(e.project.models["model"].node("hidden").config["units"])\n'
    'editor.on_change(lambda e: setattr(units, "value", hidden_units(e)))\n'
    'display(boxed("editor", editor, units, button("edit", lambda: editor.set_param("hidden", "units", 7)), '
    'button("undo", editor.undo), button("redo", editor.redo)))',
]

ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
READY = (
    ".nnb-test-code .nnb-app-code, .nnb-test-panel .nnb-training, .nnb-test-editor .nnb-editor, "
    ".nnb-test-downloads .nnb-app-download"
)


@pytest.fixture(scope="module")
def app_page(browser, browser_tmp):
    root = browser_tmp / "app-voila-root"
    root.mkdir()
    write_notebook(root / NOTEBOOK, [SETUP.format(tail=TAIL), *CELLS])
    server = servers.start_voila(root, NOTEBOOK, browser_tmp / "app-voila-home", log_path=browser_tmp / "app-voila.log")
    server.state = _NoState()
    LIVE_SERVERS["app-voila"] = server
    page = open_page(browser, "app-voila")
    try:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
        page.goto(server.url + "/")
        page.wait_for_function(
            """([sel, err]) => sel.split(', ').every(s => document.querySelector(s))
                                || !!document.querySelector(err)""",
            arg=[READY, ERROR_OUTPUT],
            timeout=120_000,
        )
        failed = page.locator(ERROR_OUTPUT)
        if failed.count():
            raise AssertionError("a notebook cell failed:\n" + failed.first.inner_text()[-3000:])
        page.wait_for_function("() => document.querySelector('.nnb-test-editor .nnb-editor').nnb", timeout=30_000)
        page.evaluate("() => document.querySelector('.nnb-test-editor .nnb-editor').nnb.ready")
        yield page, server
    finally:
        close_page("app-voila")
        LIVE_SERVERS.pop("app-voila", None)
        server.stop()


class _NoState:
    """This notebook writes no state file (the failure report reads none)."""

    def read(self):
        return None


def test_code_view_shows_highlighted_code_with_line_numbers(app_page):
    page, _ = app_page
    view = page.evaluate(
        """() => {
          const root = document.querySelector('.nnb-test-code .nnb-app-code');
          const code = root.querySelector('code.nnb-code-python');
          return {
            text: code.textContent,
            keywords: [...code.querySelectorAll('.nnb-tok-keyword')].map(e => e.textContent),
            strings: code.querySelectorAll('.nnb-tok-string').length,
            comments: code.querySelectorAll('.nnb-tok-comment').length,
            colours: ['keyword', 'string', 'comment', 'number'].map(
              k => getComputedStyle(code.querySelector('.nnb-tok-' + k)).color),
            plain: getComputedStyle(code).color,
            scripts: root.querySelectorAll('script').length,
            gutter: root.querySelector('.nnb-code-gutter').textContent.split('\\n'),
            lines: Number(root.dataset.lines),
            name: root.querySelector('.nnb-code-filename').textContent,
            buttons: [...root.querySelectorAll('button')].map(b => [b.dataset.action, b.textContent]),
            renderMs: root.nnb.timing.renderMs,
            errors: window.__nnbErrors,
          };
        }"""
    )
    assert view["errors"] == []
    assert view["text"] == CODE and view["scripts"] == 0  # the <script> in it is shown as text, never run
    assert {"import", "def", "return", "if"} <= set(view["keywords"])
    assert view["strings"] > 5 and view["comments"] > 0
    assert len({*view["colours"], view["plain"]}) == 5, view["colours"]  # each kind coloured by the stylesheet
    assert view["gutter"][:3] == ["1", "2", "3"] and len(view["gutter"]) == view["lines"] > 50
    assert view["name"] == "mnist_mlp.py"
    assert view["buttons"] == [["copy", "Copy"], ["download", "Download"]]


def test_copy_puts_the_code_on_the_clipboard_with_and_without_the_clipboard_api(app_page):
    page, _ = app_page
    expected = page.evaluate("() => document.querySelector('.nnb-test-code code.nnb-code-python').textContent")
    copy = page.locator('.nnb-test-code button[data-action="copy"]')
    copy.click()
    page.wait_for_function(
        """() => document.querySelector('.nnb-test-code button[data-action="copy"]').textContent === 'Copied'"""
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    page.evaluate("() => navigator.clipboard.writeText('something else')")
    page.wait_for_function(
        """() => document.querySelector('.nnb-test-code button[data-action="copy"]').textContent === 'Copy'""",
        timeout=10_000,
    )
    # a plain-http page has no Clipboard API: the hidden textarea copies instead
    page.evaluate("() => Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true})")
    copy.click()
    page.wait_for_function(
        """() => document.querySelector('.nnb-test-code button[data-action="copy"]').textContent === 'Copied'"""
    )
    assert page.evaluate("() => document.querySelectorAll('textarea').length") == 0  # the helper is gone
    page.evaluate("() => { delete navigator.clipboard; }")
    assert page.evaluate("() => navigator.clipboard.readText()") == expected


def test_download_saves_the_code_under_its_file_name(app_page, tmp_path):
    page, _ = app_page
    expected = page.evaluate("() => document.querySelector('.nnb-test-code code.nnb-code-python').textContent")
    with page.expect_download() as info:
        page.locator('.nnb-test-code button[data-action="download"]').click()
    download = info.value
    assert download.suggested_filename == "mnist_mlp.py"
    saved = tmp_path / "code.py"
    download.save_as(saved)
    assert saved.read_text(encoding="utf-8") == expected


def test_downloader_saves_bytes_sent_from_python(app_page, tmp_path):
    page, _ = app_page
    with page.expect_download() as info:
        page.locator("button.nnb-test-save-bytes").click()
    download = info.value
    assert download.suggested_filename == "bytes.bin"
    saved = tmp_path / "bytes.bin"
    download.save_as(saved)
    assert saved.read_bytes() == bytes(range(256)) * 4
    box = page.evaluate(
        """() => { const r = document.querySelector('.nnb-test-downloads .nnb-app-download');
                   const b = r.getBoundingClientRect(); return [b.width, b.height, r.dataset.saved]; }"""
    )
    assert box == [0, 0, "1"]


def test_labels_follow_the_language(app_page):
    page, _ = app_page
    zh = page.evaluate("""() => [...document.querySelectorAll('.nnb-test-code-zh button')].map(b => b.textContent)""")
    assert zh == ["复制", "下载"]
    read = """() => { const r = document.querySelector('.nnb-test-panel .nnb-training');
                      return [r.querySelector('button[data-action="start"]').textContent,
                              r.querySelector('button[data-action="stop"]').textContent,
                              r.querySelector('.nnb-train-status').textContent]; }"""
    assert page.evaluate(read) == ["开始", "停止", "未连接训练器。"]
    page.locator("button.nnb-test-panel-en").click()
    page.wait_for_function(f"() => ({read})()[0] === 'Start'")
    assert page.evaluate(read) == ["Start", "Stop", "No trainer attached."]


def test_undo_and_redo_from_python_step_the_editor_in_the_page(app_page):
    page, _ = app_page
    label = (
        """() => document.querySelector('.nnb-test-editor .nnb-editor').nnb.cy.getElementById('hidden').data('label')"""
    )
    units = "() => document.querySelector('.nnb-test-units').textContent"
    assert "units 128" in page.evaluate(label)

    def click(name):
        page.locator(f"button.nnb-test-{name}").click()

    click("edit")
    page.wait_for_function(f"() => ({label})().includes('units 7')")
    click("undo")
    page.wait_for_function(f"() => ({label})().includes('units 128') && ({units})() === '128'")
    click("redo")
    page.wait_for_function(f"() => ({label})().includes('units 7') && ({units})() === '7'")
    assert page.evaluate("() => window.__nnbErrors") == []


# ------------------------------------------------------------------ JupyterLab
def test_code_view_and_downloader_save_files_in_jupyterlab(browser, lab_server, tmp_path):
    write_notebook(lab_server.root / NOTEBOOK, [SETUP.format(tail=TAIL), *CELLS[:3]])
    page = open_page(browser, "app-lab")
    try:
        lab_kernels.open_in_lab(page, lab_server, NOTEBOOK, workspace="nnb-app-widgets")
        page.wait_for_selector("button.nnb-test-save-bytes", timeout=120_000)
        # the downloader's view listens only once its module has loaded: a click before that is lost
        page.wait_for_selector(".nnb-test-downloads .nnb-app-download", state="attached", timeout=60_000)
        with page.expect_download() as info:
            page.locator("button.nnb-test-save-bytes").click()
        saved = tmp_path / "bytes.bin"
        info.value.save_as(saved)
        assert info.value.suggested_filename == "bytes.bin" and saved.read_bytes() == bytes(range(256)) * 4
        page.locator(".nnb-test-code .nnb-app-code").scroll_into_view_if_needed()
        with page.expect_download() as info:
            page.locator('.nnb-test-code button[data-action="download"]').click()
        info.value.save_as(tmp_path / "code.py")
        assert (tmp_path / "code.py").read_text(encoding="utf-8") == CODE
        assert page.evaluate("() => window.__nnbErrors") == []
    finally:
        close_page("app-lab")
        lab_kernels.shut_down_kernels(lab_server, NOTEBOOK)
