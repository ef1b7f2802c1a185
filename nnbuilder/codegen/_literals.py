"""Python source for data values: strings, numbers, lists, dicts.

Every value from a project file goes through `literal()`, so a file can only
ever produce data in generated code, never statements. The output follows the
style `ruff format` produces, so formatting the generated file changes nothing.
"""

from __future__ import annotations

import keyword
import math
import re


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


def identifier(text: str, taken: set, fallback: str = "x") -> str:
    """A fresh Python variable name derived from any text (added to `taken`)."""
    name = re.sub(r"\W", "_", text.strip(), flags=re.ASCII).strip("_").lower() or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED:
        name = f"{name}_"
    base, i = name, 2
    while name in taken:
        name = f"{base}_{i}"
        i += 1
    taken.add(name)
    return name


RESERVED = {
    "keras",
    "layers",
    "np",
    "numpy",
    "model",
    "inputs",
    "outputs",
    "print",
    "range",
    "len",
    "list",
    "dict",
    "float",
    "int",
    "str",
    "tuple",
    "object",
    "type",
    "id",
    "input",
    "super",
    "open",
    "exec",
    "eval",
}
