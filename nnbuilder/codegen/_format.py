"""A tiny code layout engine: calls and containers on one line when they fit,
otherwise one element per line with a trailing comma (a form `ruff format` keeps)."""

from __future__ import annotations

from dataclasses import dataclass, field

from nnbuilder.codegen._literals import atom, string

LINE = 88
INDENT = "    "


@dataclass
class Expr:
    """`head` + opening bracket + items + closing bracket (e.g. a call, list, tuple or dict)."""

    head: str
    items: list = field(default_factory=list)  # each a str or an Expr, possibly "key=" prefixed via Kw
    open: str = "("
    close: str = ")"
    is_tuple: bool = False  # a one-element tuple needs its trailing comma


@dataclass
class Kw:
    """A keyword argument or dict entry: prefix + value (value is a str or an Expr)."""

    prefix: str
    value: object


def value_expr(value, tuples: bool = False):
    """A data value as a str (scalars) or an Expr (containers)."""
    simple = atom(value)
    if simple is not None:
        return simple
    if isinstance(value, dict):
        return Expr("", [Kw(string(str(k)) + ": ", value_expr(v, tuples)) for k, v in value.items()], "{", "}")
    if isinstance(value, (list, tuple)):
        if tuples or isinstance(value, tuple):
            return Expr("", [value_expr(v, tuples) for v in value], "(", ")", is_tuple=True)
        return Expr("", [value_expr(v, tuples) for v in value], "[", "]")
    raise TypeError(f"cannot render {type(value).__name__} as data")


def flat(item) -> str:
    """One-line rendering."""
    if isinstance(item, str):
        return item
    if isinstance(item, Kw):
        return item.prefix + flat(item.value)
    inner = ", ".join(flat(i) for i in item.items)
    if item.is_tuple and len(item.items) == 1:
        inner += ","
    return f"{item.head}{item.open}{inner}{item.close}"


def lines(item, indent: int = 0, prefix: str = "", suffix: str = "") -> list[str]:
    """Source lines for `prefix + item + suffix` at `indent` levels."""
    pad = INDENT * indent
    one = pad + prefix + flat(item) + suffix
    if len(one) <= LINE or isinstance(item, str):
        return [one]
    if isinstance(item, Kw):
        return lines(item.value, indent, prefix + item.prefix, suffix)
    if not item.items:
        return [one]
    opening = pad + prefix + item.head + item.open
    body = INDENT * (indent + 1) + ", ".join(flat(i) for i in item.items)
    if item.is_tuple and len(item.items) == 1:
        body += ","
    # A call's arguments may hug one line; a list, tuple or dict literal of several items that does
    # not fit is written one item per line, as ruff format writes it.
    literal = not item.head and (len(item.items) > 1 or item.is_tuple)
    if not literal and len(body) <= LINE and len(opening) <= LINE:
        return [opening, body, pad + item.close + suffix]  # the body hugged on one line
    out = [opening]
    for element in item.items:
        out.extend(lines(element, indent + 1, "", ","))
    out.append(pad + item.close + suffix)
    return out
