"""The whole app as one widget, driven from Python the way its buttons drive it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnbuilder import Project, check, load_template
from tests.app.builder_support import browser_undo, downloads, make, tiny_classifier, upload


def test_an_empty_app_has_every_part(app_dir):
    app = make()
    assert app.tabs.titles == ("Data", "Train", "Evaluate", "Runs", "Search", "Inside", "Code")
    assert "No layers yet" in app.summary.value
    assert app.toolbar.buttons["new"].description == "New"
    assert app.messages.kind is None and app.trainer is not None
    assert not (app_dir / ".nnbuilder").exists()  # nothing written before the first edit


def test_summary_and_code_follow_the_project(app_dir):
    project = load_template("mnist_cnn")
    app = make(project)
    result = check(project)
    total = sum(n.params for n in result.models["model"].values())
    assert f"Total params: {total:,}" in app.summary.value and "(None, 11, 11, 64)" in app.summary.value
    assert "def build_model" in app.code.code and app.code.filename == "mnist_cnn.py"
    app.editor.set_param("conv1", "filters", 8)
    assert f"Total params: {total:,}" not in app.summary.value
    assert "layers.Conv2D(8, " in app.code.code


def test_code_tab_names_the_problems_when_the_model_cannot_be_exported(app_dir):
    app = make(load_template("mnist_mlp"))
    graph = app.project.graph
    app.editor.remove_node(graph.nodes[1].id)
    assert app.code.code.startswith("# The project cannot be exported yet:")


def test_language_switch_relabels_every_part(app_dir):
    app = make(load_template("mnist_mlp"))
    app.toolbar.language.value = "zh"
    titles = ("数据", "训练", "评估", "训练记录", "超参数搜索", "网络内部", "代码")
    assert app.language == "zh" and app.tabs.titles == titles
    assert app.editor.language == "zh" and app.panel.language == "zh" and app.code.language == "zh"
    assert app.toolbar.buttons["new"].description == "新建" and "模型概要" in app.summary.value
    app.language = "en"
    assert app.toolbar.language.value == "en" and app.tabs.titles[0] == "Data"
    with pytest.raises(ValueError, match="language: expected one of en, zh"):
        make(language="fr")


def test_every_edit_is_autosaved_and_offered_back_after_a_restart(app_dir):
    app = make(load_template("mnist_mlp"))
    app.editor.add_node("Dropout", {"rate": 0.25})
    saved = app.autosave.path
    edited = app.project
    assert Project.load(saved).to_dict() == edited.to_dict()

    again = make()  # a new kernel runs Builder() again
    assert again._restore_bar.layout.display != "none" and not again.gallery.visible
    assert "Unsaved work was found" in again._restore_bar.children[0].value
    assert Project.load(saved).to_dict() == edited.to_dict()  # not overwritten by the empty project
    again._restore_bar.children[1].click()
    assert again.project.to_dict() == edited.to_dict() and again._restore_bar.layout.display == "none"


def test_start_fresh_keeps_the_empty_project(app_dir):
    make(load_template("mnist_mlp")).editor.add_node("Dropout")
    again = make()
    again._restore_bar.children[2].click()
    assert again._restore_bar.layout.display == "none" and not again.project.graph.nodes


def test_moving_a_node_keeps_the_trainer_and_a_real_edit_replaces_it(app_dir):
    app = make(load_template("mnist_mlp"))
    trainer = app.trainer
    project = app.project
    project.graph.nodes[0].pos = [400.0, 400.0]
    app.project = project
    assert app.trainer is trainer and app.panel.trainer is trainer
    app.editor.add_node("Dropout")
    assert app.trainer is not trainer and app.panel.trainer is app.trainer


def test_train_export_the_trained_model_and_evaluate(app_dir):
    app = make(tiny_classifier())
    seen = downloads(app)
    app.panel.start()
    app.trainer.wait(120)
    assert app.trainer.epoch == 1 and app.panel.state["status"] == "finished", app.panel.state
    app.evaluate_tab.wait(120)
    result = app.evaluate_tab.view.result
    assert result is not None and "accuracy" in json.dumps(result), app.messages.message
    app.language = "zh"
    assert app.evaluate_tab.status.value == "训练 1 轮后的评估结果。"
    app.language = "en"
    app.toolbar.export_format.value = "keras"
    app.toolbar.buttons["export"].click()
    name, data, _mime = seen[-1]
    assert name.endswith(".keras") and data[:2] == b"PK" and app.messages.kind == "info"


def test_own_arrays_are_used_for_training(app_dir):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 4)).astype("float32"), rng.integers(0, 3, 64)
    app = make(tiny_classifier(), data=(x, y))
    assert app.project.data["dataset"] == "arrays" and app.data_tab.user_data is not None
    app.panel.start()
    app.trainer.wait(120)
    assert app.trainer.epoch == 1 and app.trainer.dataset.x_train.shape[1] == 4
    assert len(app.trainer.dataset.x_train) + len(app.trainer.dataset.x_test) == 64


def test_choosing_another_dataset_stops_using_the_notebook_arrays(app_dir):
    rng = np.random.default_rng(0)
    app = make(tiny_classifier(), data=(rng.normal(size=(32, 4)), rng.integers(0, 3, 32)))
    assert app.trainer._data_arg is not None
    app.project = Project.from_dict({**app.project.to_dict(), "data": {"dataset": "iris", "options": {}}})
    assert app.trainer._data_arg is None and app._data_for() is None


def test_the_offered_work_is_kept_until_answered_and_never_saved_over_the_opened_file(app_dir):
    first = make(load_template("gan"))
    first.editor.add_node("Dropout", model="generator")
    saved = first.autosave.path
    offered = Project.load(saved).to_dict()
    opened = app_dir / "cnn.nnb.json"
    load_template("mnist_cnn").save(opened)
    app = make(str(opened))
    app.editor.set_param("conv1", "filters", 4)  # an edit while the question is open
    assert Project.load(saved).to_dict() == offered
    app._restore_bar.children[1].click()
    assert set(app.project.models) == {"generator", "discriminator"} and app.path is None
    seen = downloads(app)
    app.toolbar.buttons["save"].click()  # no file any more: a new one beside the notebook, the opened file untouched
    assert Project.load(opened).to_dict() == load_template("mnist_cnn").to_dict() and not seen
    assert app.path.name == "mnist_gan.nnb.json" and Project.load(app.path).to_dict() == app.project.to_dict()
    assert Project.load(saved).to_dict() == app.project.to_dict()  # autosaved again once answered


def test_names_from_files_are_shown_as_text(app_dir):
    project = load_template("mnist_mlp")
    project.name = "<img src=x onerror=alert(1)>"
    (app_dir / ".nnbuilder").mkdir()
    project.save(app_dir / ".nnbuilder" / "autosave.nnb.json")
    app = make()
    line = app._restore_bar.children[0].value
    assert "<img" not in line and "&lt;img src=x onerror=alert(1)&gt;" in line


def test_a_failing_autosave_stays_said_while_editing_goes_on(app_dir):
    app = make(load_template("mnist_mlp"), autosave=app_dir / "missing" / "deeper" / "a.nnb.json")
    app.autosave.path.parent.parent.mkdir()
    app.autosave.path.parent.write_text("a file where the folder should be")
    app.editor.add_node("Dropout")
    assert app.messages.held["autosave"].startswith("Autosave failed: ")
    app.messages.clear()
    app.editor.add_node("Dropout")
    assert app.messages.held["autosave"].startswith("Autosave failed: ")
    assert len(app.project.graph.nodes) == len(load_template("mnist_mlp").graph.nodes) + 2
    app.autosave.path.parent.unlink()
    app.editor.add_node("Dropout")
    assert "autosave" not in app.messages.held and Project.load(app.autosave.path).to_dict() == app.project.to_dict()


def test_more_epochs_keep_the_trainer(app_dir):
    app = make(load_template("mnist_mlp"))
    trainer = app.trainer
    app.project = Project.from_dict({**app.project.to_dict(), "training": {**app.project.training, "epochs": 9}})
    assert app.trainer is trainer and trainer.training["epochs"] == 9


def test_start_pressed_while_an_epochs_edit_is_on_its_way_trains_the_epochs_typed(app_dir):
    project = tiny_classifier()
    app = make(project.with_section("training", {**project.training, "epochs": 3}))
    trainer, show_code = app.trainer, app._show_code

    def start_midway(shown):  # the kernel handles Start (on another thread) while the edit's refresh is under way
        show_code(shown)
        assert app.project.training["epochs"] == 2 and trainer.training["epochs"] == 3  # the moment it happens in
        app.panel.start()

    app._show_code = start_midway
    app.train_settings.run_fields["epochs"].control.value = "2"  # typed in the Train tab
    app._show_code = show_code
    trainer.wait(120)
    assert app.trainer is trainer and trainer.target_epochs == 2 and trainer.epoch == 2, app.panel.state
    assert app.panel.state["status"] == "finished" and len(trainer.history["loss"]) == 2


def test_code_tab_problems_follow_the_language(app_dir):
    app = make(load_template("mnist_mlp"))
    app.editor.remove_node(app.project.graph.nodes[1].id)
    app.language = "zh"
    assert app.code.code.startswith("# 项目还不能导出")


def test_a_message_about_an_edit_goes_when_the_edit_is_undone(app_dir):
    app = make()
    empty = app.project.to_dict()
    app.load_template("mnist_mlp")
    assert app.messages.message == "Loaded the template mnist_mlp."
    loaded = app.project.to_dict()
    app.editor.set_param("hidden", "units", 16)  # later edits keep it: the template is still what was loaded
    assert app.messages.message == "Loaded the template mnist_mlp."
    browser_undo(app, loaded)
    assert app.messages.message == "Loaded the template mnist_mlp."
    browser_undo(app, empty)  # the load itself undone
    assert app.messages.kind is None and app.messages.message == ""
    app.load_template("mnist_mlp")
    app.load_template("mnist_cnn")  # a later load says only its own
    assert app.messages.message == "Loaded the template mnist_cnn."
    browser_undo(app, loaded)
    assert app.messages.kind is None
    app.new()
    assert app.messages.message == "Started an empty project (Undo brings the previous one back)."
    browser_undo(app, loaded)
    assert app.messages.kind is None
    upload(app, "cnn.nnb.json", load_template("mnist_cnn").dumps().encode())
    assert app.messages.message == "Opened cnn.nnb.json."
    browser_undo(app, loaded)
    assert app.messages.kind is None
    app.save()  # a message about a file, not an edit: it stays
    browser_undo(app, empty)
    assert app.messages.message.startswith("Saved as mnist_mlp.nnb.json")


def test_the_tabs_and_summary_follow_the_editor_in_one_body(app_dir):
    from nnbuilder.app._layout import LAYOUT_CSS, WIDE_PX

    app = make(load_template("mnist_mlp"))
    body = next(child for child in app.children if "nnb-app-body" in child._dom_classes)
    editor, side = body.children
    assert editor is app.editor and "nnb-app-editor" in editor._dom_classes
    assert side.children == (app.tabs, app.summary) and "nnb-app-side" in side._dom_classes
    assert f"@container nnb-app (min-width: {WIDE_PX}px)" in LAYOUT_CSS
    assert app.editor.layout.width is None and app.summary.layout.flex is None  # the stylesheet places them
