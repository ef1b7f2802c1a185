"""Op nodes as Python: `add = dense + x`, `multiply = add * 0.5`, `get_item = x[:, 0]`,
`mean = ops.mean(x, axis=1)`, `split, split_1 = ops.split(x, 2, axis=-1)`.

Operators where Python has one, `ops.<function>(...)` otherwise, written the way `ruff format` leaves them.
Every value comes from `_literals`, so a project file only ever produces data in the code.
"""

from __future__ import annotations

import keyword
import re

from nnbuilder.catalog.op_keys import decode_key, holds_key, is_int
from nnbuilder.catalog.operations import LIST_PARAMS, LIST_RESULTS, get_op_spec
from nnbuilder.codegen._format import INDENT, LINE, Expr, Kw, lines, value_expr
from nnbuilder.codegen._literals import atom
from nnbuilder.document.validation import OP_LAYER
from nnbuilder.errors import BuildError

_SIMPLE_NUMBER = re.compile(r"-?[0-9][0-9.e+-]*")


def uses_ops(node, args) -> bool:
    """Whether the code of an Op node whose edges feed `args` calls `ops.` (it is not an operator)."""
    return _operator_form(node, {arg: ["x"] for arg in args}) is None


def op_lines(node, targets: list[str], operands: dict[str, list[str]], indent: int = 1) -> list[str]:
    """Source lines that compute an Op node: `targets` are the variables of its outputs, `operands`
    the variables of its tensors by argument (ordered by port)."""
    op = _function(node.op)
    left = ", ".join(targets) + " = "
    if len(targets) == 1 and op in LIST_RESULTS:
        left = f"({targets[0]},) = "  # a list of one tensor: ops.split(x, 1)
    parts = _operator_form(node, operands)
    if parts is None:
        return lines(_call_expr(op, node.config, operands), indent, left)
    text = _joined(parts)
    if len(INDENT * indent + left + text) <= LINE:
        return [INDENT * indent + left + text]
    # too long: in parentheses, then one operand per line, as `ruff format` writes it
    inner = INDENT * (indent + 1)
    body = [inner + text] if len(inner + text) <= LINE or len(parts) == 1 else [inner + p for p in parts]
    return [INDENT * indent + left + "(", *body, INDENT * indent + ")"]


def _joined(parts: list[str]) -> str:
    """One line of an operator expression: `a + b`, `a**b` when both sides are simple, `-x`, `x[:, 0]`."""
    if len(parts) == 2 and parts[1].startswith("** "):
        a, b = parts[0], parts[1][3:]
        simple = all(s.isidentifier() or _SIMPLE_NUMBER.fullmatch(s) for s in (a, b))
        return f"{a}**{b}" if simple else f"{a} ** {b}"
    return " ".join(parts)


def _function(op) -> str:
    if not isinstance(op, str) or not op.isidentifier() or keyword.iskeyword(op) or op.startswith("_"):
        raise BuildError(f"the operation {op!r} is not a valid keras.ops name, so it cannot be written as code")
    return op


def _operand(node, operands: dict[str, list[str]], arg: str) -> str | None:
    """A one-value operand: its variable, or the number the node's config gives it."""
    if arg in operands and len(operands[arg]) == 1:
        return operands[arg][0]
    value = node.config.get(arg)
    if arg not in operands and isinstance(value, (bool, int, float)):
        return atom(value)
    return None


def _operator_form(node, operands: dict[str, list[str]]) -> list[str] | None:
    """The node as a Python operator expression in the pieces a long line breaks into (`["a", "+ b"]`,
    `["-x"]`, `["x[:, 0]"]`), or None when it has none (or is not in that form)."""
    spec = get_op_spec(node.op or "")
    if spec is None or spec.operator is None:
        return None
    if spec.name == "get_item":
        x = _operand(node, operands, "x")
        key = _key_source(decode_key(node.config.get("key")))
        return None if x is None or "x" not in operands or key is None else [f"{x}[{key}]"]
    if set(node.config) - {"x1", "x2"}:
        return None
    if spec.operator in ("-", "~") and len(spec.tensor_params) == 1:
        x = _operand(node, operands, "x")
        return None if x is None or "x" not in operands else [f"{spec.operator}{x}"]
    a, b = _operand(node, operands, "x1"), _operand(node, operands, "x2")
    if a is None or b is None or ("x1" not in operands and "x2" not in operands):
        return None
    if spec.operator == "**" and a.startswith("-") and "x1" not in operands:
        a = f"({a})"  # -2.0 ** x would be -(2.0 ** x)
    return [a, f"{spec.operator} {b}"]


def _key_source(key) -> str | None:
    """`:, 0` for (slice(None), 0): a get_item key as Python writes it between brackets."""
    items = list(key) if isinstance(key, tuple) else [key]
    parts = []
    for item in items:
        if item is None:
            parts.append("None")
        elif item is Ellipsis:
            parts.append("...")
        elif is_int(item):
            parts.append(str(item))
        elif isinstance(item, slice) and all(p is None or is_int(p) for p in (item.start, item.stop, item.step)):
            text = ("" if item.start is None else str(item.start)) + ":"
            text += "" if item.stop is None else str(item.stop)
            if item.step is not None:
                text += f":{item.step}"
            parts.append(text)
        else:
            return None
    if not isinstance(key, tuple):
        return parts[0]
    if len(parts) == 1:
        return f"{parts[0]},"
    return ", ".join(parts) if parts else "()"


def _call_expr(op: str, config: dict, operands: dict[str, list[str]]) -> Expr:
    """`ops.mean(x, axis=1)`: tensors (and numbers standing in for them) by position, the rest by name."""
    spec = get_op_spec(op)
    items: list = []
    rest = dict(config)
    if spec is not None:
        positional = True
        for tensor in spec.tensor_params:
            if tensor.name in operands and tensor.star:
                items += operands[tensor.name]  # ops.einsum("ij,jk->ik", a, b)
                continue
            if tensor.name in operands:
                value = _tensor_value(operands[tensor.name], tensor.many)
            elif tensor.name in rest:
                value = value_expr(rest.pop(tensor.name))
            else:
                positional = False
                continue
            items.append(value if positional else Kw(f"{tensor.name}=", value))
        if op == "einsum" and "subscripts" in rest:
            items.insert(0, value_expr(rest.pop("subscripts")))
        for param in spec.params:  # the required ones follow the tensors by position: ops.reshape(x, [-1, 8])
            if positional and param.required and param.name in rest:
                items.append(_config_value(op, param.name, rest.pop(param.name)))
            else:
                positional = False
        order = {p.name: i for i, p in enumerate(spec.params)}
        for key in sorted(rest, key=lambda k: (order.get(k, len(order)), k)):
            items.append(Kw(f"{_name(key)}=", _config_value(op, key, rest[key])))
    else:
        for arg, names in operands.items():
            items.append(Kw(f"{_name(arg)}=", _tensor_value(names, len(names) > 1 or arg in LIST_PARAMS)))
        for key, value in rest.items():
            items.append(Kw(f"{_name(key)}=", _config_value(op, key, value)))
    return Expr(f"ops.{op}", items)


def _tensor_value(names: list[str], many: bool):
    return Expr("", list(names), "[", "]") if many else names[0]


def _config_value(op: str, key: str, value):
    if holds_key(op, key):
        return _key_expr(decode_key(value))
    return value_expr(value)


def _key_expr(key):
    """A get_item key as a Python value: slices as slice(...), Ellipsis as ..., tuples as tuples."""
    if isinstance(key, tuple):
        return Expr("", [_key_expr(k) for k in key], "(", ")", is_tuple=True)
    if isinstance(key, slice):
        return Expr("slice", [value_expr(key.start), value_expr(key.stop), value_expr(key.step)])
    if key is Ellipsis:
        return "..."
    return value_expr(key)


def _name(key) -> str:
    if not isinstance(key, str) or not key.isidentifier() or keyword.iskeyword(key):
        raise BuildError(f"the argument {key!r} is not a valid name, so it cannot be written as code")
    return key


def project_uses_ops(project) -> bool:
    """Whether the code of any Op node of the project calls `ops.` (so the script imports it)."""
    return any(
        uses_ops(node, graph.call_args(node.id))
        for graph in project.models.values()
        for node in graph.nodes
        if node.layer == OP_LAYER
    )
