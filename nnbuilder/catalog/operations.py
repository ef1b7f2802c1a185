"""Operation nodes: the keras.ops functions a project can call, with their shape rules and help.

An Op node (`layer: "Op"`, `op: "mean"`) calls `keras.ops.<op>`. Its edges name the function's tensor
arguments (`arg: "x1"`; `port` orders the tensors of a list argument such as concatenate's `xs`), and
its `config` holds the other arguments by name (`{"axis": 1}`), a number standing in for a tensor too
(`{"x2": 0.5}` for `x * 0.5`). The shape rules below are Keras' own, in pure Python; an op outside this
table is checked by Keras itself. Nothing here imports Keras.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nnbuilder.catalog._shapes import fmt
from nnbuilder.catalog._spec import Config, Dim, LayerProblem, Shape
from nnbuilder.document.params import REQUIRED, Param
from nnbuilder.locale.problem_words import say

Operands = dict[str, Any]  # tensor argument -> its Shape, or a list of Shapes for a list argument


class NeedsKeras(Exception):
    """A case the pure-Python rule leaves to Keras (einsum with "...")."""


@dataclass(frozen=True)
class TensorParam:
    """A tensor argument of an op: fed by edges that name it, or (when `constant`) by a number in `config`."""

    name: str
    many: bool = False  # a list of tensors (concatenate's xs, stack's x, einsum's operands)
    constant: bool = False  # a number may stand in for the tensor: `x * 0.5`
    star: bool = False  # given one by one, as `*operands` (einsum)


@dataclass(frozen=True)
class OpSpec:
    """One keras.ops function: its tensor arguments, its other arguments, its shape rule and its help."""

    name: str  # the keras.ops function, e.g. "mean"
    category: str
    tensor_params: tuple[TensorParam, ...]
    params: tuple[Param, ...]
    infer: Callable[[Config, Operands], tuple[Shape, ...]]
    help_en: str
    help_zh: str
    operator: str | None = None  # how Python writes it: "+", "-x", "x[key]"

    def tensor_param(self, name: str) -> TensorParam | None:
        return next((t for t in self.tensor_params if t.name == name), None)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def argument_names(self) -> tuple[str, ...]:
        """Every argument of the function, tensors first, in signature order."""
        return tuple(t.name for t in self.tensor_params) + tuple(p.name for p in self.params)

    def full_config(self, config: Config) -> Config:
        """`config` with the default of every argument it leaves out."""
        return {**{p.name: p.default for p in self.params if not p.required}, **config}

    def output_names(self, count: int) -> tuple[str, ...]:
        """A name per output of a node calling this op with `count` outputs ("" for the first), as code names them."""
        return ("", *(f"output_{k}" for k in range(1, count)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "category": self.category,
            "operator": self.operator,
            "tensors": [{"name": t.name, "many": t.many, "constant": t.constant} for t in self.tensor_params],
            "params": [p.to_dict() for p in self.params],
            "help": {"en": self.help_en, "zh": self.help_zh},
        }


# ---------------------------------------------------------------- the get_item key as JSON holds it


def encode_key(key: Any) -> Any:
    """A Python index key as JSON: a slice -> {"slice": [start, stop, step]}, Ellipsis -> "...",
    newaxis -> null, a tuple -> a list; ints stay. Raises ValueError for anything else."""
    if isinstance(key, tuple):
        return [encode_key(k) for k in key]
    if isinstance(key, slice):
        parts = [key.start, key.stop, key.step]
        if not all(p is None or _is_int(p) for p in parts):
            raise ValueError(f"a slice of {parts} holds something other than whole numbers")
        return {"slice": parts}
    if key is Ellipsis:
        return "..."
    if key is None or _is_int(key):
        return key
    raise ValueError(f"{type(key).__name__} {key!r} is not an index, a slice, ... or None")


def decode_key(key: Any) -> Any:
    """The Python key of a JSON key (`encode_key` undone); a list becomes a tuple."""
    if isinstance(key, list):
        return tuple(decode_key(k) for k in key)
    if isinstance(key, dict) and set(key) == {"slice"} and isinstance(key["slice"], list) and len(key["slice"]) == 3:
        return slice(*key["slice"])
    if key == "...":
        return Ellipsis
    return key


# ---------------------------------------------------------------- helpers of the rules


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _value_problem(op: str, arg: str, problem: str, value: Any) -> LayerProblem:
    """A refused argument value; `problem` is the key of what it must be (op_want_...)."""
    words = say("op_value", op=op, arg=arg, problem=say(problem))
    return LayerProblem("op_value", words, found=repr(value), param=arg)


def _axis(op: str, axis: Any, rank: int, shape: Shape, arg: str = "axis") -> int:
    if not _is_int(axis):
        raise _value_problem(op, arg, "op_want_int", axis)
    if not -rank <= axis < rank:
        raise LayerProblem(
            "op_axis",
            say("op_axis", op=op, axis=axis, shape=fmt(shape)),
            expected=f"an axis from {-rank} to {rank - 1}",
            found=str(axis),
            param=arg,
        )
    return int(axis) % rank


def _axes(op: str, axis: Any, rank: int, shape: Shape) -> list[int]:
    items = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    found = [_axis(op, a, rank, shape) for a in items]
    for i, a in enumerate(found):
        if a in found[:i]:
            raise LayerProblem("op_axis_twice", say("op_axis_twice", op=op, axis=items[i]), param="axis")
    return found


def _ints(op: str, arg: str, value: Any) -> list[int]:
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    if not items or not all(_is_int(v) for v in items):
        raise _value_problem(op, arg, "op_want_ints", value)
    return items


def broadcast(op: str, first: Shape, second: Shape) -> Shape:
    """Keras' broadcasting of two shapes (operation_utils.broadcast_shapes), None standing for unknown."""
    a = [1] * (len(second) - len(first)) + list(first)
    b = [1] * (len(first) - len(second)) + list(second)
    out: list[Dim] = []
    for x, y in zip(a, b):
        if x == 1:
            out.append(y)
        elif x is None:
            out.append(None if y == 1 else y)
        elif y == 1 or y is None or y == x:
            out.append(x)
        else:
            raise LayerProblem(
                "op_broadcast",
                say("op_broadcast", op=op, first=fmt(first), second=fmt(second), a=x, b=y),
                expected="sizes that are equal or 1",
                found=f"{fmt(first)} and {fmt(second)}",
            )
    return tuple(out)


def _single(operands: Operands, name: str) -> Shape:
    shape: Shape = operands[name]
    return shape


# ---------------------------------------------------------------- the rules


def _elementwise(config: Config, operands: Operands) -> tuple[Shape, ...]:
    return (_single(operands, "x"),)


def _along_axis(op: str) -> Callable[[Config, Operands], tuple[Shape, ...]]:
    def infer(config: Config, operands: Operands) -> tuple[Shape, ...]:
        shape = _single(operands, "x")
        if config.get("axis") is not None:
            _axis(op, config["axis"], len(shape), shape)
        return (shape,)

    return infer


def _binary(op: str) -> Callable[[Config, Operands], tuple[Shape, ...]]:
    def infer(config: Config, operands: Operands) -> tuple[Shape, ...]:
        return (broadcast(op, operands["x1"], operands["x2"]),)

    return infer


def _where(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = broadcast("where", operands["condition"], operands["x1"])
    return (broadcast("where", shape, operands["x2"]),)


def _reduction(op: str) -> Callable[[Config, Operands], tuple[Shape, ...]]:
    def infer(config: Config, operands: Operands) -> tuple[Shape, ...]:
        shape = _single(operands, "x")
        axis, keepdims = config.get("axis"), bool(config.get("keepdims"))
        if axis is None:
            return (tuple(1 for _ in shape) if keepdims else (),)
        axes = _axes(op, axis, len(shape), shape)
        if keepdims:
            return (tuple(1 if i in axes else d for i, d in enumerate(shape)),)
        return (tuple(d for i, d in enumerate(shape) if i not in axes),)

    return infer


def _reshape(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = _single(operands, "x")
    target = config["newshape"]
    dims = [d for d in (target if isinstance(target, (list, tuple)) else [target])]
    if not dims or not all(d is None or _is_int(d) for d in dims):
        raise _value_problem("reshape", "newshape", "op_want_sizes", target)
    if any(d is not None and d < -1 for d in dims):
        raise _value_problem("reshape", "newshape", "op_want_reshape", target)
    if dims.count(-1) > 1:
        raise LayerProblem(
            "op_reshape", say("op_reshape_unknown", op="reshape", target=fmt(tuple(dims))), param="newshape"
        )
    if None in shape or None in dims:
        return (tuple(None if d == -1 else d for d in dims),)
    size = math.prod(d for d in shape if d is not None)
    known = math.prod(d for d in dims if d is not None and d != -1)
    if (-1 not in dims and known != size) or (-1 in dims and (known == 0 or size % known)):
        raise LayerProblem(
            "op_reshape",
            say("op_reshape", op="reshape", shape=fmt(shape), size=size, target=fmt(tuple(dims))),
            expected=f"sizes whose product is {size}",
            found=fmt(tuple(dims)),
            param="newshape",
        )
    return (tuple(size // known if d == -1 else d for d in dims),)


def _transpose(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = _single(operands, "x")
    axes = config.get("axes")
    if axes is None:
        return (tuple(reversed(shape)),)
    order = _ints("transpose", "axes", axes)
    rank = len(shape)
    if len(order) != rank or any(not -rank <= a < rank for a in order) or len({a % rank for a in order}) != rank:
        raise LayerProblem(
            "op_permutation",
            say("op_permutation", op="transpose", axes=order, rank=rank, shape=fmt(shape)),
            expected=f"a permutation of {list(range(rank))}",
            found=str(order),
            param="axes",
        )
    return (tuple(shape[a % rank] for a in order),)


def _expand_dims(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = _single(operands, "x")
    items = _ints("expand_dims", "axis", config["axis"])
    rank = len(shape) + len(items)
    new = _axes("expand_dims", items, rank, (*shape, *([1] * len(items))))
    rest = iter(shape)
    return (tuple(1 if i in new else next(rest) for i in range(rank)),)


def _squeeze(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = _single(operands, "x")
    axis = config.get("axis")
    if axis is None:
        return (tuple(d for d in shape if d != 1),)
    gone = _axes("squeeze", axis, len(shape), shape)
    for a in gone:
        if shape[a] != 1:
            raise LayerProblem(
                "op_squeeze",
                say("op_squeeze", op="squeeze", axis=a, shape=fmt(shape), size=shape[a]),
                expected="an axis of size 1",
                found=str(shape[a]),
                param="axis",
            )
    return (tuple(d for i, d in enumerate(shape) if i not in gone),)


def _same_except(op: str, arg: str, shapes: Sequence[Shape], skip: int | None) -> None:
    first = shapes[0]
    for port, shape in enumerate(shapes[1:], start=1):
        fits = len(shape) == len(first) and all(
            i == skip or a is None or b is None or a == b for i, (a, b) in enumerate(zip(shape, first))
        )
        if not fits:
            outside = say("op_join_axis", axis=skip) if skip is not None else ""
            raise LayerProblem(
                "op_join",
                say("op_join", op=op, arg=arg, port=port, found=fmt(shape), first=fmt(first), outside=outside),
                expected=fmt(first),
                found=fmt(shape),
            )


def _concatenate(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shapes = operands["xs"]
    first = shapes[0]
    if not first:
        raise LayerProblem("op_scalar", say("op_scalar", op="concatenate", shape=fmt(first)))
    axis = _axis("concatenate", config["axis"], len(first), first)
    _same_except("concatenate", "xs", shapes, axis)
    sizes = [s[axis] for s in shapes]
    total = None if None in sizes else sum(d for d in sizes if d is not None)
    return (tuple(total if i == axis else d for i, d in enumerate(first)),)


def _stack(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shapes = operands["x"]
    first = shapes[0]
    axis = _axis("stack", config["axis"], len(first) + 1, (*first, 1))
    _same_except("stack", "x", shapes, None)
    out = list(first)
    out.insert(axis, len(shapes))
    return (tuple(out),)


def _split(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = _single(operands, "x")
    if not shape:
        raise LayerProblem("op_scalar", say("op_scalar", op="split", shape=fmt(shape)))
    axis = _axis("split", config["axis"], len(shape), shape)
    size, sections = shape[axis], config["indices_or_sections"]

    def with_size(n: Dim) -> Shape:
        return tuple(n if i == axis else d for i, d in enumerate(shape))

    if _is_int(sections):
        if sections < 1:
            raise _value_problem("split", "indices_or_sections", "op_want_positive", sections)
        if size is not None and size % sections:
            raise LayerProblem(
                "op_split",
                say("op_split", op="split", axis=axis, shape=fmt(shape), size=size, parts=sections),
                expected=f"a divisor of {size}",
                found=str(sections),
                param="indices_or_sections",
            )
        return tuple(with_size(None if size is None else size // sections) for _ in range(sections))
    cuts = [0, *_ints("split", "indices_or_sections", sections), size]
    return tuple(with_size(None if a is None or b is None else b - a) for a, b in zip(cuts, cuts[1:]))


def _get_item(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = _single(operands, "x")
    raw = config["key"]
    key = decode_key(raw)
    items = list(key) if isinstance(key, tuple) else [key]

    def bad(problem: Any) -> LayerProblem:
        return LayerProblem(
            "op_key", say("op_key", op="get_item", key=raw, problem=problem, shape=fmt(shape)), param="key"
        )

    for item in items:
        if not (item is None or item is Ellipsis or _is_int(item) or isinstance(item, slice)):
            raise bad(say("op_key_item", item=repr(item)))
        if isinstance(item, slice) and not all(p is None or _is_int(p) for p in (item.start, item.stop, item.step)):
            raise bad(say("op_key_item", item=repr(item)))
        if isinstance(item, slice) and item.step == 0:
            raise _value_problem("get_item", "key", "op_want_step", raw)
    if items.count(Ellipsis) > 1:
        raise bad(say("op_key_ellipsis"))
    if Ellipsis not in items:
        items.append(Ellipsis)
    remaining, out = list(shape), []
    for i, item in enumerate(items):
        if item is Ellipsis:
            needed = sum(1 for k in items[i + 1 :] if k is not None)
            consumed = len(remaining) - needed
            if consumed < 0:
                raise bad(say("op_key_many"))
            out += remaining[:consumed]
            remaining = remaining[consumed:]
        elif item is None:
            out.append(1)
        else:
            if not remaining:
                raise bad(say("op_key_many"))
            axis = len(shape) - len(remaining)
            length = remaining.pop(0)
            if isinstance(item, slice):
                out.append(None if length is None else len(range(*item.indices(length))))
            elif length is not None and not -length <= item < length:
                raise LayerProblem(
                    "op_index",
                    say("op_index", op="get_item", index=item, axis=axis, shape=fmt(shape)),
                    expected=f"an index from {-length} to {length - 1}",
                    found=str(item),
                    param="key",
                )
    return (tuple(out),)


def _matmul(config: Config, operands: Operands) -> tuple[Shape, ...]:
    a, b = operands["x1"], operands["x2"]
    for shape in (a, b):
        if not shape:
            raise LayerProblem("op_scalar", say("op_scalar", op="matmul", shape=fmt(shape)))
    left = (1, a[0]) if len(a) == 1 else a
    right = (b[0], 1) if len(b) == 1 else b
    if left[-1] is not None and right[-2] is not None and left[-1] != right[-2]:
        raise LayerProblem(
            "op_matmul",
            say("op_matmul", op="matmul", first=fmt(a), second=fmt(b)),
            expected=f"x2 with {left[-1]} on its second-last axis",
            found=fmt(b),
        )
    out = [*broadcast("matmul", left[:-2], right[:-2]), left[-2], right[-1]]
    if len(a) == 1:
        del out[-2]
    if len(b) == 1:
        del out[-1]
    return (tuple(out),)


def _einsum(config: Config, operands: Operands) -> tuple[Shape, ...]:
    subscripts, shapes = config["subscripts"], operands["operands"]
    if not isinstance(subscripts, str):
        raise _value_problem("einsum", "subscripts", "op_want_subscripts", subscripts)
    if "." in subscripts or subscripts.count("->") > 1:
        raise NeedsKeras(subscripts)
    inputs, _, output = subscripts.partition("->")
    specs = inputs.split(",")
    if not all(s.isalpha() or s == "" for s in [*specs, output]):
        raise NeedsKeras(subscripts)

    def bad(problem: Any) -> LayerProblem:
        found = ", ".join(fmt(s) for s in shapes)
        problem_words = say("op_einsum", op="einsum", subscripts=subscripts, shapes=found, problem=problem)
        return LayerProblem("op_einsum", problem_words, found=found, param="subscripts")

    if len(specs) != len(shapes):
        raise bad(say("op_einsum_count", named=len(specs)))
    sizes: dict[str, Dim] = {}
    for port, (letters, shape) in enumerate(zip(specs, shapes)):
        if len(letters) != len(shape):
            raise bad(say("op_einsum_rank", port=port, rank=len(shape), letters=letters))
        for letter, size in zip(letters, shape):
            if letter not in sizes or sizes[letter] == 1:
                sizes[letter] = size
            elif size not in (1, None, sizes[letter]) and sizes[letter] is not None:
                raise bad(say("op_einsum_size", letter=letter, a=sizes[letter], b=size))
            elif sizes[letter] is None and size != 1:
                sizes[letter] = size
    if "->" not in subscripts:
        output = "".join(sorted(k for k in sizes if inputs.count(k) == 1))
    for letter in output:
        if letter not in sizes:
            raise bad(say("op_einsum_letter", letter=letter))
    return (tuple(sizes[letter] for letter in output),)


def _tile(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape: list[Dim] = list(_single(operands, "x"))
    repeats = _ints("tile", "repeats", config["repeats"])
    if any(r < 0 for r in repeats):
        raise _value_problem("tile", "repeats", "op_want_nonnegative", config["repeats"])
    repeats = [1] * (len(shape) - len(repeats)) + repeats
    shape = [*([1] * (len(repeats) - len(shape))), *shape]
    return (tuple(None if d is None else d * r for d, r in zip(shape, repeats)),)


def _repeat(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = _single(operands, "x")
    repeats = _ints("repeat", "repeats", config["repeats"])
    axis = config.get("axis")

    def check_count(count: int) -> None:
        if len(repeats) not in (1, count):
            raise LayerProblem(
                "op_repeats",
                say("op_repeats", op="repeat", repeats=repeats, shape=fmt(shape), count=len(repeats), size=count),
                param="repeats",
            )

    if axis is None:
        if None in shape:
            return ((None,),)
        size = math.prod(d for d in shape if d is not None)
        check_count(size)
        return ((size * repeats[0] if len(repeats) == 1 else sum(repeats),),)
    axis = _axis("repeat", axis, len(shape), shape)
    length = shape[axis]
    if length is None:
        return (shape,)
    check_count(length)
    new = length * repeats[0] if len(repeats) == 1 else sum(repeats)
    return (tuple(new if i == axis else d for i, d in enumerate(shape)),)


def _pad(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = _single(operands, "x")
    width = config["pad_width"]
    if _is_int(width):
        pairs = [[width, width]] * len(shape)
    else:
        if not isinstance(width, (list, tuple)) or not all(
            isinstance(p, (list, tuple)) and len(p) == 2 and all(_is_int(v) and v >= 0 for v in p) for p in width
        ):
            raise _value_problem("pad", "pad_width", "op_want_pairs", width)
        pairs = [list(p) for p in width]
        if len(pairs) == 1:
            pairs = pairs * len(shape)
        elif len(pairs) != len(shape):
            raise LayerProblem(
                "op_pad",
                say("op_pad", op="pad", count=len(pairs), shape=fmt(shape), rank=len(shape)),
                param="pad_width",
            )
    return (tuple(None if d is None else d + a + b for d, (a, b) in zip(shape, pairs)),)


def _broadcast_to(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = _single(operands, "x")
    target = tuple(_ints("broadcast_to", "shape", config["shape"]))
    broadcast("broadcast_to", shape, target)
    if len(shape) > len(target):
        raise LayerProblem(
            "op_broadcast",
            say("op_broadcast", op="broadcast_to", first=fmt(shape), second=fmt(target), a=len(shape), b=len(target)),
            param="shape",
        )
    return (target,)


# ---------------------------------------------------------------- the table

X = (TensorParam("x"),)
X1_X2 = (TensorParam("x1", constant=True), TensorParam("x2", constant=True))
AXIS_ANY = Param("axis", "axes", None, help="Axis or axes to work along; none means all of them.")
KEEPDIMS = Param("keepdims", "bool", False, help="Keep the reduced axes with size 1.")


def _binary_spec(name: str, operator: str | None, en: str, zh: str) -> OpSpec:
    return OpSpec(name, "arithmetic", X1_X2, (), _binary(name), en, zh, operator)


def _unary_spec(name: str, en: str, zh: str, operator: str | None = None, params: tuple[Param, ...] = ()) -> OpSpec:
    return OpSpec(name, "elementwise", X, params, _elementwise, en, zh, operator)


def _reduction_spec(name: str, en: str, zh: str, extra: tuple[Param, ...] = ()) -> OpSpec:
    return OpSpec(name, "reduction", X, (AXIS_ANY, KEEPDIMS, *extra), _reduction(name), en, zh)


SPECS: tuple[OpSpec, ...] = (
    # element by element on two tensors (or a tensor and a number), broadcasting
    _binary_spec("add", "+", "Add element by element.", "逐元素相加。"),
    _binary_spec("subtract", "-", "Subtract element by element.", "逐元素相减。"),
    _binary_spec("multiply", "*", "Multiply element by element.", "逐元素相乘。"),
    _binary_spec("divide", None, "Divide element by element.", "逐元素相除。"),
    _binary_spec("true_divide", "/", "Divide element by element (x1 / x2).", "逐元素相除（x1 / x2）。"),
    _binary_spec("floor_divide", "//", "Divide and round down, element by element.", "逐元素整除（向下取整）。"),
    _binary_spec("mod", "%", "Remainder of the division, element by element.", "逐元素取余数。"),
    _binary_spec("power", "**", "Raise x1 to the power x2, element by element.", "逐元素求 x1 的 x2 次幂。"),
    _binary_spec("maximum", None, "The larger of the two, element by element.", "逐元素取较大值。"),
    _binary_spec("minimum", None, "The smaller of the two, element by element.", "逐元素取较小值。"),
    _binary_spec("greater", ">", "x1 > x2, element by element (true or false).", "逐元素比较 x1 > x2（真或假）。"),
    _binary_spec("greater_equal", ">=", "x1 >= x2, element by element.", "逐元素比较 x1 >= x2。"),
    _binary_spec("less", "<", "x1 < x2, element by element.", "逐元素比较 x1 < x2。"),
    _binary_spec("less_equal", "<=", "x1 <= x2, element by element.", "逐元素比较 x1 <= x2。"),
    _binary_spec("equal", None, "x1 == x2, element by element.", "逐元素比较 x1 == x2。"),
    _binary_spec("not_equal", "!=", "x1 != x2, element by element.", "逐元素比较 x1 != x2。"),
    _binary_spec("logical_and", "&", "Logical and, element by element.", "逐元素逻辑与。"),
    _binary_spec("logical_or", "|", "Logical or, element by element.", "逐元素逻辑或。"),
    OpSpec(
        "where",
        "arithmetic",
        (TensorParam("condition"), TensorParam("x1", constant=True), TensorParam("x2", constant=True)),
        (),
        _where,
        "Take x1 where the condition holds and x2 elsewhere.",
        "条件成立处取 x1，其余处取 x2。",
    ),
    OpSpec(
        "matmul",
        "linear algebra",
        (TensorParam("x1"), TensorParam("x2")),
        (),
        _matmul,
        "Matrix product over the last two axes (x1 @ x2), the leading axes broadcast.",
        "在最后两个轴上做矩阵乘法（x1 @ x2），前面的轴广播。",
        "@",
    ),
    OpSpec(
        "einsum",
        "linear algebra",
        (TensorParam("operands", many=True, star=True),),
        (Param("subscripts", "str", REQUIRED, help="Einstein summation, e.g. 'bij,bjk->bik'."),),
        _einsum,
        "Einstein summation over the inputs, as the subscripts say.",
        "按下标描述对输入做爱因斯坦求和。",
    ),
    # element by element on one tensor
    _unary_spec("negative", "Change the sign.", "取相反数。", "-"),
    _unary_spec("absolute", "Absolute value.", "取绝对值。"),
    _unary_spec("exp", "Exponential.", "指数函数。"),
    _unary_spec("log", "Natural logarithm.", "自然对数。"),
    _unary_spec("sqrt", "Square root.", "平方根。"),
    _unary_spec("square", "Square.", "平方。"),
    _unary_spec("sign", "Sign: -1, 0 or 1.", "符号：-1、0 或 1。"),
    _unary_spec("floor", "Round down.", "向下取整。"),
    _unary_spec("logical_not", "Logical not.", "逻辑非。", "~"),
    _unary_spec("relu", "Rectified linear unit: max(x, 0).", "线性整流：max(x, 0)。"),
    _unary_spec("relu6", "ReLU capped at 6.", "上限为 6 的 ReLU。"),
    _unary_spec("sigmoid", "Logistic sigmoid.", "Sigmoid 函数。"),
    _unary_spec("hard_sigmoid", "Piecewise-linear sigmoid.", "分段线性的 Sigmoid。"),
    _unary_spec("tanh", "Hyperbolic tangent.", "双曲正切。"),
    _unary_spec("softplus", "Softplus: log(1 + exp(x)).", "Softplus：log(1 + exp(x))。"),
    _unary_spec("silu", "SiLU (swish): x * sigmoid(x).", "SiLU（swish）：x * sigmoid(x)。"),
    _unary_spec(
        "gelu",
        "Gaussian error linear unit.",
        "高斯误差线性单元。",
        params=(Param("approximate", "bool", True, help="Use the tanh approximation."),),
    ),
    OpSpec(
        "softmax",
        "elementwise",
        X,
        (Param("axis", "int", -1, help="Axis along which the values sum to 1."),),
        _along_axis("softmax"),
        "Softmax along an axis: values that sum to 1.",
        "沿某个轴做 Softmax：各值之和为 1。",
    ),
    OpSpec(
        "log_softmax",
        "elementwise",
        X,
        (Param("axis", "int", -1, help="Axis along which to normalise."),),
        _along_axis("log_softmax"),
        "Logarithm of the softmax along an axis.",
        "沿某个轴求 Softmax 的对数。",
    ),
    OpSpec(
        "cast",
        "elementwise",
        X,
        (Param("dtype", "str", REQUIRED, help="The new data type, e.g. 'float16'."),),
        _elementwise,
        "Change the data type.",
        "转换数据类型。",
    ),
    OpSpec(
        "clip",
        "elementwise",
        X,
        (
            Param("x_min", "float", REQUIRED, help="Smallest value kept."),
            Param("x_max", "float", REQUIRED, help="Largest value kept."),
        ),
        _elementwise,
        "Limit the values to [x_min, x_max].",
        "把数值限制在 [x_min, x_max] 之间。",
    ),
    # reductions
    _reduction_spec("mean", "Mean over the axes.", "沿指定轴求平均值。"),
    _reduction_spec("sum", "Sum over the axes.", "沿指定轴求和。"),
    _reduction_spec(
        "max", "Largest value over the axes.", "沿指定轴求最大值。", (Param("initial", "float", None, advanced=True),)
    ),
    _reduction_spec(
        "min", "Smallest value over the axes.", "沿指定轴求最小值。", (Param("initial", "float", None, advanced=True),)
    ),
    _reduction_spec(
        "prod", "Product over the axes.", "沿指定轴求乘积。", (Param("dtype", "str", None, advanced=True),)
    ),
    _reduction_spec("std", "Standard deviation over the axes.", "沿指定轴求标准差。"),
    _reduction_spec("var", "Variance over the axes.", "沿指定轴求方差。"),
    _reduction_spec("logsumexp", "log(sum(exp(x))) over the axes.", "沿指定轴求 log(sum(exp(x)))。"),
    _reduction_spec("any", "Whether any value over the axes is true.", "沿指定轴判断是否有值为真。"),
    _reduction_spec("all", "Whether all values over the axes are true.", "沿指定轴判断是否全部为真。"),
    OpSpec(
        "argmax",
        "reduction",
        X,
        (Param("axis", "int", None, help="Axis to search; none means the flattened tensor."), KEEPDIMS),
        _reduction("argmax"),
        "Index of the largest value along an axis.",
        "沿某个轴求最大值的索引。",
    ),
    OpSpec(
        "argmin",
        "reduction",
        X,
        (Param("axis", "int", None, help="Axis to search; none means the flattened tensor."), KEEPDIMS),
        _reduction("argmin"),
        "Index of the smallest value along an axis.",
        "沿某个轴求最小值的索引。",
    ),
    # shapes
    OpSpec(
        "reshape",
        "shape",
        X,
        (Param("newshape", "any", REQUIRED, help="The new shape, batch axis included; -1 for one unknown size."),),
        _reshape,
        "Give the values a new shape (the batch axis included).",
        "改变张量的形状（包括批次维）。",
    ),
    OpSpec(
        "transpose",
        "shape",
        X,
        (Param("axes", "any", None, help="The new order of the axes; none reverses them."),),
        _transpose,
        "Reorder the axes.",
        "调换轴的顺序。",
    ),
    OpSpec(
        "expand_dims",
        "shape",
        X,
        (Param("axis", "axes", REQUIRED, help="Where the new axis of size 1 goes."),),
        _expand_dims,
        "Insert an axis of size 1.",
        "插入一个尺寸为 1 的轴。",
    ),
    OpSpec(
        "squeeze",
        "shape",
        X,
        (Param("axis", "axes", None, help="Axes of size 1 to remove; none removes every one."),),
        _squeeze,
        "Remove axes of size 1.",
        "去掉尺寸为 1 的轴。",
    ),
    OpSpec(
        "concatenate",
        "shape",
        (TensorParam("xs", many=True),),
        (Param("axis", "int", 0, help="Axis to join along."),),
        _concatenate,
        "Join tensors along an existing axis.",
        "沿已有的轴拼接张量。",
    ),
    OpSpec(
        "stack",
        "shape",
        (TensorParam("x", many=True),),
        (Param("axis", "int", 0, help="Where the new axis goes."),),
        _stack,
        "Stack tensors of one shape along a new axis.",
        "沿新轴堆叠形状相同的张量。",
    ),
    OpSpec(
        "split",
        "shape",
        X,
        (
            Param("indices_or_sections", "any", REQUIRED, help="Number of equal parts, or the indices to cut at."),
            Param("axis", "int", 0, help="Axis to cut."),
        ),
        _split,
        "Cut a tensor into several along an axis (one output per part).",
        "沿某个轴把张量切成几份（每份一个输出）。",
    ),
    OpSpec(
        "get_item",
        "shape",
        X,
        (Param("key", "any", REQUIRED, help="The index, as Python writes it between brackets."),),
        _get_item,
        "Take part of a tensor: x[key].",
        "取张量的一部分：x[key]。",
        "x[key]",
    ),
    OpSpec(
        "tile",
        "shape",
        X,
        (Param("repeats", "any", REQUIRED, help="How often to repeat the tensor along each axis."),),
        _tile,
        "Repeat the whole tensor along each axis.",
        "沿各个轴重复整个张量。",
    ),
    OpSpec(
        "repeat",
        "shape",
        X,
        (
            Param("repeats", "any", REQUIRED, help="How often to repeat each entry."),
            Param("axis", "int", None, help="Axis to repeat along; none flattens first."),
        ),
        _repeat,
        "Repeat each entry along an axis.",
        "沿某个轴重复每个元素。",
    ),
    OpSpec(
        "pad",
        "shape",
        X,
        (
            Param("pad_width", "any", REQUIRED, help="[before, after] sizes for each axis, batch axis included."),
            Param(
                "mode",
                "choice",
                "constant",
                choices=(
                    "constant",
                    "edge",
                    "linear_ramp",
                    "maximum",
                    "mean",
                    "median",
                    "minimum",
                    "reflect",
                    "symmetric",
                    "wrap",
                    "empty",
                ),
            ),
            Param("constant_values", "float", None, help="The value padded in (constant mode)."),
        ),
        _pad,
        "Pad the tensor along its axes.",
        "沿各个轴填充张量。",
    ),
    OpSpec(
        "broadcast_to",
        "shape",
        X,
        (Param("shape", "any", REQUIRED, help="The full shape to broadcast to, batch axis included."),),
        _broadcast_to,
        "Repeat the tensor to a larger shape by broadcasting.",
        "通过广播把张量扩展到更大的形状。",
    ),
)

_BY_NAME = {spec.name: spec for spec in SPECS}
if len(_BY_NAME) != len(SPECS):
    raise RuntimeError("duplicate op spec")

LIST_PARAMS = frozenset({"xs", "tensors", "arrays", "operands", "inputs"})
"""Arguments of keras.ops functions outside the table that take a list of tensors."""

LIST_RESULTS = frozenset({"split"})
"""Ops of the table that return a list of tensors, however many."""

OPERATORS = {spec.name: spec.operator for spec in SPECS if spec.operator is not None}
"""The ops Python writes as operators: add -> "+", negative -> "-", get_item -> "x[key]"."""


def op_specs() -> dict[str, OpSpec]:
    """Every op of the table by keras.ops function name."""
    return dict(_BY_NAME)


def get_op_spec(name: str) -> OpSpec | None:
    """The table's spec of the keras.ops function `name`, or None (Keras then checks the op)."""
    return _BY_NAME.get(name)


def operand_shapes(spec: OpSpec, config: Config, shapes: Operands) -> Operands:
    """The shapes of every tensor argument: those edges bring, and () for a number given in `config`."""
    out = dict(shapes)
    for tensor in spec.tensor_params:
        if tensor.name not in out and tensor.constant and tensor.name in config:
            out[tensor.name] = ()
    return out
