"""A sample as the batches a model's inputs take: one example gets a batch axis of 1, a batch stays as it is,
and anything else is refused naming the input node and the shape it expects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from nnbuilder.views._activation_probe import InputSpec, view_error


def sample_batches(sample: Any, specs: Sequence[InputSpec]) -> list[np.ndarray[Any, Any]]:
    """One array per input of `specs`, each with the batch axis first, all with the same number of samples.

    `sample` is one array for a model with one input; for several, a dict by input node id or a list in the
    inputs' order (a dict by node id works for one input too)."""
    names = ", ".join(repr(s.node) for s in specs)
    if isinstance(sample, Mapping):
        for key in sample:
            if key not in {s.node for s in specs}:
                raise view_error("unknown_input", key=key, names=names)
        missing = [s.node for s in specs if s.node not in sample]
        if missing:
            raise view_error("missing_input", node=missing[0], names=names)
        parts = [sample[s.node] for s in specs]
    elif len(specs) == 1:
        parts = [sample]
    elif isinstance(sample, (list, tuple)):
        if len(sample) != len(specs):
            raise view_error("list_length", count=len(specs), names=names, found=len(sample))
        parts = list(sample)
    else:
        raise view_error("several_inputs", count=len(specs), names=names, found=_described(sample))
    batches = [_batch(part, spec) for part, spec in zip(parts, specs)]
    counts = {spec.node: len(batch) for spec, batch in zip(specs, batches)}
    if len(set(counts.values())) > 1:
        raise view_error("batch_sizes", counts=", ".join(f"{node!r}: {n}" for node, n in counts.items()))
    return batches


def _batch(value: Any, spec: InputSpec) -> np.ndarray[Any, Any]:
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists, objects NumPy cannot make an array of
        raise view_error("not_numbers", node=spec.node, found=_described(value)) from None
    if array.dtype.kind not in "biuf":
        raise view_error("not_numbers", node=spec.node, found=_described(value))
    one = spec.shape[1:]
    if _fits(array.shape, one):
        array = array[np.newaxis]
    elif not _fits(array.shape, spec.shape):
        raise view_error(
            "wrong_sample",
            node=spec.node,
            one=shape_text(one),
            batch=shape_text(("n", *one)),
            found=shape_text(array.shape),
        )
    return array.astype(spec.dtype, copy=False)


def _fits(shape: tuple[int, ...], expected: tuple[int | None, ...]) -> bool:
    return len(shape) == len(expected) and all(e is None or e == s for s, e in zip(shape, expected))


def shape_text(shape: Sequence[object]) -> str:
    """A shape as people read it: (28, 28, 1), a free axis as None, a one-element shape as (10,)."""
    items = ["None" if d is None else str(d) for d in shape]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _described(value: Any) -> str:
    """What a value is, in words that read the same in every language: `ndarray (28, 28)`, `list[3]`, `str`."""
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"{type(value).__name__} {shape_text(tuple(shape))}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__}[{len(value)}]"
    return type(value).__name__
