"""Fixtures for the data tests: force the offline path, or fake a Keras download."""

from __future__ import annotations

import numpy as np
import pytest

from nnbuilder.verbatim import loaders_keras as _loaders_keras


@pytest.fixture
def offline(monkeypatch):
    """Make every keras.datasets set unavailable, as on a machine with no network and an empty cache."""
    monkeypatch.setattr(_loaders_keras, "data_keras_fetch", lambda name, **kwargs: None)
    monkeypatch.setattr(_loaders_keras, "data_fashion_mnist_files", lambda folder: None)  # not installed either


def _raw(name: str, n: int, rng) -> tuple:
    """A tiny (x, y) in the raw format keras.datasets.<name>.load_data returns."""
    if name in ("mnist", "fashion_mnist"):
        return rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), rng.integers(0, 10, n).astype(np.uint8)
    if name == "cifar10":
        return rng.integers(0, 256, (n, 32, 32, 3), dtype=np.uint8), rng.integers(0, 10, (n, 1)).astype(np.uint8)
    reviews = np.empty(n, dtype=object)
    reviews[:] = [[1, *rng.integers(4, 50, k).tolist()] for k in rng.integers(1, 300, n)]
    return reviews, rng.integers(0, 2, n)


@pytest.fixture
def fake_keras_sets(monkeypatch):
    """Pretend the Keras cache holds tiny copies (20 train, 10 test) of the keras.datasets sets."""
    rng = np.random.default_rng(1)
    calls = []

    def fetch(name, **kwargs):
        calls.append((name, kwargs))
        return _raw(name, 20, rng), _raw(name, 10, rng)

    monkeypatch.setattr(_loaders_keras, "data_keras_fetch", fetch)
    monkeypatch.setattr(_loaders_keras, "data_fashion_mnist_files", lambda folder: None)  # only the Keras cache
    return calls
