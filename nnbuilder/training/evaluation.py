"""Evaluate a trained model on the test set: metrics, confusion matrix, a gallery, predicted vs true.

`evaluate()` returns one JSON-able dict (image arrays aside) that the evaluation
view draws; the pieces (confusion matrix, per-class accuracy, class decisions,
point sampling) are plain numpy functions. Keras is only used through the model.
"""

from __future__ import annotations

import math

import numpy as np

from nnbuilder.data.targets import CLASS_TASKS, dataset_task, fit_targets
from nnbuilder.errors import NNBuilderError

REGRESSION_POINTS = 500


# -- pure pieces -------------------------------------------------------------------


def confusion_matrix(true, pred, n: int) -> np.ndarray:
    """n x n counts: row = true class, column = predicted class (labels outside 0..n-1 are left out)."""
    true = np.asarray(true, dtype=np.int64).ravel()
    pred = np.asarray(pred, dtype=np.int64).ravel()
    if true.shape != pred.shape:
        raise NNBuilderError(f"confusion matrix: {true.size} true labels but {pred.size} predictions")
    keep = (true >= 0) & (true < n) & (pred >= 0) & (pred < n)
    return np.bincount(true[keep] * n + pred[keep], minlength=n * n).reshape(n, n)


def cell_samples(true, pred, n: int) -> list:
    """n x n lists of test-sample indices, ascending: cell [i][j] holds the samples of true class i predicted as j."""
    true = np.asarray(true, dtype=np.int64).ravel()
    pred = np.asarray(pred, dtype=np.int64).ravel()
    keep = np.flatnonzero((true >= 0) & (true < n) & (pred >= 0) & (pred < n))
    codes = true[keep] * n + pred[keep]
    order = keep[np.argsort(codes, kind="stable")]
    groups = np.split(order, np.cumsum(np.bincount(codes, minlength=n * n))[:-1])
    return [[groups[i * n + j].tolist() for j in range(n)] for i in range(n)]


def per_class_accuracy(confusion) -> list:
    """The share of each class's test samples predicted right (None for a class with no samples)."""
    confusion = np.asarray(confusion)
    totals = confusion.sum(axis=1)
    return [float(confusion[i, i] / t) if t else None for i, t in enumerate(totals)]


def true_classes(y) -> np.ndarray:
    """Class indices from integer labels, (N, 1) labels or one-hot rows."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return np.argmax(y, axis=1).astype(np.int64)
    return np.rint(y.reshape(len(y), -1)[:, 0]).astype(np.int64)


def predicted_classes(outputs, *, from_logits: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Classes and their confidence: argmax of several outputs, or a threshold on one sigmoid unit.

    One unit means a probability (threshold 0.5), or a logit (threshold 0) when
    the loss was set with `from_logits`.
    """
    out = np.asarray(outputs, dtype=np.float64)
    out = out.reshape(len(out), -1)
    if out.shape[1] == 1:
        score = out[:, 0]
        p = 1.0 / (1.0 + np.exp(-score)) if from_logits else np.clip(score, 0.0, 1.0)
        pred = (p >= 0.5).astype(np.int64)
        return pred, np.where(pred == 1, p, 1.0 - p)
    if from_logits or out.min() < 0.0 or not np.allclose(out.sum(axis=1), 1.0, atol=1e-3):
        shifted = np.exp(out - out.max(axis=1, keepdims=True))
        out = shifted / shifted.sum(axis=1, keepdims=True)
    return np.argmax(out, axis=1).astype(np.int64), out.max(axis=1)


def spread_indices(count: int, limit: int) -> np.ndarray:
    """Up to `limit` indices spread evenly over 0..count-1 (all of them when there are fewer)."""
    if count <= limit:
        return np.arange(count)
    return np.unique(np.linspace(0, count - 1, limit).round().astype(np.int64))


def regression_pairs(true, pred, limit: int = REGRESSION_POINTS) -> dict:
    """Predicted vs true values (every target value of every sample), at most `limit` of them."""
    true = np.asarray(true, dtype=np.float64).ravel()
    pred = np.asarray(pred, dtype=np.float64).ravel()
    if true.size != pred.size:
        raise NNBuilderError(f"the model predicts {pred.size} values for {true.size} targets: their shapes differ")
    keep = spread_indices(true.size, limit)
    return {"true": [float(v) for v in true[keep]], "predicted": [float(v) for v in pred[keep]]}


def gallery_indices(correct, size: int) -> np.ndarray:
    """Up to `size` test samples, half of them mistakes when there are enough, in test-set order."""
    correct = np.asarray(correct, dtype=bool)
    wrong, right = np.flatnonzero(~correct), np.flatnonzero(correct)
    n_wrong = min(len(wrong), size // 2)
    n_right = min(len(right), size - n_wrong)
    n_wrong = min(len(wrong), size - n_right)
    chosen = np.concatenate([wrong[spread_indices(len(wrong), n_wrong)], right[spread_indices(len(right), n_right)]])
    return np.sort(chosen.astype(np.int64))


def image_view(x, dataset=None) -> np.ndarray | None:
    """Inputs as (N, H, W, C) images in [0, 1] when they are images (flattened ones too), else None."""
    x = np.asarray(x)
    if x.dtype.kind not in "fiu" or x.ndim < 2:
        return None
    info = getattr(dataset, "info", None)
    kind = getattr(info, "preview_kind", None)
    if kind not in (None, "images"):
        return None
    images_kind = kind == "images"
    shape = tuple(getattr(info, "input_shape", ()) or ())
    if x.ndim == 2 and images_kind and len(shape) in (2, 3) and math.prod(shape) == x.shape[1]:
        x = x.reshape((len(x), *shape))
    elif x.ndim == 2 and images_kind:
        side = math.isqrt(x.shape[1])
        colour = math.isqrt(x.shape[1] // 3)
        if side * side == x.shape[1]:
            x = x.reshape(len(x), side, side, 1)
        elif x.shape[1] % 3 == 0 and colour * colour * 3 == x.shape[1]:
            x = x.reshape(len(x), colour, colour, 3)
        else:
            return None
    if x.ndim == 3 and (images_kind or min(x.shape[1:]) >= 8):
        x = x[..., None]
    if x.ndim != 4 or x.shape[-1] not in (1, 3) or min(x.shape[1:3]) < 4:
        return None
    images = x.astype(np.float32)
    if x.dtype == np.uint8:
        return images / 255.0
    low, high = float(np.nanmin(images)), float(np.nanmax(images))
    if low < 0.0 or high > 1.0:  # e.g. standardised or tanh-scaled pixels
        images = (images - low) / ((high - low) or 1.0)
    return images


# -- evaluation ----------------------------------------------------------------------


def _first(outputs):
    return outputs[0] if isinstance(outputs, (list, tuple)) else outputs


def _metrics(model, x, y, batch_size: int) -> dict:
    """model.evaluate on the test set as {name: float}; empty for a model that was never compiled."""
    if not getattr(model, "compiled", True):
        return {}
    logs = model.evaluate(x, y, batch_size=batch_size, verbose=0, return_dict=True)
    return {str(k): float(v) for k, v in logs.items() if np.ndim(v) == 0}


def _empty_gallery() -> dict:
    return {"images": None, "true": [], "predicted": [], "correct": []}


def _result(task, recipe, dataset, metrics, count) -> dict:
    return {
        "task": task,
        "recipe": recipe,
        "dataset": getattr(dataset, "name", None),
        "note": getattr(dataset, "note", None),
        "count": int(count),
        "metrics": metrics,
        "confusion": None,
        "class_names": None,
        "per_class_accuracy": None,
        "cell_samples": None,
        "predicted_probability": None,
        "gallery": _empty_gallery(),
        "regression": None,
    }


def _test_arrays(dataset, need_targets: bool):
    x, y = getattr(dataset, "x_test", None), getattr(dataset, "y_test", None)
    name = getattr(dataset, "name", "the dataset")
    if x is None or len(x) == 0:
        raise NNBuilderError(f"{name}: there is no test data to evaluate on (x_test is empty)")
    if need_targets and y is None:
        raise NNBuilderError(f"{name}: the test data has no targets (y_test), so the model cannot be scored")
    return np.asarray(x), (None if y is None else np.asarray(y))


def evaluate(model, dataset, training: dict | None = None, *, gallery_size: int = 16) -> dict:
    """Score `model` on `dataset`'s test split as the evaluation view shows it.

    `training` is the project's training section (recipe, loss, batch_size).
    Supervised tasks get metrics plus a confusion matrix and gallery
    (classification) or predicted-vs-true pairs (regression, forecasting); an
    autoencoder gets its reconstruction loss and input/reconstruction pairs; a GAN
    gets a gallery of generated images.
    """
    training = dict(training or {})
    recipe = training.get("recipe") or "supervised"
    if isinstance(gallery_size, bool) or not isinstance(gallery_size, int) or gallery_size < 0:
        raise NNBuilderError(f"gallery_size: expected a whole number of at least 0, got {gallery_size!r}")
    batch_size = max(int(training.get("batch_size") or 128), 256)
    if recipe == "gan":
        return _evaluate_gan(model, dataset, gallery_size)
    if isinstance(model, dict):
        raise NNBuilderError(
            f"evaluate: expected one Keras model for the {recipe} recipe, got several ({', '.join(model)})"
        )
    if recipe == "autoencoder":
        return _evaluate_autoencoder(model, dataset, gallery_size, batch_size)
    x, y = _test_arrays(dataset, need_targets=True)
    task = dataset_task(dataset) or "regression"
    scored = fit_targets(dataset, y, training.get("loss"))  # as the model was trained: one-hot rows or indices
    result = _result(task, recipe, dataset, _metrics(model, x, scored, batch_size), len(x))
    outputs = np.asarray(_first(model.predict(x, batch_size=batch_size, verbose=0)))
    if task in CLASS_TASKS:
        _classification(result, outputs, x, y, dataset, training, gallery_size)
    else:
        _regression(result, outputs, x, y, dataset, gallery_size)
    return result


def _classification(result, outputs, x, y, dataset, training, gallery_size) -> None:
    true = true_classes(y)
    pred, confidence = predicted_classes(outputs)
    names = list(getattr(dataset, "class_names", None) or [])
    width = outputs.reshape(len(outputs), -1).shape[1]
    n = max(len(names), width if width > 1 else 2, int(true.max(initial=0)) + 1, int(pred.max(initial=0)) + 1)
    names = [str(c) for c in names] + [str(i) for i in range(len(names), n)]
    confusion = confusion_matrix(true, pred, n)
    correct = true == pred
    shown = gallery_indices(correct, gallery_size)
    images = image_view(x[shown], dataset) if len(shown) else None
    result.update(
        confusion=confusion.tolist(),
        class_names=names,
        per_class_accuracy=per_class_accuracy(confusion),
        cell_samples=cell_samples(true, pred, n),
        predicted_probability=[float(c) for c in confidence],
        gallery={
            "images": images,
            "true": [names[int(t)] if 0 <= t < n else str(int(t)) for t in true[shown]],
            "predicted": [names[int(p)] for p in pred[shown]],
            "correct": [bool(c) for c in correct[shown]],
            "confidence": [float(c) for c in confidence[shown]],
        },
    )


def _values(row: np.ndarray):
    row = np.asarray(row, dtype=np.float64).ravel()
    return float(row[0]) if row.size == 1 else [float(v) for v in row]


def _regression(result, outputs, x, y, dataset, gallery_size) -> None:
    result["regression"] = regression_pairs(y, outputs)
    shown = spread_indices(len(x), gallery_size)
    y_rows, out_rows = y.reshape(len(y), -1), outputs.reshape(len(outputs), -1)
    result["gallery"] = {
        "images": image_view(x[shown], dataset) if len(shown) else None,
        "true": [_values(y_rows[i]) for i in shown],
        "predicted": [_values(out_rows[i]) for i in shown],
        "correct": [],
    }


def _evaluate_autoencoder(model, dataset, gallery_size, batch_size) -> dict:
    x, _ = _test_arrays(dataset, need_targets=False)
    result = _result("reconstruction", "autoencoder", dataset, _metrics(model, x, x, batch_size), len(x))
    shown = spread_indices(len(x), gallery_size)
    if not len(shown):
        return result
    inputs = x[shown]
    outputs = np.asarray(_first(model.predict(inputs, batch_size=batch_size, verbose=0)))
    if outputs.size != inputs.size:
        raise NNBuilderError(
            f"the autoencoder's output has shape {outputs.shape[1:]} but its input {inputs.shape[1:]}: "
            "a reconstruction must have the input's size"
        )
    outputs = outputs.reshape(inputs.shape)
    both = image_view(np.concatenate([inputs, outputs]), dataset)  # one scale for inputs and outputs
    images = None
    if both is not None:
        images = np.stack([both[: len(shown)], both[len(shown) :]], axis=1).reshape(-1, *both.shape[1:])
    errors = np.mean((outputs.reshape(len(shown), -1) - inputs.reshape(len(shown), -1)) ** 2, axis=1)
    result["gallery"] = {
        "images": images,
        "pairs": True,
        "true": [],
        "predicted": [],
        "correct": [],
        "error": [float(e) for e in errors],
    }
    return result


def _evaluate_gan(model, dataset, gallery_size) -> dict:
    generator = model.get("generator") if isinstance(model, dict) else model
    if generator is None:
        raise NNBuilderError(f"evaluate: a GAN needs its 'generator' model; got {', '.join(model)}")
    result = _result("generation", "gan", dataset, {}, gallery_size)
    if gallery_size:
        shape = tuple(generator.inputs[0].shape[1:])
        noise = np.random.default_rng(0).normal(size=(gallery_size, *shape)).astype("float32")
        images = image_view(np.asarray(_first(generator.predict(noise, verbose=0))), dataset)
        result["gallery"] = {**_empty_gallery(), "images": images}
    return result
