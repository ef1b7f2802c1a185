"""MNIST, Fashion-MNIST, CIFAR-10 and IMDB: the real path's preprocessing and the offline stand-ins."""

from __future__ import annotations

import numpy as np
import pytest

from nnbuilder.data import dataset_info, load_dataset
from nnbuilder.verbatim import loaders_common as _loaders_common

KERAS_SETS = ["mnist", "fashion_mnist", "cifar10", "imdb"]


@pytest.mark.parametrize("name", KERAS_SETS)
def test_offline_stand_in_has_the_real_shapes_and_says_so(offline, name):
    info = dataset_info(name)
    data = load_dataset(name, {"samples": 40})
    assert data.stand_in == info.stand_in
    assert data.x_train.shape == (40, *info.input_shape)
    assert data.x_test.shape[1:] == info.input_shape and len(data.x_test) > 0
    assert data.y_train.shape == (40,) and data.y_train.dtype == np.int32
    assert data.y_train.min() >= 0 and data.y_train.max() < info.num_classes
    assert len(data.class_names) == info.num_classes
    title = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10", "imdb": "IMDB"}[name]
    assert data.note.startswith(f"{title} could not be loaded") and data.note.count(".") <= 2
    assert "stand in for it." in data.note and "\n" not in data.note
    if info.preview_kind == "images":
        assert data.x_train.dtype == np.float32 and data.x_train.min() >= 0 and data.x_train.max() <= 1
    else:
        assert data.x_train.dtype == np.int32 and data.x_train.max() < info.options["num_words"]


def test_mnist_stand_in_is_the_upscaled_digits(offline):
    data = load_dataset("mnist")
    assert data.x_train.shape[1:] == (28, 28, 1) and len(data.x_train) + len(data.x_test) == 1797
    assert data.class_names == [str(i) for i in range(10)]
    assert data.x_train.max() == pytest.approx(1.0) and data.x_train.min() == 0.0
    flat = load_dataset({"dataset": "mnist", "options": {"flatten": True}})
    assert flat.x_train.shape[1:] == (784,) and np.array_equal(flat.x_train, data.x_train.reshape(-1, 784))


def test_bilinear_resize_keeps_constants_and_corners():
    images = np.zeros((2, 8, 8))
    images[0] = 0.5
    images[1, 0, 0] = 1.0
    big = _loaders_common.data_resize_bilinear(images, 28, 28)
    assert big.shape == (2, 28, 28)
    assert np.allclose(big[0], 0.5)
    assert big[1, 0, 0] == pytest.approx(1.0) and big[1, -1, -1] == 0


def test_real_mnist_is_scaled_to_unit_floats_with_a_channel(fake_keras_sets):
    data = load_dataset("mnist", {"samples": 8})
    assert fake_keras_sets == [("mnist", {})]
    assert data.note is None and data.stand_in is None
    assert data.x_train.shape == (8, 28, 28, 1) and data.x_train.dtype == np.float32
    assert len(data.x_test) == 4
    assert data.x_train.min() >= 0 and data.x_train.max() <= 1
    assert data.y_train.dtype == np.int32


def test_real_fashion_mnist_names_its_classes(fake_keras_sets):
    data = load_dataset("fashion_mnist", {"flatten": True})
    assert data.x_train.shape == (20, 784) and data.class_names[0] == "T-shirt/top"


def test_real_cifar10_targets_become_a_vector(fake_keras_sets):
    data = load_dataset("cifar10")
    assert data.x_train.shape == (20, 32, 32, 3) and data.y_train.shape == (20,)
    assert data.class_names[:2] == ["airplane", "automobile"]


def test_real_imdb_is_padded_in_front_and_cut_from_the_front(fake_keras_sets):
    data = load_dataset("imdb", {"maxlen": 50, "num_words": 500})
    assert fake_keras_sets == [("imdb", {"num_words": 500})]
    assert data.x_train.shape == (20, 50) and data.x_train.dtype == np.int32
    assert data.class_names == ["negative", "positive"] and data.task == "binary"
    padded = _loaders_common.data_pad([[5, 6], list(range(1, 9))], 4)
    assert padded.tolist() == [[0, 0, 5, 6], [5, 6, 7, 8]]


def test_keras_loader_failure_means_stand_in(monkeypatch):
    """Through Keras itself: a loader that fails (as offline) gives None, one that works gives its arrays."""
    import keras

    def fail(**kwargs):
        raise Exception("URL fetch failure: no network")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", fail)
    assert _loaders_common.data_keras_fetch("mnist") is None
    data = load_dataset("mnist", {"samples": 10})
    assert data.stand_in == "digits_28x28" and data.note

    fake = (np.zeros((3, 28, 28), np.uint8), np.arange(3)), (np.full((2, 28, 28), 255, np.uint8), np.arange(2))
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda **kwargs: fake)
    data = load_dataset("mnist")
    assert data.note is None and data.x_train.shape == (3, 28, 28, 1) and data.x_test.max() == 1.0
