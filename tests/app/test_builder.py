"""The whole app as one widget, driven from Python the way its buttons drive it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nnbuilder import Project, check, load_template
from nnbuilder.app.builder import Builder
from nnbuilder.errors import NNBuilderError
from tests.helpers import chain


@pytest.fixture
def app_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the autosave goes beside the "notebook"
    return tmp_path


def make(project=None, **options) -> Builder:
    options.setdefault("preload", False)
    return Builder(project, **options)


def downloads(app) -> list:
    seen = []
    app.downloader.download = lambda data, name, mime="application/octet-stream": seen.append((name, data, mime))
    return seen


def upload(app, name: str, data: bytes) -> None:
    """What the browser's file picker sends."""
    app.toolbar.upload._handle_custom_msg({"type": "file", "name": name, "size": len(data)}, [memoryview(data)])


def tiny_classifier() -> Project:
    project = Project.from_dict(
        {
            **chain(("x", "Input", {"shape": [4]}), ("h", "Dense", {"units": 8, "activation": "relu"}),
                    ("y", "Dense", {"units": 3, "activation": "softmax"})).to_dict(),
            "data": {"dataset": "iris", "options": {}},
            "training": {"recipe": "supervised", "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"],
                         "epochs": 1, "batch_size": 16, "validation_split": 0.1, "callbacks": [],
                         "optimizer": {"name": "adam", "learning_rate": 0.01}},
        }
    )  # fmt: skip
    return project


def test_an_empty_app_has_every_part(app_dir):
    app = make()
    assert app.tabs.titles == ("Data", "Train", "Evaluate", "Code")
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
    assert app.language == "zh" and app.tabs.titles == ("数据", "训练", "评估", "代码")
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


def test_open_upload_replaces_the_project_and_refuses_bad_files(app_dir):
    app = make()
    text = load_template("gan").dumps().encode()
    upload(app, "gan.nnb.json", text)
    assert set(app.project.models) == {"generator", "discriminator"}
    assert app.messages.kind == "info" and "gan.nnb.json" in app.messages.message
    before = app.project.to_dict()
    bad = b'{"format": "nnbuilder", "version": 99, "models": {}}'
    upload(app, "new.nnb.json", bad)
    assert app.project.to_dict() == before
    assert app.messages.kind == "error" and app.messages.message.startswith("Open… failed: new.nnb.json:")
    assert "Traceback" in app.messages.details and "Traceback" not in app.messages.message
    upload(app, "x.json", b"\xff")
    assert "not an nnbuilder project" in app.messages.message


def test_gallery_opens_templates(app_dir):
    app = make()
    assert app.gallery.visible  # an empty canvas starts with the gallery open
    app.toolbar.buttons["templates"].click()
    assert not app.gallery.visible
    app.toolbar.buttons["templates"].click()
    assert app.gallery.visible
    name = app.gallery.entries[0]["name"]
    app.gallery._cards[0][2].click()
    assert app.project.to_dict() == load_template(name).to_dict() and not app.gallery.visible
    assert "<img" in app.gallery._cards[0][1].value


def test_download_save_and_export(app_dir):
    app = make(load_template("mnist_mlp"))
    seen = downloads(app)
    app.toolbar.buttons["download"].click()
    name, data, mime = seen[-1]
    assert name == "mnist_mlp.nnb.json" and mime == "application/json"
    assert Project.from_dict(json.loads(data)).to_dict() == app.project.to_dict()
    assert not list(app_dir.glob("*.nnb.json"))  # Download writes nothing beside the notebook
    app.toolbar.export_format.value = "py"
    app.toolbar.buttons["export"].click()
    assert seen[-1][0] == "mnist_mlp.py" and b"def build_model" in seen[-1][1]
    path = app.save(app_dir / "mine.nnb.json")
    assert Project.load(path).to_dict() == app.project.to_dict() and app.path == path
    assert app.export(app_dir / "mine.py").read_text().startswith("#")
    with pytest.raises(NNBuilderError, match="cannot tell the format of mine.txt"):
        app.export(app_dir / "mine.txt")


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


def test_export_refuses_a_project_with_errors_and_names_them(app_dir):
    app = make(load_template("mnist_mlp"))
    seen = downloads(app)
    app.editor.remove_node(app.project.graph.nodes[0].id)
    app.toolbar.export_format.value = "py"
    app.toolbar.buttons["export"].click()
    assert not seen and app.messages.kind == "error"
    assert "error(s) to fix before exporting" in app.messages.message
    with pytest.raises(NNBuilderError, match="to fix before exporting"):
        app.export(app_dir / "x.py")


def test_a_refused_export_names_its_problems_in_chinese(app_dir):
    app = make(load_template("mnist_mlp"), language="zh")
    downloads(app)
    app.editor.remove_node(app.project.graph.nodes[0].id)
    app.toolbar.export_format.value = "py"
    app.toolbar.buttons["export"].click()
    assert app.messages.kind == "error"
    assert "修正后才能导出" in app.messages.message and "没有输入" in app.messages.message
    assert "has no input" not in app.messages.message


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


def test_code_tab_problems_follow_the_language(app_dir):
    app = make(load_template("mnist_mlp"))
    app.editor.remove_node(app.project.graph.nodes[1].id)
    app.language = "zh"
    assert app.code.code.startswith("# 项目还不能导出")


def test_model_exports_replace_the_file_only_when_they_succeed(app_dir, monkeypatch):
    from nnbuilder.bridge import model_files

    app = make(tiny_classifier())
    target = app.export(app_dir / "out" / "model.keras")
    good = target.read_bytes()
    assert good[:2] == b"PK" and app.messages.kind == "warn"  # untrained: said so

    def broken(model, path, fmt):
        Path(path).write_bytes(b"half a file")
        raise NNBuilderError("keras export failed: disk full")

    monkeypatch.setattr(model_files, "save_model", broken)
    with pytest.raises(NNBuilderError, match="disk full"):
        app.export(target)
    assert target.read_bytes() == good and sorted(p.name for p in target.parent.iterdir()) == ["model.keras"]


def browser_undo(app, document: dict) -> None:
    """What the editor's Undo does in the page: it sends the document from before the last edit back."""
    app.editor.graph = document


def test_save_writes_the_project_file_beside_the_notebook_and_then_updates_it(app_dir):
    app = make(load_template("mnist_mlp"))
    seen = downloads(app)
    app.toolbar.buttons["save"].click()
    target = app_dir / "mnist_mlp.nnb.json"
    assert app.path == target.absolute() and Project.load(target).to_dict() == app.project.to_dict() and not seen
    assert app.messages.message == (
        f"Saved as mnist_mlp.nnb.json in {app_dir.absolute()}, beside the notebook; Save updates this file from now on."
    )
    app.editor.set_param("hidden", "units", 32)
    app.toolbar.buttons["save"].click()
    assert Project.load(target).to_dict() == app.project.to_dict() and app.messages.message == f"Saved to {target}."
    other = make(load_template("mnist_mlp"), autosave=False)  # the same name, another project: never over the first
    other.editor.set_param("hidden", "units", 7)
    assert other.save() == (app_dir / "mnist_mlp-2.nnb.json").absolute()
    assert Project.load(target).graph.node("hidden").config["units"] == 32


def test_save_on_a_served_page_without_a_project_file_downloads_it(app_dir):
    app = make(load_template("mnist_mlp"), autosave=False)
    app.visitor_ids = object()  # what builder_app() gives a served page
    seen = downloads(app)
    app.toolbar.buttons["save"].click()
    assert [name for name, _data, _mime in seen] == ["mnist_mlp.nnb.json"] and app.path is None
    assert app.messages.message.startswith("This app has no project file on the server, so Save downloaded")
    assert not list(app_dir.glob("*.nnb.json"))


def test_the_project_name_field_renames_the_project_and_every_file_it_gives(app_dir):
    app = make(load_template("mnist_mlp"))
    seen = downloads(app)
    assert app.toolbar.name.value == "MNIST MLP"
    before = app.project.to_dict()
    app.toolbar.name.value = "  Digits v2 "  # what the page sends when the field is left
    assert app.project.name == "Digits v2" and app.toolbar.name.value == "Digits v2"
    assert Project.load(app.autosave.path).name == "Digits v2"  # renaming is an edit: autosaved
    assert app.code.filename == "digits_v2.py"
    app.toolbar.buttons["download"].click()
    app.toolbar.export_format.value = "py"
    app.toolbar.buttons["export"].click()
    assert [name for name, _data, _mime in seen] == ["digits_v2.nnb.json", "digits_v2.py"]
    assert app.save().name == "digits_v2.nnb.json"
    browser_undo(app, before)  # and so undoable
    assert app.project.name == "MNIST MLP" and app.toolbar.name.value == "MNIST MLP"
    app.toolbar.name.value = "   "
    assert app.project.name == "MNIST MLP" and app.toolbar.name.value == "MNIST MLP"
    assert app.messages.kind == "error" and "project name: expected some text" in app.messages.message
    app.rename("手写数字")
    assert app.code.filename == "手写数字.py"
    app.language = "zh"
    assert app.toolbar.name.placeholder == "项目名称" and "文件以它命名" in app.toolbar.name.tooltip


def test_new_open_and_a_template_each_close_the_gallery(app_dir):
    app = make()
    assert app.gallery.visible
    app.new()
    assert not app.gallery.visible
    app.toolbar.buttons["templates"].click()
    upload(app, "cnn.nnb.json", load_template("mnist_cnn").dumps().encode())
    assert not app.gallery.visible and app.project.name == "MNIST CNN"
    app.toolbar.buttons["templates"].click()
    app.toolbar.buttons["new"].click()
    assert not app.gallery.visible and not app.project.graph.nodes
    app.toolbar.buttons["templates"].click()
    app.load_template("mnist_mlp")
    assert not app.gallery.visible
    saved = app_dir / "mlp.nnb.json"
    load_template("mnist_mlp").save(saved)
    app.toolbar.buttons["templates"].click()
    app.open_file(saved)
    assert not app.gallery.visible and app.path == saved


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


def test_the_open_button_is_one_labelled_button(app_dir):
    app = make()
    picker = app.toolbar.upload
    assert picker.label == "Open…" and not hasattr(picker, "value")  # no file counter such as "Open… (0)"
    app.language = "zh"
    assert picker.label == "打开…"


def test_the_tabs_and_summary_follow_the_editor_in_one_body(app_dir):
    from nnbuilder.app._layout import LAYOUT_CSS, WIDE_PX

    app = make(load_template("mnist_mlp"))
    body = next(child for child in app.children if "nnb-app-body" in child._dom_classes)
    editor, side = body.children
    assert editor is app.editor and "nnb-app-editor" in editor._dom_classes
    assert side.children == (app.tabs, app.summary) and "nnb-app-side" in side._dom_classes
    assert f"@container nnb-app (min-width: {WIDE_PX}px)" in LAYOUT_CSS
    assert app.editor.layout.width is None and app.summary.layout.flex is None  # the stylesheet places them
