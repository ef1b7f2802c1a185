"""No work is ever lost: sessions (kernels, visitors, tabs) keep their own autosave files, a shared
project file is never overwritten when someone else changed it, unreadable files are moved aside,
and a failing autosave stays said until a save works."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from nnbuilder import Project, load_template
from nnbuilder.app import autosave as autosave_module
from nnbuilder.app.builder import Builder
from nnbuilder.app.session import AUTOSAVE_VAR, PROJECT_VAR, TEMPLATE_VAR, builder_app

MLP_LAYERS = len(load_template("mnist_mlp").graph.nodes)


@pytest.fixture
def notebook_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "lesson.ipynb"))
    return tmp_path


def in_kernel(monkeypatch, kernel: str, notebook: str | None = None) -> None:
    """What the next Builder() finds: the kernel it runs in (and its notebook)."""
    monkeypatch.setattr(autosave_module, "kernel_id", lambda: kernel)
    if notebook is not None:
        monkeypatch.setenv("JPY_SESSION_NAME", notebook)


def make(project=None, **options) -> Builder:
    options.setdefault("preload", False)
    return Builder(project, **options)


def files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def served(tmp_path, visitor: str, tab: str, **environ) -> Builder:
    """One page load of the served app, after its browser said who it is."""
    app = builder_app({AUTOSAVE_VAR: str(tmp_path / "autosave"), **environ})
    app.visitor_ids.visitor, app.visitor_ids.tab = visitor, tab
    return app


# ------------------------------------------------------------ notebooks: one file per notebook and kernel
def test_two_kernels_of_one_notebook_never_share_or_erase_a_file(notebook_dir, monkeypatch):
    in_kernel(monkeypatch, "aaaa1111-2222-3333")
    first = make(load_template("mnist_mlp"))
    first.editor.add_node("Dropout", {"rate": 0.1})
    assert first.autosave.path == notebook_dir / ".nnbuilder" / "autosave" / "lesson-aaaa1111.nnb.json"
    kept = first.autosave.path.read_text()

    in_kernel(monkeypatch, "bbbb2222-0000")
    second = make()
    assert second.autosave.path.name == "lesson-bbbb2222.nnb.json"
    assert second._restore_pending is not None and second._restore_pending.path == first.autosave.path
    second._restore_bar.children[2].click()  # Start fresh
    second.editor.add_node("Input", {"shape": [3]})
    assert first.autosave.path.read_text() == kept  # the other kernel's work: untouched
    assert len(Project.load(second.autosave.path).graph.nodes) == 1

    first.editor.add_node("Dropout", {"rate": 0.2})  # the first kernel goes on in its own file
    assert len(Project.load(first.autosave.path).graph.nodes) == MLP_LAYERS + 2
    assert len(Project.load(second.autosave.path).graph.nodes) == 1


def test_restore_offers_the_newest_work_of_the_same_notebook_and_copies_it(notebook_dir, monkeypatch):
    in_kernel(monkeypatch, "00000001", str(notebook_dir / "lesson.ipynb"))
    make(load_template("mnist_mlp")).editor.add_node("Dropout")
    in_kernel(monkeypatch, "00000002")
    newest = make(load_template("mnist_cnn"))
    newest._restore_bar.children[2].click()  # offered the first kernel's work: Start fresh
    newest.editor.add_node("Dropout")
    os.utime(newest.autosave.path, (1e9 + 10, 2e9))  # plainly the newest
    in_kernel(monkeypatch, "00000009", str(notebook_dir / "other.ipynb"))
    other = make(load_template("gan"))
    other.editor.add_node("Dropout", model="generator")
    os.utime(other.autosave.path, (1e9, 2e9 + 100))  # newer still, but another notebook's

    in_kernel(monkeypatch, "00000003", str(notebook_dir / "lesson.ipynb"))
    app = make()
    assert app._restore_pending.path == newest.autosave.path
    before = files(app.autosave.path.parent)
    app._restore_bar.children[1].click()
    assert app.project.to_dict() == newest.project.to_dict()
    assert Project.load(app.autosave.path).to_dict() == newest.project.to_dict()  # a copy in its own file
    after = files(app.autosave.path.parent)
    assert {k: v for k, v in after.items() if k in before} == before  # nobody else's file changed


def test_a_notebook_without_a_name_still_keeps_kernels_apart(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    in_kernel(monkeypatch, "cafe0001")
    a = make(load_template("mnist_mlp"))
    in_kernel(monkeypatch, "cafe0002")
    b = make()
    assert a.autosave.path != b.autosave.path and a.autosave.path.parent == b.autosave.path.parent


# ------------------------------------------------------------ served: one file per visitor and tab
def test_two_visitors_never_see_share_or_erase_each_others_work(tmp_path):
    alice = served(tmp_path, "a11ce", "t1", **{TEMPLATE_VAR: "mnist_mlp"})
    alice.editor.add_node("Dropout", {"rate": 0.3})
    alice_file = alice.autosave.path
    kept = alice_file.read_text()

    bob = served(tmp_path, "b0b", "t1")
    assert bob.autosave.path != alice_file and bob._restore_pending is None  # not offered Alice's work
    bob.editor.add_node("Input", {"shape": [2]})
    bob.new()
    assert alice_file.read_text() == kept

    alice_again = served(tmp_path, "a11ce", "t9")  # Alice's second tab: her work is offered
    assert alice_again._restore_pending is not None and alice_again._restore_pending.path == alice_file
    alice_again._restore_bar.children[2].click()  # Start fresh in that tab
    alice_again.editor.add_node("Input", {"shape": [5]})
    assert alice_file.read_text() == kept and alice_again.autosave.path != alice_file


def test_a_reload_offers_the_tabs_own_work_back(tmp_path):
    first = served(tmp_path, "v1", "tab1", **{TEMPLATE_VAR: "mnist_mlp"})
    first.editor.add_node("Dropout")
    reloaded = served(tmp_path, "v1", "tab1")  # a new kernel for the same tab
    assert reloaded._restore_pending is not None and reloaded._restore_pending.path == first.autosave.path
    reloaded._restore_bar.children[1].click()
    assert reloaded.project.to_dict() == first.project.to_dict()


def test_ids_from_the_browser_cannot_leave_the_autosave_folder(tmp_path):
    app = served(tmp_path, "../../etc", "x/../y", **{TEMPLATE_VAR: "mnist_mlp"})
    app.editor.add_node("Dropout")
    assert app.autosave.path.parent == tmp_path / "autosave"
    assert app.autosave.path.name == "visitor-etc-xy.nnb.json"


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


# ------------------------------------------------------------ locks and claims
def test_a_lock_is_held_by_one_writer_and_leaves_nothing_behind(tmp_path, monkeypatch):
    from nnbuilder import _files

    path = tmp_path / "p.nnb.json"
    monkeypatch.setattr(_files, "_LOCK_WAIT_S", 0.1)
    with _files.locked(path):
        assert (tmp_path / ".p.nnb.json.lock").exists()
        with pytest.raises(OSError, match="locked by another writer"), _files.locked(path):
            pass
    assert not (tmp_path / ".p.nnb.json.lock").exists()
    old = tmp_path / ".p.nnb.json.lock"
    old.write_text("")
    os.utime(old, (0, 0))  # a lock file left by a writer that died: no lock at all under flock
    with _files.locked(path):
        pass
    assert _files.write_if_unchanged(path, "x", None) is not None


def test_a_tabs_claim_ends_with_it_and_dead_claims_are_cleared(tmp_path, monkeypatch):
    import gc

    folder = tmp_path / "autosave"
    folder.mkdir()
    dead = folder / ".visitor-other-t1.nnb.json.owner"
    dead.write_text("999999999")
    monkeypatch.setattr(autosave_module, "_alive", lambda pid: pid == os.getpid())
    place = autosave_module.visitor_place(folder, "me", "t1")
    owner = folder / f".{place.name}.owner"
    assert owner.read_text() == str(os.getpid()) and not dead.exists()
    del place
    gc.collect()
    assert not owner.exists()


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
