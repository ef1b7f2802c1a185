"""Text from a project, made safe to print on a terminal: control characters are shown, not obeyed.

A node id holding an escape sequence or a line break could otherwise erase or fake lines of output
(e.g. the "0 error(s)" summary of `nnbuilder check`).
"""

from __future__ import annotations

import unicodedata

# Unicode format characters that reorder or hide text (bidirectional overrides and isolates).
_HIDING = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _escaped(char: str) -> str:
    if char in "\n\r\t":
        return repr(char)[1:-1]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text) -> str:
    """`text` with control characters (C0, DEL, C1, line separators, bidirectional controls) escaped."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(_escaped(c) if c in _HIDING or unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
