"""The code view's Python side: synced code, file name and language, and the checks on them (no browser)."""

from __future__ import annotations

import pytest
import traitlets

import nnbuilder
from nnbuilder.ui import CodeView
from nnbuilder.ui._static import bundle_text


def test_code_view_syncs_code_file_name_and_language():
    code = nnbuilder.export_code(nnbuilder.load_template("mnist_mlp"))
    view = CodeView(code, filename="mnist_mlp.py", language="zh")
    state = view.get_state()
    assert state["code"] == code and state["filename"] == "mnist_mlp.py" and state["language"] == "zh"
    assert state["_widget"] == "code_view"  # tells the shared app bundle which widget to draw
    view.code = "print('hi')\n"
    view.filename = "hello.py"
    view.language = "en"
    assert view.get_state(["code", "filename", "language"]) == {
        "code": "print('hi')\n",
        "filename": "hello.py",
        "language": "en",
    }


def test_code_view_defaults_and_bundle():
    view = CodeView()
    assert (view.code, view.filename, view.language) == ("", "model.py", "en")
    assert view._esm == bundle_text("app.js") and view._css == bundle_text("app.css")
    assert ".nnb-app-code" in view._css and "nnb-tok-keyword" in view._css


@pytest.mark.parametrize("name", ["", " model.py", "a/b.py", "..\\x.py", "..", ".", "bad\nname.py", "x" * 256])
def test_code_view_refuses_file_names_that_are_not_plain(name):
    with pytest.raises(ValueError, match=r"filename: expected a plain file name"):
        CodeView(filename=name)
    view = CodeView()
    with pytest.raises(ValueError, match=r"filename: expected a plain file name"):
        view.filename = name
    assert view.filename == "model.py"


def test_code_view_refuses_bad_code_language_and_unknown_arguments():
    with pytest.raises(TypeError, match="code: expected the Python source as a str, got bytes"):
        CodeView(b"print(1)")
    view = CodeView("x = 1")
    with pytest.raises(TypeError, match="code: expected the Python source as a str, got NoneType"):
        view.code = None
    assert view.code == "x = 1"
    with pytest.raises(traitlets.TraitError, match="'language' trait.*'en', 'zh'"):
        CodeView(language="fr")
    with pytest.raises(traitlets.TraitError, match="'filename' trait.*expected a unicode string"):
        CodeView(filename=3)
    with pytest.raises(TypeError, match="unexpected keyword argument 'theme'"):
        CodeView(theme="dark")
