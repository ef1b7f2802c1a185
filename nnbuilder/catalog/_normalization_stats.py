"""Shape inference of the Normalization layer, whose statistics may be given or adapted."""

from __future__ import annotations

from typing import Any

from nnbuilder.catalog._shapes import fmt, prod
from nnbuilder.catalog._spec import Config, Inferred, LayerProblem, Shape
from nnbuilder.document.params import describe


def _nested_shape(value: Any, param: str) -> tuple[int, ...]:
    """numpy's shape of a number or of nested lists of numbers."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ()
    if isinstance(value, (list, tuple)) and value:
        inner = {_nested_shape(v, param) for v in value}
        if len(inner) == 1:
            return (len(value), *inner.pop())
    raise LayerProblem(
        "param",
        f"Normalization: {param} must be a number or a (nested) list of numbers, got {describe(value)}",
        expected="a number or a list of numbers",
        found=describe(value),
        param=param,
    )


def infer_normalization(cfg: Config, inputs: list[Shape]) -> Inferred:
    """Shape and weights of keras.layers.Normalization (pre-set or adapted statistics)."""
    (shape,) = inputs
    rank = len(shape)
    axis = cfg["axis"]
    axes = () if axis is None else tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    for a in axes:
        if not -rank <= a < rank:
            raise LayerProblem(
                "param",
                f"Normalization: axis {a} does not exist in its input {fmt(shape)}, which has axes {-rank}..{rank - 1}",
                expected="an axis of the input, usually -1 (the features or channels)",
                found=str(a),
                param="axis",
            )
    keep = sorted({a % rank for a in axes})
    for a in keep:
        if shape[a] is None:
            what = "the batch axis" if a == 0 else f"axis {a}"
            raise LayerProblem(
                "unknown_size" if a else "param",
                f"Normalization keeps separate statistics along {what}, so its size must be known, "
                f"but the input is {fmt(shape)}",
                expected=f"a known size on axis {a}",
                found=fmt(shape),
                param="axis" if a == 0 else None,
                port=None if a == 0 else 0,
            )
    kept = [shape[a] for a in keep]
    mean, variance = cfg["mean"], cfg["variance"]
    if (mean is None) != (variance is None):
        raise LayerProblem(
            "param",
            "Normalization: set both mean and variance, or neither (then adapt the layer to data)",
            expected="both mean and variance",
            found="only mean" if variance is None else "only variance",
            param="variance" if variance is None else "mean",
        )
    if mean is None:
        # adapted statistics are stored as non-trainable weights: mean, variance and a count
        known = [d for d in kept if d is not None]  # every kept axis was checked to be known above
        return Inferred(tuple(shape), 0, 2 * prod(known) + 1)
    mean_shape, var_shape = _nested_shape(mean, "mean"), _nested_shape(variance, "variance")
    if mean_shape != var_shape:
        raise LayerProblem(
            "param",
            f"Normalization: mean has shape {fmt(mean_shape)} but variance has shape {fmt(var_shape)}",
            expected=f"variance of shape {fmt(mean_shape)}",
            found=fmt(var_shape),
            param="variance",
        )
    tail = kept[len(kept) - len(mean_shape) :] if mean_shape else []
    if len(mean_shape) > len(kept) or any(m not in (1, k) for m, k in zip(mean_shape, tail)):
        raise LayerProblem(
            "param",
            f"Normalization: mean and variance of shape {fmt(mean_shape)} do not fit the kept axes "
            f"{keep} of {fmt(shape)} (sizes {kept})",
            expected=f"a number or one value per position of the kept axes {fmt(tuple(kept))}",
            found=fmt(mean_shape),
            param="mean",
        )
    return Inferred(tuple(shape))
