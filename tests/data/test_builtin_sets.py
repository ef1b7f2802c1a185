"""The offline sets (scikit-learn's bundled copies and generated ones) load with their declared shapes."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from nnbuilder.data import DataError, dataset_info, load_dataset

OFFLINE = ["digits", "iris", "breast_cancer", "wine", "sine_windows", "two_spirals", "moons", "gaussian_mixture"]


@pytest.mark.parametrize("name", OFFLINE)
def test_loads_with_declared_shapes_and_types(name):
    info = dataset_info(name)
    data = load_dataset(name)
    assert data.name == name and data.note is None and data.stand_in is None
    assert data.x_train.shape[1:] == info.input_shape == data.x_test.shape[1:]
    assert data.y_train.shape[1:] == info.target_shape == data.y_test.shape[1:]
    assert len(data.x_train) == len(data.y_train) > len(data.x_test) == len(data.y_test) > 0
    assert data.x_train.dtype == np.float32 and np.isfinite(data.x_train).all()
    assert data.task == info.task
    if info.task in ("classification", "binary"):
        assert data.y_train.dtype == np.int32
        assert len(data.class_names) == info.num_classes
        assert set(np.unique(data.y_train)) == set(range(info.num_classes))
    else:
        assert data.y_train.dtype == np.float32
    if info.preview_kind == "images" or name == "sine_windows":
        assert data.x_train.min() >= 0 and data.x_train.max() <= 1


def test_sine_windows_target_is_the_next_value_in_unit_range():
    data = load_dataset("sine_windows", {"samples": 40, "window": 30, "noise": 0.0})
    assert data.x_train.shape == (40, 30, 1) and data.y_train.shape == (40, 1)
    assert data.x_test.shape == (10, 30, 1)
    assert data.y_train.min() >= 0 and data.y_train.max() <= 1
    # Without noise each window is a pure sine around 0.5, so z[t+1] = a * z[t] - z[t-1] predicts the target.
    z = data.x_train[:, :, 0].astype(np.float64) - 0.5
    a = ((z[:, 2:] + z[:, :-2]) * z[:, 1:-1]).sum(1) / (z[:, 1:-1] ** 2).sum(1)
    predicted = a * z[:, -1] - z[:, -2] + 0.5
    assert np.abs(data.y_train[:, 0] - predicted).max() < 1e-3


def test_samples_caps_the_training_set_and_the_test_set_in_proportion():
    full = load_dataset("digits")
    small = load_dataset("digits", {"samples": 100})
    assert len(small.x_train) == 100
    assert len(small.x_test) == int(np.ceil(len(full.x_test) * 100 / len(full.x_train)))
    assert np.array_equal(small.x_train, full.x_train[:100])


def test_seed_makes_runs_repeatable_and_different_seeds_differ():
    a = load_dataset({"dataset": "two_spirals", "options": {"seed": 3, "samples": 50}})
    b = load_dataset({"dataset": "two_spirals", "options": {"seed": 3, "samples": 50}})
    c = load_dataset({"dataset": "two_spirals", "options": {"seed": 4, "samples": 50}})
    assert np.array_equal(a.x_train, b.x_train) and not np.array_equal(a.x_train, c.x_train)


def test_flatten_gives_vectors():
    data = load_dataset("digits", {"flatten": True})
    assert data.x_train.shape[1:] == (64,) and data.info.input_shape == (64,)
    assert data.options["flatten"] is True


def test_gaussian_mixture_classes_option():
    data = load_dataset("gaussian_mixture", {"classes": 5, "samples": 100})
    assert data.class_names == [f"blob {i}" for i in range(5)] and data.info.num_classes == 5


def test_gaussian_mixture_features_option_adds_noise_only_coordinates():
    plain = load_dataset("gaussian_mixture", {"classes": 2, "samples": 400, "noise": 0.5})
    wide = load_dataset("gaussian_mixture", {"classes": 2, "features": 10, "samples": 400, "noise": 0.5})
    assert plain.x_train.shape == (400, 2) and wide.x_train.shape == (400, 10) and wide.x_test.shape == (100, 10)
    assert wide.feature_names == [f"x{i}" for i in range(1, 11)]
    assert wide.task == plain.task == "binary" and wide.class_names == ["blob 0", "blob 1"]
    assert np.array_equal(wide.y_train, plain.y_train)
    # The classes differ in the first coordinate (centres at x1 = +3 and -3); the last eight are noise around 0.
    means = np.array([wide.x_train[wide.y_train == c].mean(0) for c in (0, 1)])
    assert means[0, 0] > 2.5 and means[1, 0] < -2.5
    assert np.abs(means[:, 2:]).max() < 0.2
    assert load_dataset("gaussian_mixture").task == "classification"
    with pytest.raises(DataError, match=r"^data\.options\.features: expected an integer >= 2 and <= 1000, got 1$"):
        load_dataset("gaussian_mixture", {"features": 1})


def test_tables_are_standardized_with_training_statistics():
    data = load_dataset("breast_cancer")
    assert np.allclose(data.x_train.mean(0), 0, atol=1e-4) and np.allclose(data.x_train.std(0), 1, atol=1e-3)
    raw = load_dataset("breast_cancer", {"standardize": False})
    assert raw.x_train.max() > 100
    assert len(raw.feature_names) == 30 and raw.class_names == ["malignant", "benign"]


def test_bad_options_are_refused_with_the_field_named():
    with pytest.raises(DataError, match=r"^data\.options\.samples: expected a positive integer, or null, got 0$"):
        load_dataset("iris", {"samples": 0})
    with pytest.raises(DataError, match="iris has no option 'flatten'"):
        load_dataset("iris", {"flatten": True})
    with pytest.raises(DataError, match="expected a dataset name"):
        load_dataset(42)
    with pytest.raises(DataError, match="no dataset is chosen"):
        load_dataset({"dataset": None, "options": {}})


def test_without_scikit_learn_its_sets_are_unavailable(monkeypatch, offline):
    from nnbuilder.data import DatasetUnavailable

    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(DatasetUnavailable, match="^iris: loading it needs scikit-learn, which is not installed$"):
        load_dataset("iris")
    with pytest.raises(DatasetUnavailable, match="^mnist could not be .* stand-in needs scikit-learn"):
        load_dataset("mnist")
    assert load_dataset("moons").x_train.shape == (1000, 2)
