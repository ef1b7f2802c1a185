"""k-fold cross-validation on top of the Trainer: each fold is one ordinary recorded run whose validation split
is that fold, so the Trainer's own loop, callbacks and run record serve cross-validation unchanged.

The Trainer puts the training rows in a fixed random order and Keras validates on the last rows of that order;
a fold's rows are handed over so that after the Trainer's shuffle the held-out fold is exactly those last rows.
"""

from __future__ import annotations

import dataclasses
import math
from types import SimpleNamespace
from typing import Any

import numpy as np

from nnbuilder.errors import NNBuilderError
from nnbuilder.locale.search_words import search_word
from nnbuilder.training.recipes._common import shuffled


def check_folds(folds: Any) -> int:
    if isinstance(folds, bool) or not isinstance(folds, int) or folds < 1:
        raise NNBuilderError(search_word("en", "bad_folds", found=repr(folds)))
    return folds


def fold_parts(rows: int, folds: int, seed: int | None) -> list[np.ndarray]:
    """The row numbers of each fold: a seeded random order cut into `folds` nearly equal parts."""
    if rows < max(folds, 2):
        raise NNBuilderError(search_word("en", "folds_data", folds=max(folds, 2), found=rows))
    order = np.random.default_rng(0 if seed is None else seed).permutation(rows)
    return [np.sort(part) for part in np.array_split(order, folds)]


def fold_data(dataset: Any, training: dict[str, Any], parts: list[np.ndarray], fold: int) -> tuple[Any, float]:
    """The dataset and validation split that make the Trainer validate on fold `fold` and train on the others."""
    rows = len(dataset.x_train)
    held = parts[fold]
    kept = np.concatenate([p for k, p in enumerate(parts) if k != fold])
    wanted = np.concatenate([kept, held])  # the order the Trainer should end up with: held-out rows last
    split = (len(held) - 0.5) / rows  # Keras validates on the last floor-complement rows: exactly len(held)
    trainer_order = shuffled(  # type: ignore[no-untyped-call]
        SimpleNamespace(training={"seed": training.get("seed"), "validation_split": split}, placement=None),
        np.arange(rows),
        None,
    )[0]
    given = np.empty(rows, dtype=np.int64)
    given[trainer_order] = wanted
    y = dataset.y_train
    return dataclasses.replace(dataset, x_train=dataset.x_train[given], y_train=None if y is None else y[given]), split


def mean_and_spread(scores: list[float]) -> tuple[float, float]:
    """The mean and the (population) standard deviation of the fold scores."""
    mean = sum(scores) / len(scores)
    return mean, math.sqrt(sum((s - mean) ** 2 for s in scores) / len(scores))
