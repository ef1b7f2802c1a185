"""A small look at a dataset for the UI: a few images, sequences or table rows with their labels."""

from __future__ import annotations

import math

import numpy as np

from nnbuilder.data.dataset import Dataset
from nnbuilder.data.loading import load_dataset
from nnbuilder.document.datasets import dataset_info


def _label(dataset: Dataset, value) -> str | float:
    """A target as shown to people: the class name for classes, a rounded number otherwise."""
    if dataset.class_names and dataset.task in ("classification", "binary"):
        index = int(value)
        return dataset.class_names[index] if 0 <= index < len(dataset.class_names) else str(index)
    flat = np.asarray(value).reshape(-1)
    return _number(flat[0]) if flat.size == 1 else str([_number(v) for v in flat[:8]])


def _number(value) -> float:
    value = float(value)
    return round(value, 4) if math.isfinite(value) else value


def _image_shape(dataset: Dataset) -> tuple:
    """The shape of one image, undoing the `flatten` option with the registry's shape where needed."""
    shape = tuple(dataset.x_train.shape[1:])
    try:
        original = dataset_info(dataset.name).input_shape
    except Exception:
        original = ()
    if len(shape) == 1 and len(original) == 3 and math.prod(original) == shape[0]:
        return original
    if len(shape) == 2:
        return (*shape, 1)
    return shape


def _images(dataset: Dataset, n: int) -> dict:
    x = dataset.x_train[:n]
    images = np.asarray(x, dtype=np.float32).reshape((len(x), *_image_shape(dataset)))
    if images.size and (images.min() < 0 or images.max() > 1):
        low = images.min(axis=(1, 2, 3), keepdims=True)
        span = images.max(axis=(1, 2, 3), keepdims=True) - low
        images = (images - low) / np.where(span > 0, span, 1)
    labels = [] if dataset.y_train is None else [_label(dataset, v) for v in dataset.y_train[:n]]
    return {"kind": "images", "images": images.astype(np.float32), "labels": labels}


def _sequence(dataset: Dataset, n: int) -> dict:
    x = np.asarray(dataset.x_train[:n], dtype=np.float64)
    series = [[_number(v) for v in row.reshape(len(row), -1)[:, 0]] for row in x]
    targets = [] if dataset.y_train is None else [_label(dataset, v) for v in dataset.y_train[:n]]
    return {"kind": "sequence", "series": series, "targets": targets}


def _table(dataset: Dataset, n: int) -> dict:
    x = dataset.x_train[:n]
    if x.ndim == 2 and x.dtype.kind in "iu" and x.shape[1] > 12:
        # Word-number sequences (IMDB): one text cell with the first numbers, padding left out.
        columns = ["words (as numbers)"]
        cells = [[" ".join(str(int(v)) for v in row[row != 0][:24]) + " ..."] for row in x]
    else:
        flat = x.reshape(len(x), -1)
        columns = list(dataset.feature_names or [f"x{i + 1}" for i in range(flat.shape[1])])
        cells = [[_number(v) for v in row] for row in flat]
    if dataset.y_train is not None:
        columns.append(dataset.target_name or "target")
        cells = [row + [_label(dataset, v)] for row, v in zip(cells, dataset.y_train[:n])]
    return {"kind": "table", "columns": columns, "rows": cells}


def preview(dataset_or_name, n: int = 16, *, paths="default") -> dict:
    """The first `n` training examples of a dataset (a Dataset, a name or a project `data` section).

    Returns {"kind": "images", "images": float32 (n, H, W, C) in [0, 1], "labels": [...]},
    {"kind": "sequence", "series": [[...]], "targets": [...]} or {"kind": "table", "columns": [...],
    "rows": [[...]]}, each with "name", "title", "description" and "note". `paths` is as for `load_dataset`.
    """
    if isinstance(dataset_or_name, Dataset):
        dataset = dataset_or_name
    else:
        dataset = load_dataset(dataset_or_name, paths=paths)
    n = max(0, int(n))
    kind = dataset.info.preview_kind
    if kind == "images":
        out = _images(dataset, n)
    elif kind == "sequence":
        out = _sequence(dataset, n)
    else:
        out = _table(dataset, n)
    out.update(name=dataset.name, title=dataset.info.title, description=dataset.info.description, note=dataset.note)
    return out
