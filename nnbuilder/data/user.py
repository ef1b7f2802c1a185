"""The user's own data: NumPy arrays or pandas objects from the notebook, CSV files, image folders."""

from __future__ import annotations

import os

import numpy as np

from nnbuilder.data.dataset import Dataset
from nnbuilder.data.loading import load_dataset
from nnbuilder.document.data_errors import DataError
from nnbuilder.document.datasets import DatasetInfo, dataset_info
from nnbuilder.verbatim.loaders_common import data_split

TASKS = ("classification", "binary", "regression", "forecasting")


def _is_frame(value) -> bool:
    """A pandas DataFrame, recognised without importing pandas."""
    return hasattr(value, "columns") and hasattr(value, "to_numpy") and hasattr(value, "dtypes")


def _features(x, what: str, columns=None):
    """(float or int array, column names or None, text columns left out) from an array or a DataFrame."""
    names, dropped = None, []
    if _is_frame(x):
        wanted = list(x.columns) if columns is None else columns
        missing = [c for c in wanted if c not in x.columns]
        if missing:
            raise DataError(f"{what} lacks the column(s) {', '.join(map(repr, missing))} that the training data has")
        kept = [c for c in wanted if np.asarray(x[c].to_numpy()).dtype.kind in "biuf"]
        dropped = [c for c in wanted if c not in kept]
        if not kept:
            raise DataError(f"{what} has no numeric columns; encode the text columns as numbers first")
        names = kept
        x = np.column_stack([np.asarray(x[c].to_numpy(), dtype=np.float64) for c in kept])
    elif hasattr(x, "to_numpy"):
        x = x.to_numpy()
    x = np.asarray(x)
    if x.dtype.kind not in "biuf":
        raise DataError(f"{what} holds {x.dtype} values; give numbers (convert text to numbers first)")
    if x.ndim == 0:
        raise DataError(f"{what} is a single value; give one row per example")
    if x.ndim == 1:
        x = x[:, None]
    if x.dtype.kind in "bf":
        x = x.astype(np.float32)
    return x, names, dropped


def _targets(y, what: str) -> np.ndarray:
    if _is_frame(y):
        if len(y.columns) != 1:
            raise DataError(f"{what} has {len(y.columns)} columns; give the target as one column (a Series)")
        y = y[y.columns[0]]
    if hasattr(y, "to_numpy"):
        y = y.to_numpy()
    y = np.asarray(y)
    if y.ndim == 0:
        raise DataError(f"{what} is a single value; give one target per example")
    return y


def _one_hot(y) -> bool:
    return (
        y.ndim == 2 and y.shape[1] > 1 and y.dtype.kind in "biuf" and np.isin(y, (0, 1)).all() and (y.sum(1) == 1).all()
    )


def _encode(y_train, y_test, task):
    """(y_train, y_test, task, class_names) with class targets as int32 indices and others as float32."""
    both = y_train if y_test is None else np.concatenate([y_train, y_test])
    if task is None:
        if both.dtype.kind in "OUSb" or _one_hot(both) or both.dtype.kind in "iu":
            task = "classification"
        else:
            task = "regression"
    if task in ("regression", "forecasting"):
        if both.dtype.kind not in "biuf":
            raise DataError(f"the targets hold {both.dtype} values, so they cannot be regression targets")
        cast = [None if v is None else v.astype(np.float32) for v in (y_train, y_test)]
        return cast[0], cast[1], task, None
    width = None  # one-hot rows keep their number of classes, even one no example has
    if _one_hot(both):
        width = both.shape[1]
        y_train, y_test = (None if v is None else v.argmax(1) for v in (y_train, y_test))
        both = y_train if y_test is None else np.concatenate([y_train, y_test])
    if both.ndim == 2 and both.shape[1] == 1:
        y_train, y_test = (None if v is None else v.reshape(-1) for v in (y_train, y_test))
        both = both.reshape(-1)
    if both.ndim != 1:
        raise DataError(f"class targets must be one label per example, got shape {both.shape[1:]} per example")
    if both.dtype.kind == "f" and not np.all(np.mod(both, 1) == 0):
        raise DataError("the targets have fractions, so they are not classes; use task='regression'")
    if both.dtype.kind in "iuf" and both.min() >= 0:
        count = max(int(both.max()) + 1, width or 0)
        names = [str(i) for i in range(count)]
        cast = [None if v is None else v.astype(np.int32) for v in (y_train, y_test)]
    else:
        classes = sorted(set(both.tolist()), key=str) if both.dtype.kind == "O" else sorted(set(both.tolist()))
        index = {c: i for i, c in enumerate(classes)}
        names = [str(c) for c in classes]
        cast = [None if v is None else np.array([index[c] for c in v.tolist()], np.int32) for v in (y_train, y_test)]
    if task == "binary" and len(names) != 2:
        raise DataError(f"task='binary' needs 2 classes, but the targets have {len(names)}")
    return cast[0], cast[1], ("binary" if len(names) == 2 else "classification"), names


def _no_gaps(values: np.ndarray, what: str) -> None:
    """Refuse NaN values, which would silently turn every loss into NaN."""
    if values.dtype.kind == "f" and np.isnan(values).any():
        rows = int(np.isnan(values.reshape(len(values), -1)).any(axis=1).sum())
        plural = "s" if rows > 1 else ""
        raise DataError(f"{what} has missing values (NaN) in {rows} row{plural}; fill or drop them first")


def _preview_kind(shape: tuple) -> str:
    if len(shape) == 3 and shape[-1] in (1, 3, 4):
        return "images"
    if len(shape) == 2:
        return "images" if shape[0] == shape[1] >= 8 else "sequence"
    return "table"


def from_arrays(x, y=None, x_test=None, y_test=None, *, task=None, name="arrays", test_fraction=0.2, seed=0):
    """A Dataset from NumPy arrays or pandas DataFrames/Series (one row per example).

    Text, boolean, whole-number and one-hot targets become class indices; real numbers make a
    regression task (set `task` to decide). Without `x_test`, `test_fraction` of the rows (shuffled
    with `seed`) are held out for testing. Text columns of a DataFrame are left out, with a note.
    """
    if task is not None and task not in TASKS:
        raise DataError(f"task: expected one of {', '.join(TASKS)} or None, got {task!r}")
    if not isinstance(test_fraction, (int, float)) or not 0 <= test_fraction < 1:
        raise DataError(f"test_fraction: expected a number from 0 to below 1, got {test_fraction!r}")
    x, names, dropped = _features(x, "x")
    _no_gaps(x, "x")
    target_name = getattr(y, "name", None) if y is not None else None
    y = None if y is None else _targets(y, "y")
    if y is not None and len(y) != len(x):
        raise DataError(f"x has {len(x)} rows but y has {len(y)}; give one target per example")
    if x_test is None:
        if y_test is not None:
            raise DataError("y_test is given without x_test; give both or neither")
        x, y, x_test, y_test = data_split(x, y, test_fraction, seed)
    else:
        x_test, _, _ = _features(x_test, "x_test", names)
        if x_test.shape[1:] != x.shape[1:]:
            raise DataError(f"x_test has examples of shape {x_test.shape[1:]} but x has {x.shape[1:]}")
        if (y is None) != (y_test is None):
            raise DataError("give targets for both the training and test data (y and y_test), or for neither")
        if y_test is not None:
            y_test = _targets(y_test, "y_test")
            if len(y_test) != len(x_test):
                raise DataError(f"x_test has {len(x_test)} rows but y_test has {len(y_test)}")
    class_names = None
    if y is not None:
        _no_gaps(y, "y")
        y, y_test, task, class_names = _encode(y, y_test, task)
    note = None
    if dropped:
        note = f"The text column{'s' if len(dropped) > 1 else ''} {', '.join(map(repr, dropped))} were left out."
        note = note.replace(" were ", " was ") if len(dropped) == 1 else note
    info = DatasetInfo(
        name=str(name),
        title="Your arrays" if name == "arrays" else str(name),
        description=dataset_info("arrays").description,
        task=task,
        input_shape=tuple(x.shape[1:]),
        target_shape=() if y is None else tuple(y.shape[1:]),
        num_classes=len(class_names) if class_names else None,
        source="user",
        stand_in=None,
        preview_kind=_preview_kind(tuple(x.shape[1:])),
    )
    return Dataset(
        name=str(name),
        info=info,
        x_train=x,
        y_train=y,
        x_test=x_test,
        y_test=y_test,
        class_names=class_names,
        note=note,
        task=task,
        feature_names=[str(n) for n in names] if names else None,
        target_name=None if target_name is None else str(target_name),
    )


def from_csv(path, target, *, task=None, test_fraction=0.2, seed=0) -> Dataset:
    """A Dataset from a CSV file with a header row; `target` names the column to predict."""
    options = {"path": os.fspath(path), "target": target, "task": task, "test_fraction": test_fraction, "seed": seed}
    return load_dataset({"dataset": "csv", "options": options})


def from_image_folder(path, image_size=(64, 64), *, color_mode="rgb", samples=None, test_fraction=0.2, seed=0):
    """A Dataset from a folder with one subfolder of pictures per class (the subfolder names are the classes)."""
    options = {"path": os.fspath(path), "image_size": list(image_size), "color_mode": color_mode}
    options.update(samples=samples, test_fraction=test_fraction, seed=seed)
    return load_dataset({"dataset": "image_folder", "options": options})


def as_dataset(data) -> Dataset:
    """A Dataset from what a user hands over: a Dataset, x, (x, y), (x, y, x_test, y_test),
    ((x, y), (x_test, y_test)), or a dict with x_train/y_train/x_test/y_test (or x/y)."""
    if isinstance(data, Dataset):
        return data
    if isinstance(data, dict):
        known = {"x", "y", "x_train", "y_train", "x_test", "y_test"}
        unknown = sorted(set(map(str, data)) - known)
        if unknown or not ({"x", "x_train"} & set(data)):
            raise DataError("data: expected a dict with x_train, y_train, x_test, y_test (or x and y)")
        x = data.get("x_train", data.get("x"))
        y = data.get("y_train", data.get("y"))
        return from_arrays(x, y, data.get("x_test"), data.get("y_test"))
    if isinstance(data, (tuple, list)) and len(data) == 4:
        return from_arrays(*data)
    if isinstance(data, (tuple, list)) and len(data) == 2:
        first, second = data
        pairs = all(isinstance(p, (tuple, list)) and len(p) == 2 for p in data)
        if pairs:
            return from_arrays(first[0], first[1], second[0], second[1])
        return from_arrays(first, second)
    if hasattr(data, "shape") or _is_frame(data):
        return from_arrays(data)
    raise DataError(f"data: expected a Dataset, arrays (x, y) or ((x, y), (x_test, y_test)), got {type(data).__name__}")


def save_arrays(dataset: Dataset, path) -> str:
    """Write a Dataset's arrays to a .npz file (keys x_train, y_train, x_test, y_test) for exported scripts."""
    arrays = {"x_train": dataset.x_train, "x_test": dataset.x_test}
    for key in ("y_train", "y_test"):
        if getattr(dataset, key) is not None:
            arrays[key] = getattr(dataset, key)
    path = os.fspath(path)
    np.savez_compressed(path, **arrays)
    return path if path.endswith(".npz") else path + ".npz"


def project_dataset(project, given=None) -> Dataset:
    """The data a project trains on: `given` (the arrays or Dataset handed to a trainer) when there is one, else
    the project's data section loaded, its file paths kept to the project's folder. The trainer and the app's
    views both load through here, so they read the same rows."""
    from nnbuilder.data._paths import project_rule  # the project's own folder rule

    if given is not None:
        return as_dataset(given)
    return load_dataset(project.data, paths=project_rule(project))
