"""What the recipes share: fitting data to models, batch counts, sample images."""

from __future__ import annotations

import math

import numpy as np

from nnbuilder.data import DataError, check_data_against_model
from nnbuilder.data.targets import fit_targets
from nnbuilder.errors import ProjectError
from nnbuilder.training.roles import trained_models


def require_fit(trainer, models) -> None:
    """Refuse to start when the data and the model(s) do not fit, naming the fix."""
    problems = check_data_against_model(trainer.dataset, models, trainer.training)
    if problems:  # all of them: the first alone may hide the fix that matters (e.g. the loss)
        raise DataError("; ".join(problems))


def one_model(trainer, built):
    """The single model a supervised or autoencoder project trains, with its name."""
    (name,) = trained_models(trainer.project, trainer.recipe)
    return built, name


def shuffled(trainer, x, y):
    """Data in a fixed random order, so that the validation split holds every class.

    Spread over n devices by JAX, every batch must split evenly: the rows are cut so
    that the training and validation parts are multiples of n."""
    seed = trainer.training.get("seed")
    order = np.random.default_rng(0 if seed is None else seed).permutation(len(x))
    placement = trainer.placement
    if placement is not None and placement.engine == "DataParallel":
        order = order[: _even_rows(len(order), trainer.training["validation_split"], len(placement.devices))]
    return x[order], (None if y is None else y[order])


def test_split(trainer, *, autoencoder: bool):
    """(x, target) of the test split when `test_each_epoch` is on, else None; refused when there is none.

    Spread over n devices, the rows are cut to a multiple of n, as for training."""
    if not trainer.training.get("test_each_epoch"):
        return None
    data = trainer.dataset
    x, y = data.x_test, (data.x_test if autoencoder else fit_targets(data, data.y_test, trainer.training["loss"]))
    if x is None or len(x) == 0 or y is None:
        what = "no test split" if x is None or len(x) == 0 else "no targets in its test split (y_test)"
        raise ProjectError(
            f"{data.name} has {what} to score after each epoch; turn the setting off", "training.test_each_epoch"
        )
    placement = trainer.placement
    if placement is not None and placement.engine == "DataParallel":
        rows = len(x) - len(x) % len(placement.devices)
        x, y = x[:rows], y[:rows]
    return np.asarray(x), np.asarray(y)


def train_rows(rows: int, validation_split: float) -> int:
    """How many of `rows` (shuffled) rows `fit` trains on: Keras keeps the last ones for validation."""
    return math.floor(rows * (1.0 - validation_split)) if validation_split else rows


def adapt_preprocessing(trainer, model) -> None:
    """Normalization layers given no mean and variance learn them from the rows `fit` trains on,
    before the first batch (the validation rows stay unseen, as in training)."""
    from nnbuilder.verbatim.preprocessing import adapt_normalization  # deferred: imports Keras

    x = trainer.work["train_arrays"][0]
    rows = train_rows(len(x), trainer.training["validation_split"])
    trainer.work["adapted"] = adapt_normalization(model, np.asarray(x[:rows]))


def _even_rows(n: int, split: float, devices: int) -> int:
    while n > devices:
        train = train_rows(n, split)
        if train % devices == 0 and (n - train) % devices == 0:
            return n
        n -= 1
    return n


def batches_per_epoch(samples: int, batch_size: int, validation_split: float = 0.0) -> int:
    """Batches Keras runs per epoch: it trains on the first floor(n * (1 - split)) rows."""
    return max(1, math.ceil(train_rows(samples, validation_split) / batch_size))


def as_images(batch) -> np.ndarray | None:
    """(N, H, W, C) images in [0, 1] from a batch shaped like images or flattened squares, else None."""
    batch = np.asarray(batch, dtype="float32")
    if batch.ndim == 4 and batch.shape[-1] in (1, 3):
        images = batch
    elif batch.ndim == 3:
        images = batch[..., None]
    elif batch.ndim == 2 and math.isqrt(batch.shape[1]) ** 2 == batch.shape[1] and batch.shape[1] >= 16:
        side = math.isqrt(batch.shape[1])
        images = batch.reshape(len(batch), side, side, 1)
    elif batch.ndim == 2 and batch.shape[1] % 3 == 0 and math.isqrt(batch.shape[1] // 3) ** 2 == batch.shape[1] // 3:
        side = math.isqrt(batch.shape[1] // 3)
        images = batch.reshape(len(batch), side, side, 3)
    else:
        return None
    low, high = float(images.min()), float(images.max())
    if low < 0.0 or high > 1.0:  # e.g. tanh outputs in [-1, 1]
        images = (images - low) / (high - low or 1.0)
    return images
