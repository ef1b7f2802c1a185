"""Paths in a project's data options stay inside its folder (and the served folder) unless it is trusted."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from nnbuilder import Project
from nnbuilder.data import DataError, load_dataset, loading
from nnbuilder.data._paths import DATA_ROOT_VAR, confined, project_rule, served_root
from nnbuilder.verbatim import loaders_files as files

CSV = "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n"


def _csv(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CSV)
    return path


def _section(path) -> dict:
    return {"dataset": "csv", "options": {"path": str(path), "target": "label"}}


@pytest.fixture
def never_read(monkeypatch):
    """Fail the test if a CSV file is opened by the loader."""
    reads = []

    def refuse(path, *args, **kwargs):
        reads.append(path)
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(files, "data_csv_table", refuse)
    monkeypatch.setitem(loading.LOADERS, "csv", refuse)
    return reads


def test_etc_passwd_is_refused_with_one_sentence_naming_the_option_and_root(tmp_path):
    with pytest.raises(DataError) as caught:
        confined("/etc/passwd", tmp_path)
    message = str(caught.value)
    assert message.startswith("data.options.path: '/etc/passwd' is outside the data folder")
    assert str(tmp_path.resolve()) in message and "\n" not in message


@pytest.mark.parametrize("escape", ["../outside.csv", "inside/../../outside.csv", "inside/../../../etc/passwd"])
def test_dot_dot_escapes_are_refused(tmp_path, escape):
    root = tmp_path / "project"
    (root / "inside").mkdir(parents=True)
    _csv(tmp_path / "outside.csv")
    with pytest.raises(DataError, match="outside the data folder"):
        confined(escape, root)


def test_a_symlink_leading_out_is_refused(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    secret = _csv(tmp_path / "secret" / "data.csv")
    (root / "link.csv").symlink_to(secret)
    (root / "folder").symlink_to(secret.parent, target_is_directory=True)
    for name in ("link.csv", "folder/data.csv", str(root / "link.csv")):
        with pytest.raises(DataError, match="outside the data folder"):
            confined(name, root)


def test_paths_inside_the_root_are_allowed_relative_or_absolute(tmp_path):
    data = _csv(tmp_path / "sub" / "d.csv")
    assert confined(str(data), tmp_path) == data.resolve()
    assert confined("sub/d.csv", tmp_path) == data.resolve()
    assert confined("sub/../sub/d.csv", tmp_path) == data.resolve()
    (tmp_path / "inner.csv").symlink_to(data)  # a symlink that stays inside
    assert confined("inner.csv", tmp_path) == data.resolve()


def test_a_project_reads_from_its_folder_and_a_trusted_one_anywhere(tmp_path, never_read):
    folder = tmp_path / "project"
    _csv(folder / "d.csv")
    outside = _csv(tmp_path / "elsewhere" / "o.csv")
    project = SimpleNamespace(folder=folder, trust=False)
    rule = project_rule(project, environ={})
    assert rule.base == folder and rule.roots == (folder,)
    with pytest.raises(DataError, match="outside the data folder"):
        load_dataset(_section(outside), paths=rule)
    with pytest.raises(DataError, match="outside the data folder"):
        load_dataset(_section("/etc/passwd"), paths=rule)
    assert never_read == []
    trusted = project_rule(SimpleNamespace(folder=folder, trust=True), environ={})
    assert trusted.roots == ()
    with pytest.raises(AssertionError, match="read"):  # allowed: it gets as far as reading
        load_dataset(_section(outside), paths=trusted)
    assert never_read == [str(outside.resolve())]


def test_relative_paths_are_taken_from_the_project_folder(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    _csv(folder / "d.csv")
    monkeypatch.chdir(tmp_path)
    data = load_dataset(_section("d.csv"), paths=project_rule(SimpleNamespace(folder=folder), environ={}))
    assert data.name == "csv" and len(data.x_train) + len(data.x_test) == 4
    assert data.options["path"] == "d.csv"  # the options keep what the project says


def test_without_a_folder_the_current_directory_is_the_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rule = project_rule(Project(), environ={})
    assert rule.roots == (tmp_path,) or [r.resolve() for r in rule.roots] == [tmp_path.resolve()]


def test_served_mode_adds_the_served_folder_and_confines_by_default(tmp_path, monkeypatch, never_read):
    served = tmp_path / "served"
    _csv(served / "d.csv")
    monkeypatch.setenv(DATA_ROOT_VAR, str(served))
    assert served_root() == served
    rule = project_rule(SimpleNamespace(folder=None, trust=False))
    assert rule.base == served and rule.roots == (served,)
    both = project_rule(SimpleNamespace(folder=tmp_path / "p", trust=False))
    assert both.roots == (tmp_path / "p", served)
    with pytest.raises(DataError, match="outside the data folder"):
        load_dataset(_section("/etc/passwd"))  # the default rule in served mode
    assert never_read == []


def test_outside_served_mode_the_python_api_takes_paths_as_given(tmp_path, monkeypatch):
    monkeypatch.delenv(DATA_ROOT_VAR, raising=False)
    data = load_dataset(_section(_csv(tmp_path / "anywhere" / "d.csv")))
    assert data.name == "csv"


def test_odd_paths_are_one_sentence(tmp_path):
    for bad in ["", "a\x00b"]:
        with pytest.raises(DataError, match="data.options.path"):
            confined(bad, tmp_path)
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    with pytest.raises(DataError, match="data.options.path"):
        confined("loop", tmp_path)


def test_the_data_tab_in_served_mode_refuses_etc_passwd_without_reading_it(tmp_path, monkeypatch, never_read):
    from nnbuilder.app.data_tab import DataTab

    monkeypatch.setenv(DATA_ROOT_VAR, str(tmp_path))
    monkeypatch.chdir(tmp_path)
    project = Project.from_dict({**Project().to_dict(), "data": _section("/etc/passwd")})
    errors = []
    tab = DataTab(project, on_error=lambda exc, what: errors.append(exc))
    worker = tab.preview()
    worker.join(60)
    shown = tab.preview_area.value
    assert "outside the data folder" in shown and "data.options.path" in shown
    assert never_read == [] and errors == []


def test_an_image_folder_outside_is_refused_before_it_is_listed(tmp_path, monkeypatch):
    listed = []
    monkeypatch.setattr(os, "listdir", lambda path=".": listed.append(path) or [])
    rule = project_rule(SimpleNamespace(folder=tmp_path / "p", trust=False), environ={})
    for path in ("/etc", "../", str(tmp_path)):
        with pytest.raises(DataError, match="data.options.path: .* is outside the data folder"):
            load_dataset({"dataset": "image_folder", "options": {"path": path}}, paths=rule)
    assert listed == []


def test_a_folder_holding_a_link_out_is_refused(tmp_path):
    root = tmp_path / "root"
    (root / "pics" / "cats").mkdir(parents=True)
    (tmp_path / "secret").mkdir()
    (root / "elsewhere").mkdir()
    assert confined("pics", root) == (root / "pics").resolve()
    (root / "pics" / "cats" / "ok").symlink_to(root / "elsewhere", target_is_directory=True)  # stays inside
    assert confined("pics", root) == (root / "pics").resolve()
    (root / "elsewhere" / "dogs").symlink_to(tmp_path / "secret", target_is_directory=True)  # reached by a link
    with pytest.raises(DataError, match="'cats/ok/dogs' in 'pics' leads outside the data folder"):
        confined("pics", root)


def test_another_visitors_autosave_is_not_data(tmp_path, never_read):
    """The served folder holds every visitor's autosave under .nnbuilder/: none of it is readable as data."""
    stolen = _csv(tmp_path / ".nnbuilder" / "autosave" / "visitor-someone-else.nnb.json")
    for text in (str(stolen), ".nnbuilder/autosave/visitor-someone-else.nnb.json", ".nnbuilder"):
        with pytest.raises(DataError, match=r"inside \.nnbuilder/"):
            confined(text, tmp_path)
    project = Project.from_dict(
        {"format": "nnbuilder", "version": 1, "models": {"model": {}}, "data": _section(stolen)}
    )
    with pytest.raises(DataError, match=r"inside \.nnbuilder/"):
        load_dataset(project.data, paths=project_rule(project, {DATA_ROOT_VAR: str(tmp_path)}))
    assert never_read == []
