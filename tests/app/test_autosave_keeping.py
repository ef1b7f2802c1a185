"""No work is ever lost to a shared file or a failure: a project file changed by someone else is never
overwritten, unreadable files are moved aside (never a user's own project file), and a failing autosave
stays said until a save works."""

from __future__ import annotations

import errno
import json
import os

import pytest

from nnbuilder import Project, load_template
from nnbuilder.app import autosave as autosave_module
from nnbuilder.app.session import PROJECT_VAR, TEMPLATE_VAR, builder_app
from tests.app.autosave_support import in_kernel, make, served


# ------------------------------------------------------------ a served project file changed underneath
def test_a_project_file_changed_underneath_is_not_overwritten(tmp_path):
    path = tmp_path / "cnn.nnb.json"
    alice = served(tmp_path, "a", "1", **{PROJECT_VAR: str(path), TEMPLATE_VAR: "mnist_cnn"})
    bob = served(tmp_path, "b", "1", **{PROJECT_VAR: str(path)})
    alice.editor.set_param("conv1", "filters", 8)
    theirs = path.read_text()
    bob.editor.set_param("conv1", "filters", 4)  # Bob still holds the version before Alice's edit

    assert path.read_text() == theirs  # Alice's version stays
    copies = sorted(tmp_path.glob("cnn.conflict-*.nnb.json"))
    assert len(copies) == 1 and Project.load(copies[0]).models["model"].node("conv1").config["filters"] == 4
    line = bob.messages.held["conflict"]
    assert "changed by someone else" in line and "cnn.nnb.json" in line and copies[0].name in line
    bob.messages.info("Loaded something else.")  # later messages never replace it
    bob.messages.clear()
    bob.editor.set_param("conv1", "filters", 2)
    assert "conflict" in bob.messages.held and path.read_text() == theirs
    assert Project.load(copies[0]).models["model"].node("conv1").config["filters"] == 2  # work goes on there
    bob.save()  # Save, too, goes to the copy
    assert path.read_text() == theirs and bob.path == copies[0]

    alice.editor.set_param("conv1", "filters", 16)  # Alice wrote last: she may go on
    assert Project.load(path).models["model"].node("conv1").config["filters"] == 16


def test_a_project_file_edited_by_hand_meanwhile_is_kept(tmp_path):
    path = tmp_path / "mlp.nnb.json"
    load_template("mnist_mlp").save(path)
    app = make(load_template("mnist_mlp"), autosave=path)
    hand = json.loads(path.read_text())
    hand["name"] = "edited by hand"
    path.write_text(json.dumps(hand))
    app.editor.add_node("Dropout")
    assert json.loads(path.read_text())["name"] == "edited by hand"
    assert len(list(tmp_path.glob("mlp.conflict-*.nnb.json"))) == 1 and "conflict" in app.messages.held


# ------------------------------------------------------------ unreadable or newer autosave files
NEWER = {"format": "nnbuilder", "version": 99, "models": {m: {"nodes": [], "edges": []} for m in "abcd"}}


@pytest.mark.parametrize("content", [json.dumps(NEWER).encode(), b"\xff\xfe not text", b'{"format": "nnbuilder", '])
def test_an_unreadable_file_given_as_autosave_is_left_in_place(tmp_path, content):
    own = tmp_path / "work.nnb.json"
    own.write_bytes(content)
    app = make(load_template("mnist_mlp"), autosave=own)
    assert not list(tmp_path.glob("work.unreadable-*.nnb.json")) and own.read_bytes() == content
    (line,) = (v for k, v in app.messages.held.items() if k.startswith("left-"))
    assert "work.nnb.json" in line
    app.messages.info("something else")
    app.editor.add_node("Dropout")
    assert own.read_bytes() == content  # never overwritten: the work went beside it
    (copy,) = tmp_path.glob("work.conflict-*.nnb.json")
    assert Project.load(copy).to_dict() == app.project.to_dict()


@pytest.mark.parametrize("content", [json.dumps(NEWER).encode(), b"\xff\xfe not text", b'{"format": "nnbuilder", '])
def test_a_sessions_own_unreadable_autosave_is_moved_aside_and_kept(notebook_dir, monkeypatch, content):
    in_kernel(monkeypatch, "0ddf11e0")
    own = notebook_dir / ".nnbuilder" / "autosave" / "lesson-0ddf11e0.nnb.json"
    own.parent.mkdir(parents=True)
    own.write_bytes(content)
    app = make(load_template("mnist_mlp"))
    moved = list(own.parent.glob("lesson-0ddf11e0.unreadable-*.nnb.json"))
    assert len(moved) == 1 and moved[0].read_bytes() == content and not own.exists()
    (line,) = (v for k, v in app.messages.held.items() if k.startswith("moved-"))
    assert moved[0].name in line and own.name in line
    app.editor.add_node("Dropout")
    assert moved[0].read_bytes() == content and Project.load(own).to_dict() == app.project.to_dict()


def trusted_lesson() -> Project:
    document = load_template("mnist_mlp").to_dict()
    document["models"]["model"]["nodes"].append({"id": "code", "layer": "Lambda", "config": {}, "pos": [0, 0]})
    return Project.from_dict(document, trust=True)


def test_a_trusted_project_file_used_as_autosave_is_never_moved(tmp_path):
    path = tmp_path / "lesson.nnb.json"
    trusted_lesson().save(path)
    kept = path.read_text()
    app = make(Project.load(path, trust=True), autosave=str(path))
    assert path.read_text() == kept and sorted(p.name for p in tmp_path.iterdir()) == ["lesson.nnb.json"]
    assert app._restore_pending is None and not app.messages.held
    app.editor.add_node("Dropout")
    assert len(Project.load(path, trust=True).graph.nodes) == len(trusted_lesson().graph.nodes) + 1


def test_an_own_autosave_refused_only_for_trust_is_kept_and_read_with_the_projects_trust(notebook_dir, monkeypatch):
    in_kernel(monkeypatch, "7e570000")
    first = make(trusted_lesson())
    first.editor.add_node("Dropout")
    own = first.autosave.path
    kept = own.read_text()
    untrusted = make(Project())  # the same kernel, running untrusted work: the file is not unreadable
    assert own.read_text() == kept and not list(own.parent.glob("*.unreadable-*"))
    assert untrusted._restore_pending is None
    trusted = make(Project(trust=True))  # with the trust of the running project it is offered back
    assert trusted._restore_pending is not None and trusted._restore_pending.path == own
    assert trusted._restore_pending.project.trust


def test_new_in_a_notebook_with_a_project_file_keeps_autosaving(notebook_dir, monkeypatch):
    in_kernel(monkeypatch, "ab5e0001")
    path = notebook_dir / "cnn.nnb.json"
    load_template("mnist_cnn").save(path)
    app = make(str(path), autosave=str(path))
    app.new()
    app.editor.add_node("Input", {"shape": [3]})
    assert app.autosave is not None and app.autosave.path.name == "lesson-ab5e0001.nnb.json"
    assert len(Project.load(app.autosave.path).graph.nodes) == 1
    assert Project.load(path).to_dict() == load_template("mnist_cnn").to_dict()


def test_the_conflict_line_names_no_visitor_in_particular(tmp_path):
    path = tmp_path / "a.nnb.json"
    app = make(load_template("mnist_mlp"), autosave=str(path))
    app.editor.add_node("Dropout")
    path.write_text(Project().dumps())  # another program changed it
    app.editor.add_node("Dropout")
    line = app.messages.held["conflict"]
    assert "a.nnb.json was changed by someone else (another visitor, tab or program)" in line
    app.language = "zh"
    assert "另一个标签页" in app.messages.held["conflict"]


def test_a_kernels_own_unreadable_file_is_moved_and_others_are_left_alone(notebook_dir, monkeypatch):
    folder = notebook_dir / ".nnbuilder" / "autosave"
    folder.mkdir(parents=True)
    (folder / "lesson-0ther000.nnb.json").write_text(json.dumps(NEWER))
    (folder / "lesson-5e1f0000.nnb.json").write_text(json.dumps(NEWER))
    in_kernel(monkeypatch, "5e1f0000-aaaa")
    app = make()
    assert (folder / "lesson-0ther000.nnb.json").read_text() == json.dumps(NEWER)  # not this kernel's: untouched
    moved = list(folder.glob("lesson-5e1f0000.unreadable-*.nnb.json"))
    assert len(moved) == 1 and moved[0].read_text() == json.dumps(NEWER)
    assert app._restore_pending is None


# ------------------------------------------------------------ autosave failures stay said
def test_a_full_disk_is_said_until_a_save_works(tmp_path, monkeypatch):
    app = make(load_template("mnist_mlp"), autosave=tmp_path / "a.nnb.json")
    real = autosave_module.write_if_unchanged

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(autosave_module, "write_if_unchanged", full)
    app.editor.add_node("Dropout")
    assert "No space left on device" in app.messages.held["autosave"]
    app.load_template("mnist_cnn")  # an info message: the warning stays beside it
    assert app.messages.kind == "info" and "autosave" in app.messages.held
    data = load_template("gan").dumps().encode()
    app.toolbar.upload._handle_custom_msg({"type": "file", "name": "gan.nnb.json", "size": len(data)}, [data])
    assert app.messages.message == "Opened gan.nnb.json." and "autosave" in app.messages.held
    app.messages.clear()  # dismissing the latest message never silences the failure
    app.editor.add_node("Dropout")
    assert "autosave" in app.messages.held
    app.set_trait("language", "zh")
    assert app.messages.held["autosave"].startswith("自动保存失败")
    monkeypatch.setattr(autosave_module, "write_if_unchanged", real)
    app.editor.add_node("Dropout")
    assert "autosave" not in app.messages.held
    assert Project.load(tmp_path / "a.nnb.json").to_dict() == app.project.to_dict()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that read-only folders stop")
def test_a_read_only_folder_is_said_until_a_save_works(notebook_dir, monkeypatch):
    in_kernel(monkeypatch, "0a0a0a0a")
    folder = notebook_dir / ".nnbuilder" / "autosave"
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        app = make(load_template("mnist_mlp"))
        app.editor.add_node("Dropout")
        assert "autosave" in app.messages.held
        app.messages.info("Opened x.")
        assert "autosave" in app.messages.held
    finally:
        folder.chmod(0o700)
    app.editor.add_node("Dropout")
    assert "autosave" not in app.messages.held


# ------------------------------------------------------------ Open… refuses a file too large
def test_a_file_too_large_is_refused_in_one_sentence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make(load_template("mnist_mlp"))
    before = app.project.to_dict()
    picker = app.toolbar.upload
    picker._handle_custom_msg({"type": "too_large", "name": "huge.nnb.json", "size": 16 * 2**20}, [])
    assert app.messages.kind == "error" and "huge.nnb.json is 16.0 MB, too large" in app.messages.message
    data = b" " * (picker.max_bytes + 1)  # sent anyway (an older page): refused all the same
    picker._handle_custom_msg({"type": "file", "name": "big.json", "size": len(data)}, [memoryview(data)])
    assert "big.json" in app.messages.message and app.project.to_dict() == before
    assert "{name}" in picker.too_large and "5.0 MB" in picker.too_large


# ------------------------------------------------------------ a served project file made or spoiled meanwhile
def test_two_visitors_creating_one_project_file_at_once_both_open_it(tmp_path, monkeypatch):
    from nnbuilder.app import session

    path = tmp_path / "new.nnb.json"
    real = session._open

    def opened_before_the_other_wrote(environ):
        found = real(environ)
        load_template("mnist_cnn").save(path)  # the other visitor's page wrote it meanwhile
        return found

    monkeypatch.setattr(session, "_open", opened_before_the_other_wrote)
    app = builder_app({PROJECT_VAR: str(path), TEMPLATE_VAR: "mnist_mlp"})
    assert app.path == path and app.project.to_dict() == load_template("mnist_cnn").to_dict()
    assert not list(tmp_path.glob("*.conflict-*")) and not app.messages.held
    app.editor.add_node("Dropout")
    assert len(Project.load(path).graph.nodes) == len(load_template("mnist_cnn").graph.nodes) + 1


def test_an_unreadable_served_project_file_is_said_and_never_overwritten(tmp_path):
    path = tmp_path / "broken.nnb.json"
    path.write_bytes(b'{"format": "nnbuilder", ')
    app = served(tmp_path, "v", "t", **{PROJECT_VAR: str(path), TEMPLATE_VAR: "mnist_mlp"})
    assert app.project.to_dict() == load_template("mnist_mlp").to_dict() and app.path is None
    line = app.messages.held["unreadable"]
    assert "broken.nnb.json" in line and "could not be read" in line
    app.editor.add_node("Dropout")
    assert path.read_bytes() == b'{"format": "nnbuilder", '
    assert app.autosave.path.name == "visitor-v-t.nnb.json" and app.autosave.path.exists()
    app.language = "zh"
    assert "无法读取项目文件" in app.messages.held["unreadable"]


# ------------------------------------------------------------ sizes and the browser's reasons, in Chinese
def test_sizes_and_the_browsers_reasons_are_said_in_the_apps_language(tmp_path):
    from nnbuilder.app._browser import FilePicker

    app = make(load_template("mnist_mlp"), autosave=False, language="zh")
    app._refused("big.bin", 3 * 2**20)
    assert "3.0 MB" in app.messages.message and "bytes" not in app.messages.message
    app._refused("small.bin", 100)
    assert "100 字节" in app.messages.message
    picker = FilePicker()
    heard = []
    picker.on_unreadable(lambda name, reason: heard.append(reason))
    picker._message(picker, {"type": "unreadable", "name": "a.json", "error": "NotReadableError"}, [])
    app._unreadable("a.json", heard[0])
    assert "无法读取该文件" in app.messages.message
    picker.language = "zh"
    assert picker.units == ["{n} 字节", "{n} KB", "{n} MB"]
