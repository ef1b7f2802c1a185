"""Python source as HTML with syntax colours, for the code view.

Pygments splits the code into tokens; each token that gets a colour becomes a
`<span class="nnb-tok-KIND">` and every character is HTML-escaped, so the browser
shows the code as text and never as markup. The stylesheet (widgets/src/app/app.css)
colours each kind with JupyterLab's editor colours. A newline never sits inside a
span: the HTML has the code's lines, and its text is the code itself.
"""

from __future__ import annotations

from html import escape

from pygments.lexers.python import PythonLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String

KINDS = (
    "keyword",
    "constant",
    "builtin",
    "special",
    "definition",
    "decorator",
    "variable",
    "string",
    "escape",
    "number",
    "comment",
    "operator",
)
"""Every kind a span can have: its class is `nnb-tok-` + the kind."""

_KIND_OF = {
    Keyword.Constant: "constant",  # True, False, None
    Keyword: "keyword",
    Operator.Word: "keyword",  # and, or, not, in, is
    Operator: "operator",
    Name.Builtin.Pseudo: "special",  # self, cls, Ellipsis
    Name.Builtin: "builtin",
    Name.Exception: "builtin",
    Name.Function: "definition",  # the names def and class introduce
    Name.Class: "definition",
    Name.Decorator: "decorator",
    Name: "variable",
    String.Escape: "escape",  # \n in a string, the braces of an f-string field
    String.Interpol: "escape",
    String: "string",
    Number: "number",
    Comment: "comment",
}
"""Pygments' token types to our kinds; a subtype takes the kind of its nearest listed type.
Punctuation, spaces and anything the lexer calls an error stay plain text."""

# Keep the code exactly: no stripped blank lines at either end, no added final newline.
_LEXER = PythonLexer(stripnl=False, ensurenl=False)


def _kind(token_type) -> str | None:
    while token_type is not None:
        kind = _KIND_OF.get(token_type)
        if kind is not None:
            return kind
        token_type = token_type.parent
    return None


def _runs(source: str) -> list[tuple[str | None, str]]:
    """(kind, text) runs of `source`, neighbours of the same kind joined."""
    runs: list[tuple[str | None, str]] = []
    for token_type, text in _LEXER.get_tokens(source):
        kind = _kind(token_type)
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + text)
        elif text:
            runs.append((kind, text))
    return runs


def python_html(code: str) -> str:
    """`code` as HTML spans, every character escaped; line ends are written as "\\n"."""
    source = code.replace("\r\n", "\n").replace("\r", "\n")
    runs = _runs(source)
    if "".join(text for _, text in runs) != source:  # the lexer changed the text (a leading BOM): show it plain
        return escape(source)
    parts = []
    for kind, text in runs:
        if kind is None:
            parts.append(escape(text))
            continue
        spans = (f'<span class="nnb-tok-{kind}">{escape(line)}</span>' if line else "" for line in text.split("\n"))
        parts.append("\n".join(spans))
    return "".join(parts)
