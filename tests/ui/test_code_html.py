"""The code view's colours, made in Python: token spans, escaping, the template scripts, the
stylesheet's rule for each kind, and the code and its colours reaching the browser together."""

from __future__ import annotations

import html
import json
import re

import pytest
import traitlets

import nnbuilder
from nnbuilder.ui import CodeView
from nnbuilder.ui._code_html import KINDS, python_html
from nnbuilder.ui._static import bundle_text

SPAN = re.compile(r'<span class="nnb-tok-([a-z]+)">([^<]*)</span>')
TAG = re.compile(r"<[^>]*>")


def spans(markup: str) -> list[tuple[str, str]]:
    """(kind, text) of each span, its text unescaped."""
    return [(kind, html.unescape(text)) for kind, text in SPAN.findall(markup)]


def shown_text(markup: str) -> str:
    """What the browser shows: the markup without its tags, unescaped."""
    return html.unescape(TAG.sub("", markup))


def test_keywords_strings_numbers_and_comments_get_their_spans():
    code = (
        'import keras\n\n\ndef build(units=64, rate=0.5):\n    return keras.layers.Dense(units, name="dense")  # out\n'
    )
    found = spans(python_html(code))
    assert ("keyword", "import") in found and ("keyword", "def") in found and ("keyword", "return") in found
    assert ("definition", "build") in found
    assert ("number", "64") in found and ("number", "0.5") in found
    assert ("string", '"dense"') in found
    assert ("comment", "# out") in found
    assert ("variable", "keras") in found and ("operator", "=") in found
    assert shown_text(python_html(code)) == code


def test_constants_builtins_self_decorators_and_f_string_fields():
    code = '@property\ndef size(self):\n    return len(self.xs) if True else None, f"{n:>3} {{x}}\\n"\n'
    found = spans(python_html(code))
    assert ("decorator", "@property") in found and ("special", "self") in found
    assert ("builtin", "len") in found
    assert ("constant", "True") in found and ("constant", "None") in found
    assert ("string", 'f"') in found and ("escape", "{") in found and ("variable", "n") in found
    assert shown_text(python_html(code)) == code


def test_html_special_characters_are_escaped_and_never_become_markup():
    code = "s = \"<script>alert('x & y')</script>\"  # <b>bold</b> & <!-- -->\nif a<b and c>d: pass\n"
    markup = python_html(code)
    assert "<script" not in markup and "<b>" not in markup and "<!--" not in markup
    assert set(TAG.findall(markup)) <= {"</span>", *(f'<span class="nnb-tok-{kind}">' for kind in KINDS)}
    assert "&lt;script&gt;" in markup and "&amp;" in markup and "&lt;b&gt;" in markup
    assert ("comment", "# <b>bold</b> & <!-- -->") in spans(markup)
    assert shown_text(markup) == code


def test_the_text_is_the_code_exactly_and_no_span_holds_a_line_end():
    code = '\n\n"""A docstring\nover two lines."""\nx = 1\n\n\n'  # blank lines at both ends are kept
    markup = python_html(code)
    assert shown_text(markup) == code and markup.count("\n") == code.count("\n")
    assert all("\n" not in text for _, text in SPAN.findall(markup))
    assert spans(markup)[:2] == [("string", '"""A docstring'), ("string", 'over two lines."""')]
    assert shown_text(python_html("a = 1\r\nb = 2\rc = 3")) == "a = 1\nb = 2\nc = 3"
    assert python_html("") == "" and python_html("\n") == "\n"


def test_code_the_lexer_would_change_is_shown_plain():
    markup = python_html("\ufeffx = '<1>'\n")  # the lexer drops a leading byte-order mark
    assert markup == "\ufeffx = &#x27;&lt;1&gt;&#x27;\n"


def test_unfinished_code_still_shows_every_character():
    code = 'x = "open string\ndef (:\n    """never closed\n'
    assert shown_text(python_html(code)) == code


@pytest.mark.parametrize("name", nnbuilder.templates())
def test_every_template_script_is_coloured_and_shown_exactly(name):
    code = nnbuilder.export_code(nnbuilder.load_template(name))
    markup = python_html(code)
    assert shown_text(markup) == code
    assert markup.count("\n") == code.count("\n")
    kinds = {kind for kind, _ in spans(markup)}
    assert {"keyword", "definition", "string", "number", "comment", "variable", "operator"} <= kinds, name
    assert kinds <= set(KINDS)
    found = spans(markup)
    assert ("keyword", "import") in found and ("keyword", "def") in found and ("keyword", "return") in found
    assert any(kind == "definition" and text.startswith("build_") for kind, text in found), name


def test_the_stylesheet_colours_every_kind_with_a_jupyterlab_variable_and_a_fallback():
    css = bundle_text("app.css")
    for kind in KINDS:
        rule = re.search(rf"\.nnb-app-code \.nnb-tok-{kind}\s*\{{([^}}]*)\}}", css)
        assert rule, f"app.css has no rule for .nnb-tok-{kind}"
        assert re.search(r"color:\s*var\(--jp-mirror-editor-[a-z0-9-]+-color,\s*[^)\s]", rule.group(1)), rule.group(0)


class RecordingComm:
    """Where a widget's messages to the browser go, as the wire carries them."""

    kernel = object()
    comm_id = "recording"

    def __init__(self):
        self.sent: list[dict] = []

    def send(self, data=None, metadata=None, buffers=None):
        self.sent.append(json.loads(json.dumps(data)))

    def on_msg(self, callback):
        self.handler = callback

    def close(self, *args, **kwargs):
        pass


def test_code_view_sends_the_code_and_its_colours_in_one_message():
    view = CodeView("x = 1\n", filename="a.py")
    assert view.code_html == python_html("x = 1\n") and view.get_state()["code_html"] == view.code_html
    view.comm = comm = RecordingComm()
    view.code = "if a < b:\n    pass\n"
    assert comm.sent == [
        {
            "method": "update",
            "state": {"code": "if a < b:\n    pass\n", "code_html": python_html("if a < b:\n    pass\n")},
            "buffer_paths": [],
        }
    ]
    view.code = "if a < b:\n    pass\n"  # the same code again sends nothing
    view.filename = "b.py"
    assert [message["state"] for message in comm.sent[1:]] == [{"filename": "b.py"}]
    assert CodeView().code_html == ""


def test_code_view_colours_cannot_be_set_from_outside():
    view = CodeView("x = 1\n")
    with pytest.raises(traitlets.TraitError, match="read-only"):
        view.code_html = "<img src=x onerror=alert(1)>"
    assert view.code_html == python_html("x = 1\n")
