"""Class targets as the loss takes them: class indices, or one-hot rows for categorical_crossentropy.

A Dataset always holds class indices. The data option `targets` (auto, class_index, one_hot; arrays from
the notebook are always auto) says how they reach the loss; `fit_targets` encodes them right before
training, scoring and evaluation, as an exported script does after `load_data()`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbuilder.document.training_settings import loss_name

CLASS_TASKS = ("classification", "binary")
ONE_HOT_LOSSES = ("categorical_crossentropy",)  # the losses that compare one-hot rows with the output
INDEX_LOSSES = ("sparse_categorical_crossentropy", "binary_crossentropy")  # those that need class indices


def chosen_encoding(dataset: Any) -> str:
    """The data option `targets` of `dataset`: auto, class_index or one_hot."""
    options = getattr(dataset, "options", None) or {}
    return str(options.get("targets") or "auto")


def encoding_for(chosen: str, loss: Any) -> str:
    """The encoding, "one_hot" or "class_index", that the data option `targets` set to `chosen` gives under `loss`:
    auto means one-hot rows exactly for the losses that compare them."""
    if chosen == "auto":
        return "one_hot" if loss_name(loss) in ONE_HOT_LOSSES else "class_index"
    return chosen


def dataset_task(dataset: Any) -> str | None:
    """The task of `dataset` (classification, binary, regression, ...): its own, else its info's; None when unsaid."""
    return getattr(dataset, "task", None) or getattr(getattr(dataset, "info", None), "task", None)


def target_encoding(dataset: Any, loss: Any) -> str | None:
    """The encoding, "one_hot" or "class_index", of a dataset with class targets under `loss`; None when its targets
    are not classes (regression, forecasting, none)."""
    if dataset_task(dataset) not in CLASS_TASKS or getattr(dataset, "y_train", None) is None:
        return None
    return encoding_for(chosen_encoding(dataset), loss)


def class_count(dataset: Any) -> int:
    """The number of classes: from the class names, else the largest training label plus one."""
    count = getattr(dataset, "num_classes", None)
    return int(count) if count else int(np.max(dataset.y_train)) + 1


def one_hot(y: Any, classes: int) -> np.ndarray:
    """Class indices as float32 one-hot rows of width `classes` (what keras.utils.to_categorical makes)."""
    labels = np.asarray(y).reshape(-1).astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(f"class indices must lie in 0..{classes - 1}, got {labels.min()}..{labels.max()}")
    return np.eye(classes, dtype=np.float32)[labels]


def fit_targets(dataset: Any, y: Any, loss: Any) -> Any:
    """`y` (class indices of `dataset`, or None) as `loss` takes them under the data option `targets`."""
    if y is None or target_encoding(dataset, loss) != "one_hot":
        return y
    return one_hot(y, class_count(dataset))


def encoding_problems(dataset: Any, loss: Any) -> list[str]:
    """Why the targets cannot reach `loss` as the data option `targets` says; each names the fix."""
    loss = loss_name(loss)
    chosen = chosen_encoding(dataset)
    encoding = target_encoding(dataset, loss)
    if encoding is None:
        if chosen != "auto":
            task = getattr(dataset, "task", None) or "real-valued"
            return [
                f"data.options.targets is {chosen} but {dataset.name} has {task} targets, not classes: "
                "set data.options.targets to auto"
            ]
        return []
    if loss in ONE_HOT_LOSSES and encoding == "class_index":
        return [
            f"data.options.targets is class_index but {loss} needs one-hot rows: set data.options.targets to "
            "auto or one_hot, or use sparse_categorical_crossentropy"
        ]
    if loss in INDEX_LOSSES and encoding == "one_hot":
        return [
            f"data.options.targets is one_hot but {loss} needs class indices: set data.options.targets to "
            "auto or class_index, or use categorical_crossentropy"
        ]
    return []
