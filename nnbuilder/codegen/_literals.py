"""Python source for scalar data values: strings, numbers, booleans and None.

Every value from a project file is written through `atom()` or `string()` here
(lists, tuples and dicts through `_format.value_expr()`, built on them), so a file
can only ever produce data in generated code, never statements. The output follows
the style `ruff format` produces, so formatting the generated file changes nothing.
"""

from __future__ import annotations

import math


def string(text: str) -> str:
    """A string literal with the quote ruff prefers; every non-printable character escaped."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif not ch.isprintable():
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def number(value) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return 'float("nan")'
    if math.isinf(value):
        return 'float("inf")' if value > 0 else '-float("inf")'
    return repr(float(value))


def atom(value) -> str | None:
    """Source of a scalar value, or None for containers."""
    if value is None:
        return "None"
    if isinstance(value, (bool, int, float)):
        return number(value)
    if isinstance(value, str):
        return string(value)
    return None
