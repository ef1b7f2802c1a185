"""Shape rules of the keras.ops functions that rearrange a tensor: reshape, transpose, join, split, index,
repeat and pad (category "shape" of the op table)."""

from __future__ import annotations

import math
from typing import Any

from nnbuilder.catalog._op_rule_tools import (
    Operands,
    axis_index,
    axis_indices,
    broadcast,
    ints,
    not_scalar,
    same_except,
    single,
    value_problem,
)
from nnbuilder.catalog._shapes import fmt
from nnbuilder.catalog._spec import Config, Dim, LayerProblem, Shape
from nnbuilder.catalog.op_keys import decode_key, is_int
from nnbuilder.locale.problem_words import say


def reshape(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = single(operands, "x")
    target = config["newshape"]
    dims = list(target) if isinstance(target, (list, tuple)) else [target]
    if not dims or not all(d is None or is_int(d) for d in dims):
        raise value_problem("reshape", "newshape", "op_want_sizes", target)
    if any(d is not None and d < -1 for d in dims):
        raise value_problem("reshape", "newshape", "op_want_reshape", target)
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


def transpose(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = single(operands, "x")
    axes = config.get("axes")
    if axes is None:
        return (tuple(reversed(shape)),)
    order = ints("transpose", "axes", axes)
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


def expand_dims(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = single(operands, "x")
    items = ints("expand_dims", "axis", config["axis"])
    rank = len(shape) + len(items)
    new = axis_indices("expand_dims", items, rank, (*shape, *([1] * len(items))))
    rest = iter(shape)
    return (tuple(1 if i in new else next(rest) for i in range(rank)),)


def squeeze(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = single(operands, "x")
    axis = config.get("axis")
    if axis is None:
        return (tuple(d for d in shape if d != 1),)
    gone = axis_indices("squeeze", axis, len(shape), shape)
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


def concatenate(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shapes = operands["xs"]
    first = shapes[0]
    not_scalar("concatenate", first)
    axis = axis_index("concatenate", config["axis"], len(first), first)
    same_except("concatenate", "xs", shapes, axis)
    sizes = [s[axis] for s in shapes]
    total = None if None in sizes else sum(d for d in sizes if d is not None)
    return (tuple(total if i == axis else d for i, d in enumerate(first)),)


def stack(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shapes = operands["x"]
    first = shapes[0]
    axis = axis_index("stack", config["axis"], len(first) + 1, (*first, 1))
    same_except("stack", "x", shapes, None)
    out = list(first)
    out.insert(axis, len(shapes))
    return (tuple(out),)


def split(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = single(operands, "x")
    not_scalar("split", shape)
    axis = axis_index("split", config["axis"], len(shape), shape)
    size, sections = shape[axis], config["indices_or_sections"]

    def with_size(n: Dim) -> Shape:
        return tuple(n if i == axis else d for i, d in enumerate(shape))

    if is_int(sections):
        if sections < 1:
            raise value_problem("split", "indices_or_sections", "op_want_positive", sections)
        if size is not None and size % sections:
            raise LayerProblem(
                "op_split",
                say("op_split", op="split", axis=axis, shape=fmt(shape), size=size, parts=sections),
                expected=f"a divisor of {size}",
                found=str(sections),
                param="indices_or_sections",
            )
        return tuple(with_size(None if size is None else size // sections) for _ in range(sections))
    cuts = [0, *ints("split", "indices_or_sections", sections), size]
    return tuple(with_size(None if a is None or b is None else b - a) for a, b in zip(cuts, cuts[1:]))


def get_item(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = single(operands, "x")
    raw = config["key"]
    key = decode_key(raw)
    items = list(key) if isinstance(key, tuple) else [key]

    def bad(problem: Any) -> LayerProblem:
        return LayerProblem(
            "op_key", say("op_key", op="get_item", key=raw, problem=problem, shape=fmt(shape)), param="key"
        )

    for item in items:
        if not (item is None or item is Ellipsis or is_int(item) or isinstance(item, slice)):
            raise bad(say("op_key_item", item=repr(item)))
        if isinstance(item, slice) and not all(p is None or is_int(p) for p in (item.start, item.stop, item.step)):
            raise bad(say("op_key_item", item=repr(item)))
        if isinstance(item, slice) and item.step == 0:
            raise value_problem("get_item", "key", "op_want_step", raw)
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


def tile(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape: list[Dim] = list(single(operands, "x"))
    repeats = ints("tile", "repeats", config["repeats"])
    if any(r < 0 for r in repeats):
        raise value_problem("tile", "repeats", "op_want_nonnegative", config["repeats"])
    repeats = [1] * (len(shape) - len(repeats)) + repeats
    shape = [*([1] * (len(repeats) - len(shape))), *shape]
    return (tuple(None if d is None else d * r for d, r in zip(shape, repeats)),)


def repeat(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = single(operands, "x")
    repeats = ints("repeat", "repeats", config["repeats"])
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
    axis = axis_index("repeat", axis, len(shape), shape)
    length = shape[axis]
    if length is None:
        return (shape,)
    check_count(length)
    new = length * repeats[0] if len(repeats) == 1 else sum(repeats)
    return (tuple(new if i == axis else d for i, d in enumerate(shape)),)


def pad(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = single(operands, "x")
    width = config["pad_width"]
    if is_int(width):
        pairs = [[width, width]] * len(shape)
    else:
        if not isinstance(width, (list, tuple)) or not all(
            isinstance(p, (list, tuple)) and len(p) == 2 and all(is_int(v) and v >= 0 for v in p) for p in width
        ):
            raise value_problem("pad", "pad_width", "op_want_pairs", width)
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


def broadcast_to(config: Config, operands: Operands) -> tuple[Shape, ...]:
    shape = single(operands, "x")
    target = tuple(ints("broadcast_to", "shape", config["shape"]))
    broadcast("broadcast_to", shape, target)
    if len(shape) > len(target):
        raise LayerProblem(
            "op_broadcast",
            say("op_broadcast", op="broadcast_to", first=fmt(shape), second=fmt(target), a=len(shape), b=len(target)),
            param="shape",
        )
    return (target,)
