"""The Search tab: the project's search section edited with widgets (each accepted edit a new project, Undo
in the page takes it back; a refused value is named by its field), and a real search of a tiny iris classifier
run in a worker thread, its trials listed and charted as they end, Stop, and the best values applied."""

from __future__ import annotations

import threading

from nnbuilder.training import runs as run_history
from tests.app.builder_support import browser_undo, make, tiny_classifier

BATCH = {"training": "batch_size"}


def _add(tab, target: str, values: str = "", low: str = "", high: str = "", log: bool = False) -> None:
    tab.add_target.value = target
    tab.add_kind.value = "values" if values else "range"
    tab.add_values.value, tab.add_low.value, tab.add_high.value, tab.add_log.value = values, low, high, log
    tab.add_button.click()


def _searched(section: dict, batch_size: int = 8):
    project = tiny_classifier()
    project = project.with_section("training", {**project.training, "batch_size": batch_size})
    return project.with_section("search", section)


def test_edits_become_the_projects_search_section_and_a_refused_value_is_named_by_its_field(app_dir):
    app = make(tiny_classifier())
    tab = app.run_tabs.search
    assert app.project.search is None and tab.ranges.children == ()
    tab.fields["trials"].value = 4
    assert app.project.search is None and "search.ranges" in tab.error.value  # no range yet: nothing to search
    _add(tab, "batch_size", values="16, 32")
    assert app.project.search == {"trials": 4, "ranges": [{"target": BATCH, "values": [16, 32]}]}
    assert tab.error.value == "" and len(tab.ranges.children) == 1
    _add(tab, "optimizer.learning_rate", low="0.1", high="0.01")
    assert "search.ranges[1].high" in tab.error.value and len(app.project.search["ranges"]) == 1
    _add(tab, "epochs", values="0, 2")  # the training section's own rule refuses 0 epochs
    assert "search.ranges[1]" in tab.error.value and "epochs" in tab.error.value
    assert len(app.project.search["ranges"]) == 1
    _add(tab, "optimizer.learning_rate", low="0.0001", high="0.01", log=True)
    rate = {"target": {"training": "optimizer.learning_rate"}, "low": 0.0001, "high": 0.01, "log": True}
    assert app.project.search["ranges"][1] == rate and tab.add_low.value == ""
    before_grid = app.project.to_dict()
    tab.fields["sampler"].value = "grid"  # a grid needs lists: the log range refuses it
    assert "search.ranges[1]" in tab.error.value and "sampler" not in app.project.search
    tab.ranges.children[1].children[1].click()  # remove the learning rate range: the grid is fine now
    assert app.project.search == {"trials": 4, "sampler": "grid", "ranges": [{"target": BATCH, "values": [16, 32]}]}
    browser_undo(app, before_grid)  # the editor's Undo in the page: the form follows the project
    assert tab.fields["sampler"].value == "random" and len(tab.ranges.children) == 2
    tab.fields["seed"].value = "soon"
    assert "search.seed" in tab.error.value and app.project.search.get("seed") is None
    tab.fields["seed"].value = "7"
    assert app.project.search["seed"] == 7 and tab.error.value == ""
    tab.fields["direction"].value = "maximize"
    assert app.project.search["direction"] == "maximize"
    for _ in range(2):
        tab.ranges.children[0].children[1].click()
    assert app.project.search is None and tab.fields["seed"].value == "7"  # kept in the form for the next range


def test_the_form_speaks_chinese_and_says_a_refusal_in_it(app_dir):
    app = make(_searched({"ranges": [{"target": BATCH, "values": [16, 32]}]}))
    tab = app.run_tabs.search
    app.language = "zh"
    assert tab.fields["sampler"].description == "采样方法" and tab.start_button.description == "开始搜索"
    assert tab.ranges.children[0].children[1].description == "移除"
    tab.fields["seed"].value = "soon"
    assert "search.seed" in tab.error.value and "整数" in tab.error.value
    app.language = "en"
    assert tab.fields["sampler"].description == "Sampler" and "whole number" in tab.error.value


def test_a_search_runs_off_the_main_thread_lists_each_trial_and_applies_the_best(app_dir):
    section = {"sampler": "grid", "trials": 2, "ranges": [{"target": BATCH, "values": [16, 32]}]}
    path = _searched(section).save(app_dir / "iris.nnb.json")
    app = make(str(path))
    tab = app.run_tabs.search
    threads, seen = [], tab._trial
    tab._trial = lambda row: (threads.append(threading.current_thread()), seen(row))
    tab.start_button.click()
    assert tab.running and tab.start_button.disabled and not tab.stop_button.disabled
    tab.wait(600)
    assert not tab.running and app.messages.kind is None, app.messages.message
    assert len(threads) == 2 and threading.main_thread() not in threads
    assert sorted(row.values["training.batch_size"] for row in tab.rows) == [16, 32]
    assert tab.table.value.count('class="nnb-search-trial"') == 2
    assert tab.charts.value.count('class="nnb-search-chart"') == 1 and tab.charts.value.count("<circle") == 2
    assert "2 of 2 trials" in tab.progress.value and "best val_loss" in tab.progress.value
    listed = run_history.list_runs(app_dir / "iris.runs")  # each trial a recorded run in the app's runs folder
    assert {run.id for run in listed} == {row.run_id for row in tab.rows}
    best = tab.best()
    assert best is not None and best == tab.result.best and not tab.apply_button.disabled
    before = app.project.to_dict()
    tab.apply_button.click()
    assert app.project.training["batch_size"] == best.values["training.batch_size"]
    assert app.project.search == section
    browser_undo(app, before)
    assert app.project.training["batch_size"] == 8


def test_stop_lets_the_running_trial_finish_and_ends_the_search(app_dir):
    section = {"sampler": "random", "trials": 5, "seed": 0, "ranges": [{"target": BATCH, "low": 8, "high": 64}]}
    app = make(_searched(section))
    tab = app.run_tabs.search
    seen = tab._trial
    tab._trial = lambda row: (seen(row), tab.stop_button.click())
    tab.start()
    tab.wait(600)
    assert len(tab.rows) == 1 and tab.rows[0].state == "complete", tab.rows
    assert "Search over" in tab.progress.value and "1 of 5 trials" in tab.progress.value
    assert not tab.start_button.disabled and tab.stop_button.disabled


def test_start_without_a_search_section_says_what_to_do(app_dir):
    app = make(tiny_classifier())
    app.run_tabs.search.start_button.click()
    assert app.messages.kind == "error" and "add a range" in app.messages.message
    assert not app.run_tabs.search.running


def test_a_search_waits_for_the_train_tabs_run_to_end(app_dir):
    project = _searched({"ranges": [{"target": BATCH, "values": [16, 32]}]})
    app = make(project.with_section("training", {**project.training, "epochs": 500}))
    app.panel.start()  # a long run: it trains until stopped
    try:
        assert app.trainer.running
        app.run_tabs.search.start_button.click()
        assert app.messages.kind == "error" and "Train tab" in app.messages.message
        assert not app.run_tabs.search.running and app.run_tabs.search.rows == []
    finally:
        app.panel.stop()
        app.trainer.wait(120)


def test_the_train_tab_waits_for_a_running_search_to_end(app_dir):
    section = {"sampler": "random", "trials": 50, "seed": 0, "ranges": [{"target": BATCH, "low": 8, "high": 64}]}
    app = make(_searched(section))
    tab = app.run_tabs.search
    first_trial = threading.Event()
    seen = tab._trial
    tab._trial = lambda row: (seen(row), first_trial.set())
    tab.start()
    try:
        assert tab.running
        try:
            app.panel.start()
        except Exception as exc:
            assert "Search tab" in str(exc)
        else:
            raise AssertionError("Start trained while a search ran")
        assert app.panel.state["status"] == "error" and "超参数搜索" in app.panel.state["error_zh"]
        assert app.trainer is None or not app.trainer.running
    finally:
        first_trial.wait(600)
        tab.stop()
        tab.wait(600)
    assert not tab.running
    app.panel.start()  # the search over, Start trains again
    try:
        assert app.trainer.running or app.trainer.wait(120)
    finally:
        app.panel.stop()
        app.trainer.wait(120)


def test_a_search_started_again_counts_lists_and_ranks_the_trials_it_continues(app_dir):
    section = {"sampler": "random", "trials": 1, "seed": 0, "ranges": [{"target": BATCH, "values": [8, 16, 32]}]}
    app = make(str(_searched(section).save(app_dir / "iris.nnb.json")))
    tab = app.run_tabs.search
    tab.start()
    tab.wait(600)
    (first,) = tab.rows
    tab.fields["trials"].value = 2  # the same search, one trial more: its study goes on
    shown = []
    seen = tab._trial
    tab._trial = lambda row: (seen(row), shown.append((tab.progress.value, tab.table.value, tab.best())))
    tab.start()
    tab.wait(600)
    assert app.messages.kind is None, app.messages.message
    ((progress, table, best),) = shown  # while the new trial's row is the last one
    assert "2 of 2 trials" in progress and table.count('class="nnb-search-trial"') == 2
    assert [row.number for row in tab.rows] == [first.number, first.number + 1]
    assert best == min(tab.rows, key=lambda row: row.score) and f"(trial {best.number}:" in progress


def test_a_cluster_address_sends_the_trials_to_ray_and_says_what_is_missing(app_dir, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # as where the cluster extra is not installed
    app = make(_searched({"ranges": [{"target": BATCH, "values": [16, 32]}]}))
    tab = app.run_tabs.search
    app.language = "zh"
    assert tab.cluster.description == "Ray 集群"
    app.language = "en"
    tab.cluster.value = " 127.0.0.1:1 "
    tab.start()
    tab.wait(600)
    assert app.messages.kind == "error" and "pip install nnbuilder[cluster]" in app.messages.message
    assert tab.rows == [] and not tab.running
