"""The Runs tab over real recorded runs: two one-epoch runs of a tiny iris classifier trained in the app, the
second after a changed learning rate; listed when each ends, sorted, compared, charted, exported, renamed,
starred, deleted and opened as the project again (undoably), in English and Chinese."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest

from nnbuilder.app.runs_tab import CSV_NAME, PNG_NAME
from nnbuilder.locale.app_text import text
from nnbuilder.training import runs as run_history
from tests.app.builder_support import browser_undo, downloads, make, tiny_classifier

RATE_KEY = "training.optimizer.learning_rate"


def _train(app) -> None:
    app.panel.start()
    app.trainer.wait(180)
    app.evaluate_tab.wait(180)
    app.run_tabs.runs.refreshing.join(60)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A project file with its runs folder holding two runs (learning rate 0.01, then 0.05), and what the
    app said meanwhile."""
    folder = tmp_path_factory.mktemp("runs-tab")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        path = tiny_classifier().save(folder / "iris.nnb.json")
        app = make(str(path))
        _train(app)
        listed_after_first = [run.id for run in app.run_tabs.runs.runs]
        project = app.project
        project.training["optimizer"]["learning_rate"] = 0.05
        app.project = project
        note = (app.panel.state["note"], app.panel.state["note_zh"])
        _train(app)
        listed_after_second = [run.id for run in app.run_tabs.runs.runs]
    return {"folder": folder, "first": listed_after_first, "second": listed_after_second, "note": note}


@pytest.fixture
def app(recorded, tmp_path, monkeypatch):
    """A fresh app on a copy of the project file and its two runs."""
    shutil.copy(recorded["folder"] / "iris.nnb.json", tmp_path / "iris.nnb.json")
    shutil.copytree(recorded["folder"] / "iris.runs", tmp_path / "iris.runs")
    monkeypatch.chdir(tmp_path)
    built = make(str(tmp_path / "iris.nnb.json"))
    built.run_tabs.runs.refresh()
    return built


def _boxes(tab) -> dict:
    return {
        next(c[len("nnb-run-") :] for c in box._dom_classes if c.startswith("nnb-run-")): box
        for box in tab.table.children
        if "nnb-runs-select" in box._dom_classes
    }


def _tick_all(tab) -> None:
    for box in _boxes(tab).values():
        box.value = True


def _names_in_order(tab) -> list[str]:
    return [w.value for w in tab.table.children if "nnb-runs-run-name" in w._dom_classes]


def test_each_run_is_listed_when_it_ends_and_the_panel_says_where_its_curves_went(recorded):
    assert len(recorded["first"]) == 1 and len(recorded["second"]) == 2
    assert recorded["first"][0] in recorded["second"]
    english, chinese = recorded["note"]
    assert "Runs tab" in english and "训练记录" in chinese


def test_ticking_two_runs_overlays_their_curves_and_highlights_the_learning_rate(app):
    tab = app.run_tabs.runs
    assert tab.chart.value.count("<polyline") == 0 and "Tick runs" in tab.chart.value
    _tick_all(tab)
    assert len(tab.selected) == 2
    assert tab.chart.value.count('class="nnb-runs-curve"') == 2 and tab.metric.value == "val_accuracy"
    differing = re.findall(r'<tr class="nnb-runs-differs" data-key="([^"]+)"', tab.comparison.value)
    assert RATE_KEY in differing and "training.batch_size" not in differing
    assert 'data-key="training.batch_size"' in tab.comparison.value  # the same settings are listed too, after
    assert tab.comparison.value.index(RATE_KEY) < tab.comparison.value.index('data-key="training.batch_size"')
    assert len(set(re.findall(r'data-run="([^"]+)"', tab.chart.value))) == 2  # same name, told apart by time
    tab.only_differing.value = True
    assert 'data-key="training.batch_size"' not in tab.comparison.value and RATE_KEY in tab.comparison.value
    tab.metric.value = "loss"
    assert "<title>loss</title>" in tab.chart.value
    _boxes(tab)[tab.selected[0]].value = False
    assert len(tab.selected) == 1 and tab.chart.value.count('class="nnb-runs-curve"') == 1
    assert "nnb-runs-differs" not in tab.comparison.value


def test_a_header_click_sorts_and_a_second_click_turns_the_order_round(app):
    tab = app.run_tabs.runs
    first, second = sorted(tab.runs, key=lambda run: run.id)
    run_history.rename_run(first.folder.parent, first.id, "b-run")
    run_history.rename_run(second.folder.parent, second.id, "a-run")
    tab.refresh()
    tab.headers["name"].click()
    assert tab.sort.value == "name" and not tab.descending and _names_in_order(tab) == ["a-run", "b-run"]
    assert tab.headers["name"].description.endswith("▲")
    tab.headers["name"].click()
    assert tab.descending and _names_in_order(tab) == ["b-run", "a-run"]
    tab.sort.value = "when"
    assert tab.sort_column == "when" and _names_in_order(tab) == ["a-run", "b-run"]  # the newest first
    tab.reverse.value = False
    assert _names_in_order(tab) == ["b-run", "a-run"]


def test_the_comparison_exports_as_csv_and_png_into_the_runs_folder_and_downloads(app, tmp_path):
    tab = app.run_tabs.runs
    seen = downloads(app)
    _tick_all(tab)
    tab.buttons["csv"].click()
    tab.buttons["png"].click()
    assert app.messages.kind is None, app.messages.message
    (csv_name, csv_data, csv_mime), (png_name, png_data, png_mime) = seen
    assert (csv_name, csv_mime, png_name, png_mime) == (CSV_NAME, "text/csv", PNG_NAME, "image/png")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(csv_data.decode("utf-8")))}
    assert rows[RATE_KEY]["differs"] == "yes" and rows["training.batch_size"]["differs"] == ""
    assert (tmp_path / "iris.runs" / CSV_NAME).read_bytes() == csv_data
    assert png_data.startswith(b"\x89PNG\r\n\x1a\n") and (tmp_path / "iris.runs" / PNG_NAME).read_bytes() == png_data
    assert PNG_NAME in tab.status.value and len(run_history.list_runs(tmp_path / "iris.runs")) == 2


def test_the_png_says_epoch_in_chinese_where_a_font_has_it_else_in_english(app, monkeypatch):
    from nnbuilder.app import runs_tab

    tab = app.run_tabs.runs
    _tick_all(tab)
    words = []
    monkeypatch.setattr(runs_tab, "curves_png", lambda series, metric, word: words.append(word) or b"\x89PNG")
    tab.language = "zh"
    for found in (False, True):
        monkeypatch.setattr(runs_tab, "draws", lambda text, found=found: found or text.isascii())
        tab.buttons["png"].click()
    assert words == [text("en", "runs_epoch"), text("zh", "runs_epoch")]


def test_rename_star_and_delete_change_the_runs_folder_and_delete_asks_first(app, tmp_path):
    tab = app.run_tabs.runs
    folder = tmp_path / "iris.runs"
    assert tab.buttons["rename"].disabled and tab.buttons["delete"].disabled
    keep, gone = sorted(_boxes(tab))
    _boxes(tab)[keep].value = True
    tab.name_field.value = "baseline"
    tab.buttons["rename"].click()
    assert run_history.load_run(folder, keep).name == "baseline" and "baseline" in _names_in_order(tab)
    tab.buttons["star"].click()
    assert run_history.load_run(folder, keep).starred and "★" in [getattr(w, "value", None) for w in tab.table.children]
    tab.buttons["star"].click()
    assert not run_history.load_run(folder, keep).starred
    _boxes(tab)[keep].value = False
    _boxes(tab)[gone].value = True
    tab.buttons["delete"].click()
    assert tab.confirm.layout.display == "flex" and "1 run" in tab.confirm_line.value
    assert (folder / gone).is_dir()  # nothing goes before the answer
    tab.confirm_no.click()
    assert tab.confirm.layout.display == "none" and (folder / gone).is_dir()
    tab.buttons["delete"].click()
    tab.confirm_yes.click()
    assert not (folder / gone).exists() and [run.id for run in tab.runs] == [keep] and tab.selected == []
    assert app.messages.kind is None, app.messages.message


def test_opening_a_runs_project_is_an_edit_that_undo_takes_back(app):
    tab = app.run_tabs.runs
    second = max(tab.runs, key=lambda run: run.id)
    assert app.project.training["optimizer"]["learning_rate"] == 0.01  # the file as saved before both runs
    before = app.project.to_dict()
    _boxes(tab)[second.id].value = True
    tab.buttons["open"].click()
    assert app.project.training["optimizer"]["learning_rate"] == 0.05 and app.path.name == "iris.nnb.json"
    assert second.id in app.messages.message
    browser_undo(app, before)  # the editor's Undo in the page
    assert app.project.training["optimizer"]["learning_rate"] == 0.01 and app.messages.kind is None


def test_two_runs_ticked_refuse_rename_and_open_with_a_reason(app):
    tab = app.run_tabs.runs
    _tick_all(tab)
    assert tab.buttons["open"].disabled and tab.buttons["rename"].disabled
    tab._guarded(tab.open_selected, "runs_open")
    assert app.messages.kind == "error" and "exactly one run" in app.messages.message


def test_the_tab_speaks_chinese_when_the_app_does(app):
    tab = app.run_tabs.runs
    _tick_all(tab)
    app.language = "zh"
    assert app.tabs.titles[3:5] == ("训练记录", "超参数搜索")
    assert tab.headers["name"].description == "名称" and tab.buttons["delete"].description == "删除"
    assert "所选训练之间有" in tab.comparison.value and "<text" in tab.chart.value
    tab.buttons["delete"].click()
    assert "删除 2 次训练" in tab.confirm_line.value
    app.language = "en"
    assert tab.headers["name"].description == "Name" and "Delete 2 run(s)" in tab.confirm_line.value
