"""The app's toolbar driven from Python: Open, templates, Download, Save, Export and the project name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nnbuilder import Project, load_template
from nnbuilder.errors import NNBuilderError
from tests.app.builder_support import browser_undo, downloads, make, tiny_classifier, upload


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


def test_the_open_button_is_one_labelled_button(app_dir):
    app = make()
    picker = app.toolbar.upload
    assert picker.label == "Open…" and not hasattr(picker, "value")  # no file counter such as "Open… (0)"
    app.language = "zh"
    assert picker.label == "打开…"


def test_export_offers_the_search_as_a_script_once_the_project_has_one(app_dir):
    import ast

    app = make(load_template("mnist_mlp"))
    seen = downloads(app)
    assert "search" in [value for _label, value in app.toolbar.export_format.options]
    app.toolbar.export_format.value = "search"
    app.toolbar.buttons["export"].click()  # no search section yet: said what to do, nothing downloaded
    assert not seen and app.messages.kind == "error" and "search" in app.messages.message
    units = {"model": "model", "node": "hidden", "param": "units"}
    app.project = app.project.with_section("search", {"ranges": [{"target": units, "values": [64, 128]}]})
    app.toolbar.buttons["export"].click()
    name, data, mime = seen[-1]
    assert name == "mnist_mlp_search.py" and mime == "text/x-python"
    code = data.decode("utf-8")
    nodes = list(ast.walk(ast.parse(code)))
    imported = {alias.name.split(".")[0] for node in nodes if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in nodes if isinstance(node, ast.ImportFrom) and node.module}
    assert {"optuna", "keras"} <= imported and "nnbuilder" not in imported
    assert app.messages.kind != "error"
    app.language = "zh"
    assert ("超参数搜索脚本（.py）", "search") in app.toolbar.export_format.options
