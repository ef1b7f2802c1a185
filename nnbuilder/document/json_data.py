"""The JSON rules of a project document: parse text and refuse what could not be saved again.

Parsing never raises RecursionError or a digit-limit ValueError: numbers JSON
cannot carry (NaN, Infinity, huge integers) become markers that `data_problem`
reports with the path of the field, like every other bad value.
"""

from __future__ import annotations

import json
import math
from typing import Any

from nnbuilder.errors import ProjectError

MAX_DEPTH = 100
"""Objects and lists nested deeper than this are refused (projects need about 12)."""

MAX_DIGITS = 300
"""Integers with more digits than this are refused (seeds and sizes need about 20)."""


_MAX_BITS = int(MAX_DIGITS * math.log2(10)) + 1


class _Unstorable:
    """A number read from text that a saved project could not hold."""

    def __init__(self, text: str, why: str) -> None:
        self.text = text
        self.why = why


def _parse_int(text: str) -> int | _Unstorable:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        return _Unstorable(text, f"an integer with {digits} digits is too large (at most {MAX_DIGITS})")
    return int(text)


def _parse_float(text: str) -> float | _Unstorable:
    value = float(text)
    if not math.isfinite(value):
        return _Unstorable(text, f"the number {text[:20]} is too large to store")
    return value


def _parse_constant(text: str) -> _Unstorable:
    return _Unstorable(text, f"{text} is not a number JSON can store; use a number or null")


def parse(text: str, source: str) -> Any:
    """The JSON value of `text`; ProjectError (naming `source`) when it is not JSON."""
    try:
        data = json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        raise ProjectError(f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise ProjectError(f"{source} nests objects or lists too deeply (at most {MAX_DEPTH} levels)") from None
    return data


def data_problem(data: Any) -> tuple[str, str] | None:
    """(path, message) of the first value a project file cannot store, or None."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        message = _value_problem(value)
        if message:
            return path or "(top level)", message
        if isinstance(value, dict):
            if depth >= MAX_DEPTH:
                return path, f"nested more than {MAX_DEPTH} levels deep"
            for key, item in reversed(list(value.items())):
                if not isinstance(key, str):
                    return path or "(top level)", f"object keys must be text, got {type(key).__name__} {key!r:.40}"
                if _has_surrogate(key):
                    return path or "(top level)", f"the key {ascii(key)} {_SURROGATE}"
                where = f"{path}.{key}" if path else key
                stack.append((item, where, depth + 1))
        elif isinstance(value, (list, tuple)):
            if depth >= MAX_DEPTH:
                return path, f"nested more than {MAX_DEPTH} levels deep"
            for i in range(len(value) - 1, -1, -1):
                stack.append((value[i], f"{path}[{i}]", depth + 1))
    return None


_SURROGATE = "holds a lone surrogate character, which UTF-8 text cannot store"


def _has_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _value_problem(value: Any) -> str | None:
    if value is None or isinstance(value, (bool, dict, list, tuple)):
        return None
    if isinstance(value, str):
        return _SURROGATE if _has_surrogate(value) else None
    if isinstance(value, int):
        if value.bit_length() > _MAX_BITS:
            digits = int(value.bit_length() * math.log10(2)) + 1
            return f"an integer of about {digits} digits is too large (at most {MAX_DIGITS})"
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{value} is not a number JSON can store; use a number or null"
    if isinstance(value, _Unstorable):
        return value.why
    return f"expected JSON data (text, a number, true/false, null, a list or an object), got {type(value).__name__}"
