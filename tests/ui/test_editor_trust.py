"""Trust and folder belong to the project assigned to the editor, never to the one it showed before."""

from __future__ import annotations

import pytest

from nnbuilder import Project
from nnbuilder.ui import Editor

LAMBDA = {
    "format": "nnbuilder",
    "version": 1,
    "models": {
        "model": {
            "nodes": [
                {"id": "x", "layer": "Input", "config": {"shape": [4]}},
                {"id": "f", "layer": "Lambda", "config": {"function": "print"}},
            ],
            "edges": [{"source": "x", "target": "f"}],
        }
    },
}
PLAIN = {
    "format": "nnbuilder",
    "version": 1,
    "models": {"model": {"nodes": [{"id": "x", "layer": "Input", "config": {"shape": [4]}}], "edges": []}},
}


def recorded(editor: Editor) -> list:
    sent = []
    editor.send = lambda content, buffers=None: sent.append(content)
    return sent


def trusted_editor(tmp_path) -> Editor:
    path = tmp_path / "trusted" / "p.nnb.json"
    path.parent.mkdir()
    Project.from_dict(PLAIN, trust=True).save(path)
    editor = Editor(Project.load(path, trust=True))
    assert editor.project.trust and editor.project.folder == path.parent.absolute()
    return editor


def test_an_untrusted_project_assigned_after_a_trusted_one_is_refused(tmp_path):
    editor = trusted_editor(tmp_path)
    sent = recorded(editor)
    untrusted = Project.from_dict(LAMBDA, trust=True)
    untrusted.trust = False  # e.g. an uploaded file: the document as a file would give it
    editor.project = untrusted
    assert sent and sent[-1]["type"] == "refused" and "Lambda" in sent[-1]["reason"]
    assert editor.project.to_dict() == Project.from_dict(PLAIN).to_dict()
    assert editor.project.trust  # the shown project is kept as it was


def test_a_trusted_project_assigned_to_an_untrusted_editor_is_accepted_and_stays_trusted():
    editor = Editor()
    sent = recorded(editor)
    editor.project = Project.from_dict(LAMBDA, trust=True)
    assert not [m for m in sent if m["type"] == "refused"]
    assert editor.project.trust and editor.project.models["model"].node("f").layer == "Lambda"
    assert not [p for p in editor.result.problems if p.code == "unsafe"]


def test_the_same_document_assigned_with_other_trust_takes_that_trust(tmp_path):
    editor = trusted_editor(tmp_path)
    editor.project = Project.from_dict(PLAIN)
    assert not editor.project.trust and editor.project.folder is None
    editor.project = Project.from_dict(PLAIN, trust=True)
    assert editor.project.trust


@pytest.mark.parametrize("opened", ["file", "dict"])
def test_the_folder_follows_the_assigned_project(tmp_path, opened):
    editor = trusted_editor(tmp_path)
    other = tmp_path / "other" / "q.nnb.json"
    other.parent.mkdir()
    Project.from_dict({**PLAIN, "name": "Other"}).save(other)
    project = Project.load(other) if opened == "file" else Project.from_dict({**PLAIN, "name": "Other"})
    editor.project = project
    assert editor.project.name == "Other" and not editor.project.trust
    assert editor.project.folder == (other.parent.absolute() if opened == "file" else None)


def test_a_canvas_edit_keeps_the_shown_projects_trust_and_folder(tmp_path):
    editor = trusted_editor(tmp_path)
    folder = editor.project.folder
    editor.set_state({"graph": LAMBDA})  # what the comm does when the browser syncs an edit
    assert editor.project.models["model"].node("f") is not None
    assert editor.project.trust and editor.project.folder == folder
