"""No work is ever lost between sessions: kernels, visitors and tabs keep their own autosave files,
offer back only their own kind of work, and give up their claims when they end."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nnbuilder import Project, load_template
from nnbuilder.app import autosave as autosave_module
from nnbuilder.app.session import TEMPLATE_VAR
from tests.app.autosave_support import MLP_LAYERS, files, in_kernel, make, served


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
    assert app.autosave.path.parent == tmp_path / "visitors" / "etc" / "autosave"
    assert app.autosave.path.name == "visitor-etc-xy.nnb.json"


# ------------------------------------------------------------ locks and claims
def test_a_lock_is_held_by_one_writer_and_leaves_nothing_behind(tmp_path, monkeypatch):
    from nnbuilder.document import files as _files

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


# ------------------------------------------------------------ served: one work folder per visitor
def test_each_visitor_works_in_a_folder_of_their_own(tmp_path):
    alice = served(tmp_path, "a11ce", "t1", **{TEMPLATE_VAR: "mnist_mlp"})
    bob = served(tmp_path, "b0b", "t1", **{TEMPLATE_VAR: "mnist_mlp"})
    alice.editor.add_node("Dropout")
    bob.editor.add_node("Dropout", {"rate": 0.4})
    root = tmp_path / "visitors"
    assert alice.work_folder == root / "a11ce" and bob.work_folder == root / "b0b"
    assert alice.autosave.path.parent == root / "a11ce" / "autosave"
    assert [p.relative_to(root).parts[0] for p in root.rglob("*.nnb.json")].count("a11ce") == 1
    assert {p.relative_to(root) for p in (root / "b0b").rglob("*.nnb.json")} == {bob.autosave.path.relative_to(root)}
    assert Project.load(bob.autosave.path).graph.node("dropout_1").config == {"rate": 0.4}


def test_a_visitors_kernel_makes_its_files_in_their_folder(tmp_path, monkeypatch):
    import tempfile

    from nnbuilder.app import session

    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)  # put back after the test
    monkeypatch.setenv("TMPDIR", os.environ.get("TMPDIR", ""))
    monkeypatch.setattr(session, "running_in_kernel", lambda: True)
    app = served(tmp_path, "v1", "t1", **{TEMPLATE_VAR: "mnist_mlp"})
    scratch = tmp_path / "visitors" / "v1" / "tmp"
    assert Path(tempfile.mkdtemp(prefix="nnbuilder-checkpoints-")).parent == scratch
    assert os.environ["TMPDIR"] == str(scratch) and app.work_folder == scratch.parent
    assert scratch.stat().st_mode & 0o077 == 0


def test_a_visitors_folder_is_never_data_for_another(tmp_path):
    from nnbuilder.data._paths import confined
    from nnbuilder.document.data_errors import DataError

    alice = served(tmp_path, "a11ce", "t1", **{TEMPLATE_VAR: "mnist_mlp"})
    alice.editor.add_node("Dropout")
    served_folder = tmp_path
    (served_folder / ".nnbuilder").mkdir(exist_ok=True)
    (tmp_path / "visitors").rename(served_folder / ".nnbuilder" / "visitors")  # where `serve` puts them
    for path in (".nnbuilder/visitors/a11ce/autosave", str(served_folder / ".nnbuilder" / "visitors")):
        with pytest.raises(DataError, match="inside .nnbuilder/"):
            confined(path, served_folder, option="path")
