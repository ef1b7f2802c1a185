"""The whole Builder app in a real JupyterLab and a real Voila app, driven by a real (headless) chromium.

A notebook (see `app_notebooks`) shows `Builder()`; the tests press the app's own buttons
(gallery, Train tab, Code tab, Save, restore, language) and compare what the page shows
and saves with Python's side, read back from the state file the notebook keeps up to date.
The tests run in order on one page per backend: each starts from where the last one left it.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from pathlib import Path

import pytest

import nnbuilder
from nnbuilder import Project, check, load_template
from tests.browser import app_notebooks as an
from tests.browser import servers
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.test_training_panel import CANVAS_PROBE, step_of, wait_panel
from tests.browser.training_notebooks import NotebookRecord

PANEL = "app"  # the training panel of `.nnb-test-app` for the training-panel readers
TRAINED = "mnist_mlp"
VOILA_FONT = "cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@"
# JupyterLab's language-server client asks for a server extension the test server turns off.
TEST_SERVER_OFF = ("/lsp/status",)
STOP_WITHIN = 10.0  # seconds from the click on Stop to "stopped" in the page (a loaded 2-core machine included)


class AppPage:
    """One backend's page on the app notebook; Voila's page is replaced when a test asks for a new kernel."""

    def __init__(self, kind, browser, server, state, path: str):
        self.kind, self.browser, self.server, self.state, self.path = kind, browser, server, state, path
        self.name = f"builder-{kind}"
        self.page = None

    def open(self) -> dict:
        """A new page on the notebook (a new Voila kernel; JupyterLab runs the cells in the notebook's kernel)."""
        close_page(self.name)
        page = open_page(self.browser, self.name)
        page.add_init_script(CANVAS_PROBE)
        # JupyterLab asks before leaving a notebook with unsaved changes: the tests leave on purpose.
        page.on("dialog", lambda dialog: dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss())
        page.nnb_outside = []  # requests that leave the machine (nothing but loopback is reachable)
        page.on("request", lambda request: _note_outside(page, request.url))
        page.on("response", lambda response: _note_failed(page, response))
        self.page = page
        if self.kind == "lab":
            an.open_in_lab(page, self.server, self.path)
        else:
            page.goto(self.server.url + "/")
        return an.wait_app_drawn(page)

    def python(self, predicate, what: str, timeout: float = 20.0) -> dict:
        return self.state.wait(predicate, timeout, what)


def serve_builder(request, kind: str, browser_tmp, name: str, folder: str = an.FOLDER):
    """(server, state file, notebook path) of the app notebook in the module's JupyterLab (`kind` "lab", in
    `folder`) or in a Voila of its own ("voila"); everything is stopped when the module ends."""
    if kind == "lab":
        server = request.getfixturevalue("lab_server")
        state = an.write_app_notebook(server.root / folder)
        path = f"{folder}/{an.NOTEBOOK}"
        LIVE_SERVERS[f"lab-{name}"] = NotebookRecord(state)
        request.addfinalizer(lambda: LIVE_SERVERS.pop(f"lab-{name}", None))
        request.addfinalizer(lambda: an.shut_down_kernels(server, path))
        return server, state, path
    root = browser_tmp / f"{name}-voila-root"
    state = an.write_app_notebook(root)
    server = servers.start_voila(
        root, an.NOTEBOOK, browser_tmp / f"{name}-voila-home", log_path=browser_tmp / f"{name}-voila.log"
    )
    server.state = state
    LIVE_SERVERS[f"{name}-voila"] = server
    request.addfinalizer(server.stop)
    request.addfinalizer(lambda: LIVE_SERVERS.pop(f"{name}-voila", None))
    return server, state, an.NOTEBOOK


@pytest.fixture(scope="module", params=["lab", "voila"])
def app(request, browser, browser_tmp):
    kind = request.param
    server, state, path = serve_builder(request, kind, browser_tmp, "builder")
    shown = AppPage(kind, browser, server, state, path)
    request.addfinalizer(lambda: close_page(shown.name))  # after a setup failure's screenshot
    shown.open()
    return shown


# ------------------------------------------------------------------ steps and readers
def as_json(value):
    """`value` as the state file holds it (tuples become lists)."""
    return json.loads(json.dumps(value))


def layer_ids(project: Project, model: str) -> list[str]:
    return sorted(node.id for node in project.models[model].nodes)


def download(page, click) -> tuple[str, bytes]:
    """Run `click()` and return the name and bytes of the file the page saves."""
    with page.expect_download(timeout=20_000) as info:
        click()
    item = info.value
    assert item.failure() is None, f"the download of {item.suggested_filename} failed: {item.failure()}"
    return item.suggested_filename, Path(item.path()).read_bytes()


def _note_outside(page, url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname
    if host not in (None, "127.0.0.1", "localhost") and not url.startswith(("data:", "blob:")):
        page.nnb_outside.append(url)


def _note_failed(page, response) -> None:
    if response.status >= 400:
        page.nnb_console.append(f"[http {response.status}] {response.request.method} {response.url}")


def page_errors(page) -> list[str]:
    """Errors in the page's console and failed requests (with their addresses)."""
    kept = []
    for line in page.nnb_console:
        if line.startswith("[error] Failed to load resource:"):
            continue  # said again with its address: by a failed response line, or as an outside request
        if line.startswith("[http ") and urllib.parse.urlsplit(line.split()[-1]).path in TEST_SERVER_OFF:
            continue
        if line.startswith(("[pageerror]", "[error]", "[http ")):
            kept.append(line)
    return kept


def open_template(app, name: str) -> dict:
    """Templates button (unless the gallery is open), then the card's Open: Python's project becomes the
    template and the canvas draws its active model. Returns what the app showed with the gallery open and
    after, merged: the gallery's cards from the first, the rest from the second."""
    page = app.page
    template = load_template(name)
    view = an.read_app(page)
    if not view["gallery"]["shown"]:
        an.click_tool(page, "templates")
        view = an.wait_app(page, lambda v: v["gallery"]["shown"], "the gallery to open")
    cards = view["gallery"]["cards"]
    page.locator(f"{an.APP} .nnb-open-{name}").click()
    expected = as_json(template.to_dict())
    doc = app.python(
        lambda d: d["project"] == expected and d["active_model"] in template.models,
        f"Python's project to be the {name} template, one of its models shown",
    )
    model = doc["active_model"]
    ids = layer_ids(template, model)
    view = an.wait_app(
        page,
        lambda v: v["canvas"]["ids"] == ids and not v["gallery"]["shown"],
        f"the canvas to show the {len(ids)} layers of {name}'s model {model}",
    )
    return {**view, "gallery": {**view["gallery"], "cards": cards}}


def wait_training(page, predicate, what: str, timeout: float = 20.0) -> dict:
    """Wait on the app's training panel; a run that failed fails at once with the panel's sentence."""

    def judged(view):
        if view["status"] == "error" and not predicate(view):
            raise AssertionError(f"training failed while waiting for {what}: {view['text']!r}")
        return predicate(view)

    return wait_panel(page, PANEL, judged, what, timeout)


def keep_or_open(app, name: str) -> None:
    """Open template `name` unless the app already holds a project of that name (edited or not)."""
    if app.state.read()["project"]["name"] != load_template(name).name:
        open_template(app, name)


def accept_restore(app: AppPage, before: str, expected: dict) -> None:
    """The app of a new kernel or a re-run cell offers the autosaved project; accepting draws it."""
    page = app.page
    doc = app.python(lambda d: d["token"] != before, "the new app to write its state", 60)
    assert doc["project"]["models"]["model"]["nodes"] == [], doc["project"]
    view = an.wait_app(page, lambda v: v["restore"]["shown"], "the offer to restore the autosaved project", 30)
    assert "Unsaved work was found" in view["restore"]["text"] and expected["name"] in view["restore"]["text"], view
    token = doc["token"]
    page.locator(f"{an.APP} .nnb-restore-yes").click()
    doc = app.python(
        lambda d: (
            d["token"] == token
            and d["project"] == expected
            and d["active_model"] in expected["models"]
            and d["message"]["kind"] is not None
        ),
        "Python's project to be the autosaved one",
        30,
    )
    ids = layer_ids(Project.from_dict(expected), doc["active_model"])
    view = an.wait_app(
        page,
        lambda v: v["canvas"]["ids"] == ids and not v["restore"]["shown"] and "Restored" in v["message"]["text"],
        f"the canvas to show the restored layers {ids} and the message to say so",
    )
    assert view["message"]["kind"] == "info", view["message"]
    assert doc["message"]["kind"] == "info" and doc["message"]["text"].startswith("Restored"), doc["message"]


# ------------------------------------------------------------------ the tests
def test_the_app_opens_with_every_part(app):
    view = an.read_app(app.page)
    missing = [key for key in an.TOOLS if not (view["tools"][key] and view["tools"][key]["shown"])]
    assert not missing, f"toolbar parts not shown: {missing}; the app shows {view['tools']}"
    assert view["tools"]["new"]["text"] == "New" and view["tools"]["templates"]["text"] == "Templates", view
    assert view["language"] == "English", view
    assert view["canvas"]["nodes"] == 0 and view["canvas"]["height"] > 100, view["canvas"]
    assert "Core" in view["palette"], view["palette"]
    assert view["summary"]["shown"] and "No layers yet" in view["summary"]["text"], view["summary"]
    titles = an.tab_titles("en")
    assert view["tabs"]["titles"] == titles and view["tabs"]["shown"], view["tabs"]
    assert not view["restore"]["shown"] and view["message"] is None, view
    assert not view["broken"], f"parts of the app failed to draw: {view['broken']}; console: {page_errors(app.page)}"
    assert not page_errors(app.page), f"errors in the page's console: {page_errors(app.page)}"
    # The app's own code is bundled; only Voila's page template asks a CDN (for Font Awesome).
    outside = [url for url in app.page.nnb_outside if VOILA_FONT not in url]
    assert not outside, f"the page asked hosts outside this machine for {outside}"
    doc = app.python(lambda d: d["language"] == "en", "the app's first state")
    assert Path(doc["python"]).parent.resolve() == Path(sys.executable).parent.resolve(), doc["python"]
    assert Path(doc["cwd"]).resolve() == app.state.path.parent.resolve(), doc["cwd"]
    assert doc["tabs"] == view["tabs"]["titles"] and doc["project"]["models"]["model"]["nodes"] == [], doc


def test_every_template_opens_from_the_gallery(app):
    for name in nnbuilder.templates():
        template = load_template(name)
        view = open_template(app, name)
        assert sorted(view["gallery"]["cards"]) == sorted(nnbuilder.templates()), view["gallery"]
        result = check(template)
        totals = [f"Total params: {sum(i.params for i in result.models[g].values()):,}" for g in template.models]
        said = {"kind": "info", "text": f"ℹ Loaded the template {name}."}
        # The message line and the summary are widgets of their own: they may arrive after the canvas redraws.
        view = an.wait_app(
            app.page,
            lambda v, said=said, totals=totals: v["message"] == said and all(t in v["summary"]["text"] for t in totals),
            f"the message and the summary of {name}",
        )
        assert view["message"] == said, view["message"]


def test_train_the_mlp_one_epoch_then_evaluate(app):
    page = app.page
    open_template(app, TRAINED)
    an.open_tab(page, "Train")
    an.set_field(page, "nnb-train-settings", "Epochs", "1")
    app.python(lambda d: d["project"]["training"]["epochs"] == 1, "epochs 1 in Python's project")
    page.locator(f"{an.APP} .nnb-training").scroll_into_view_if_needed()
    wait_training(page, lambda v: v["status"] == "idle" and v["points"] == 0, "the panel of a fresh trainer")

    page.locator(f'{an.APP} .nnb-training button[data-action="start"]').click()
    view = wait_training(
        page, lambda v: v["status"] in ("running", "finished") and step_of(v) > 0, "the progress of the epoch", 120
    )
    assert "/" in view["progress"] and view["stop"]["disabled"] == (view["status"] == "finished"), view
    view = wait_training(
        page, lambda v: v["status"] == "finished" and v["charts"]["loss"]["lines"] > 0, "finished", 120
    )
    assert view["text"] == "Finished 1 epoch." and view["tone"] == "good", view

    def both_points(v):  # one epoch: train and val; the chart redraws on the page's next frame, after the status
        loss = v["charts"]["loss"]
        return loss["dots"] == 2 and any(t.startswith("val ") for t in loss["texts"])

    view = wait_training(page, both_points, "the epoch's train and val points on the loss chart", 30)
    assert view["start"]["label"] in ("Start", "Continue") and not view["start"]["disabled"], view
    doc = app.python(lambda d: d["panel"]["status"] == "finished", "Python's panel to say finished")
    assert doc["trainer"]["epoch"] == 1 and doc["trainer"]["history"]["loss"] == 1, doc["trainer"]

    doc = app.python(lambda d: d["evaluation"], "the evaluation that follows training", 60)
    evaluation = doc["evaluation"]
    assert evaluation["task"] == "classification" and "accuracy" in evaluation["metrics"], evaluation
    an.open_tab(page, "Evaluate")
    status = page.locator(f"{an.APP} .nnb-evaluate-status")
    status.get_by_text("Evaluated after 1 epoch(s).").wait_for(timeout=20_000)
    metrics = page.locator(f"{an.APP} .nnb-eval .nnb-eval-metrics").inner_text()
    assert "accuracy" in metrics and "loss" in metrics, metrics
    cells = page.locator(f"{an.APP} .nnb-confusion-cells .nnb-confusion-cell")
    cells.first.wait_for(timeout=20_000)
    assert cells.count() == 100, f"the confusion matrix has {cells.count()} cells, not 10 x 10"
    # a click on a cell of the diagonal lists the test samples the model got right for that class
    diagonal = page.locator(f"{an.APP} .nnb-cell-1-1")
    diagonal.scroll_into_view_if_needed()
    count = int(diagonal.inner_text().strip() or 0)
    diagonal.click()
    samples = page.locator(f"{an.APP} .nnb-eval-cell-samples")
    said = "no samples" if count == 0 else f"{count} sample"
    samples.get_by_text(f"true 1, predicted 1: {said}", exact=False).wait_for(timeout=20_000)


def test_stop_a_longer_run(app):
    page = app.page
    keep_or_open(app, TRAINED)
    an.open_tab(page, "Train")
    an.set_field(page, "nnb-train-settings", "Epochs", "50")
    app.python(lambda d: d["project"]["training"]["epochs"] == 50, "epochs 50 in Python's project")
    # more epochs keep the trainer (and what it learned): Start, or Continue after the earlier run
    wait_training(page, lambda v: not v["start"]["disabled"] and v["status"] != "running", "Start to be offered")
    page.locator(f'{an.APP} .nnb-training button[data-action="start"]').click()
    wait_training(page, lambda v: v["status"] == "running" and step_of(v) > 0, "the run to show its steps", 60)
    page.locator(f'{an.APP} .nnb-training button[data-action="stop"]').click()
    view = wait_training(page, lambda v: v["status"] == "stopped", "the status to say stopped", STOP_WITHIN)
    assert view["text"].startswith("Stopped after") and view["tone"] == "warn", view
    assert view["start"] == {"label": "Continue", "disabled": False} and view["stop"]["disabled"], view
    doc = app.python(
        lambda d: d["panel"]["status"] == "stopped" and not d["trainer"]["running"],
        "Python's panel to say stopped and the trainer's run to end",
        10,
    )
    assert doc["trainer"]["epoch"] < 50, doc["trainer"]


def test_a_changed_setting_keeps_the_last_curves_dashed(app):
    page = app.page
    keep_or_open(app, TRAINED)
    an.open_tab(page, "Train")
    sizes = iter(size for size in (48, 40, 24) if size != app.state.read()["project"]["training"]["batch_size"])

    def batch_size(size: int) -> None:  # a changed setting: a fresh trainer once no run is going on
        an.set_field(page, "nnb-train-settings", "Batch size", str(size))
        app.python(lambda d: d["project"]["training"]["batch_size"] == size, f"batch size {size} in Python's project")

    batch_size(next(sizes))  # a fresh trainer of its own, whatever the tests before trained
    an.set_field(page, "nnb-train-settings", "Epochs", "1")
    app.python(lambda d: d["project"]["training"]["epochs"] == 1, "epochs 1 in Python's project")
    wait_training(page, lambda v: v["start"] == {"label": "Start", "disabled": False}, "Start for a fresh trainer")
    page.locator(f'{an.APP} .nnb-training button[data-action="start"]').click()
    doc = app.python(
        lambda d: d["panel"]["status"] == "finished" and not d["trainer"]["running"], "a finished run in Python", 120
    )
    assert doc["trainer"]["epoch"] == 1 and doc["trainer"]["history"]["loss"] == 1, doc["trainer"]
    batch_size(next(sizes))

    def kept(v):  # a fresh trainer: nothing trained (the chart redraws on the page's next frame, after the
        # status line), the run before drawn dashed under the empty chart
        loss = v["charts"].get("loss", {})
        return v["status"] == "idle" and loss.get("earlier") == 1 and loss.get("dashed", 0) > 0 and not loss["dots"]

    view = wait_training(page, kept, "the epoch before the change drawn dashed", 30)
    assert "dashed curves" in view["note"], view
    assert view["start"] == {"label": "Start", "disabled": False}, view


def test_code_tab_downloads_the_script(app):
    page = app.page
    keep_or_open(app, TRAINED)
    an.open_tab(page, "Code")
    doc = app.state.read()
    button = page.locator(f'{an.APP} .nnb-app-code button[data-action="download"]')
    name, data = download(page, button.click)
    script = data.decode("utf-8")
    assert name == doc["code_file"] == f"{TRAINED}.py", (name, doc["code_file"])
    assert script == doc["code"] and "def build_model" in script, script[:2000]
    compile(script, name, "exec")
    shown = page.locator(f"{an.APP} .nnb-app-code .nnb-code-python").inner_text()
    assert "def build_model" in shown, shown[:2000]


def test_save_then_restore_the_autosave_in_a_new_kernel(app):
    page = app.page
    keep_or_open(app, TRAINED)
    doc = app.state.read()
    project = doc["project"]
    name, data = download(page, lambda: an.click_tool(page, "download"))
    assert name == f"{TRAINED}.nnb.json", name
    assert as_json(Project.from_dict(json.loads(data)).to_dict()) == project
    an.wait_app(page, lambda v: v["message"]["text"] == f"ℹ Downloaded {name}.", "the message for the download")
    an.click_tool(page, "save")  # a project without a file of its own gets one beside the notebook
    an.wait_app(page, lambda v: v["message"]["text"].startswith(f"ℹ Saved as {TRAINED}"), "the message for the save")
    said = an.read_app(page)["message"]["text"]
    kept = app.state.path.parent / said.split()[3].rstrip(",")
    assert as_json(Project.load(kept).to_dict()) == project, said
    saved = an.autosave_path(app.state)
    assert as_json(Project.load(saved).to_dict()) == project, f"the autosave {saved} is not the app's project"

    if app.kind == "lab":
        app.page.reload()
        an.wait_lab_kernel(app.page, app.path)
        an.run_all_cells(app.page)
        an.wait_app_drawn(app.page)
        accept_restore(app, doc["token"], project)
        before = app.state.read()["token"]
        an.restart_lab_kernel(app.page, app.path)
        an.run_all_cells(app.page)
        an.wait_app_drawn(app.page)
        accept_restore(app, before, project)
        pids = {token.split("-")[0] for token in (before, app.state.read()["token"])}
        assert len(pids) == 2, f"the kernel was not restarted: {pids}"
    else:
        app.open()  # a new page is a new kernel in Voila
        accept_restore(app, doc["token"], project)
    assert as_json(Project.load(saved).to_dict()) == project


def test_chinese_labels_everywhere(app):
    page = app.page
    page.locator(f"{an.APP} .nnb-tool-language button", has_text="中文").click()
    zh_tabs = an.tab_titles("zh")
    app.python(lambda d: d["language"] == "zh" and d["tabs"] == zh_tabs, "Python's app and its tabs in Chinese")
    zh_tools = {"new": "新建", "templates": "模板", "save": "保存", "download": "下载"}
    view = an.wait_app(
        page,
        lambda v: v["tabs"]["titles"] == zh_tabs
        and all(v["tools"][key]["text"] == label for key, label in zh_tools.items())
        and "核心" in v["palette"] and "模型概要" in v["summary"]["text"]
        and {"开始", "继续"} & set(v["panel"]["buttons"]),
        "Chinese labels in the tabs, the toolbar, the palette, the summary and the training panel",
    )  # fmt: skip
    assert view["language"] == "中文" and "停止" in view["panel"]["buttons"], view
    assert not view["broken"], f"parts of the app failed to draw: {view['broken']}; console: {page_errors(page)}"
    assert not page_errors(page), f"errors in the page's console: {page_errors(page)}"
    an.open_tab(page, "训练")
    page.locator(f"{an.APP} .nnb-train-settings").get_by_text("轮数", exact=True).wait_for(timeout=10_000)
