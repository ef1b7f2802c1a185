"""Loaders for data that needs no download: scikit-learn's bundled sets and generated ones.

Self-contained functions (see `loaders_common`): exported scripts copy their source.
"""

from __future__ import annotations

from nnbuilder.verbatim.loaders_common import (
    data_cap,
    data_flatten,
    data_result,
    data_split,
)


def load_digits(flatten=False, samples=None, seed=0, test_fraction=0.2):
    """scikit-learn's 8x8 digits as float32 (N, 8, 8, 1) in [0, 1]."""
    import numpy as np
    from sklearn import datasets

    digits = datasets.load_digits()
    x = (digits.images / 16.0).astype(np.float32)[..., None]
    y = digits.target.astype(np.int32)
    x_train, y_train, x_test, y_test = data_cap(
        *data_split(x, y, test_fraction, seed), samples
    )
    result = data_result(x_train, y_train, x_test, y_test, [str(i) for i in range(10)])
    return data_flatten(result) if flatten else result


def data_sklearn_table(which, samples, test_fraction, standardize, seed):
    """One of scikit-learn's bundled tables, split, capped and (optionally) standardized with training statistics."""
    import numpy as np
    from sklearn import datasets

    bunch = getattr(datasets, "load_" + which)()
    x = np.asarray(bunch.data, dtype=np.float32)
    y = np.asarray(bunch.target, dtype=np.int32)
    x_train, y_train, x_test, y_test = data_cap(
        *data_split(x, y, test_fraction, seed), samples
    )
    if standardize:
        mean = x_train.mean(axis=0)
        std = x_train.std(axis=0)
        std[std == 0] = 1.0
        x_train, x_test = (x_train - mean) / std, (x_test - mean) / std
    names = [str(name) for name in bunch.target_names]
    features = [str(name) for name in bunch.feature_names]
    return data_result(
        x_train,
        y_train,
        x_test,
        y_test,
        names,
        feature_names=features,
        target_name="class",
    )


def load_iris(samples=None, test_fraction=0.2, standardize=True, seed=0):
    """Iris flowers: 4 measurements, 3 species."""
    return data_sklearn_table("iris", samples, test_fraction, standardize, seed)


def load_breast_cancer(samples=None, test_fraction=0.2, standardize=True, seed=0):
    """Breast cancer (Wisconsin): 30 measurements, malignant or benign."""
    return data_sklearn_table(
        "breast_cancer", samples, test_fraction, standardize, seed
    )


def load_wine(samples=None, test_fraction=0.2, standardize=True, seed=0):
    """Wine: 13 chemical measurements, 3 cultivars."""
    return data_sklearn_table("wine", samples, test_fraction, standardize, seed)


def load_sine_windows(samples=1000, window=100, noise=0.03, seed=0):
    """Windows of noisy sine waves, float32 (N, window, 1) in [0, 1]; the target (N, 1) is the next value."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = samples + max(1, samples // 4)
    period = rng.uniform(10, 40, (n, 1))
    phase = rng.uniform(0, 2 * np.pi, (n, 1))
    height = rng.uniform(0.2, 0.45, (n, 1))
    steps = np.arange(window + 1)[None, :]
    series = (
        0.5
        + height * np.sin(2 * np.pi * steps / period + phase)
        + rng.normal(0, noise, (n, window + 1))
    )
    series = np.clip(series, 0.0, 1.0).astype(np.float32)
    x, y = series[:, :window, None], series[:, window:]
    return data_result(
        x[:samples], y[:samples], x[samples:], y[samples:], target_name="next value"
    )


def data_points(x, y, samples, class_names):
    """Split generated points: the first `samples` for training, the rest for testing."""
    import numpy as np

    x, y = x.astype(np.float32), y.astype(np.int32)
    return data_result(
        x[:samples],
        y[:samples],
        x[samples:],
        y[samples:],
        class_names,
        feature_names=[f"x{i + 1}" for i in range(x.shape[1])],
        target_name="class",
        task="binary" if len(class_names) == 2 else "classification",
    )


def load_two_spirals(samples=1000, noise=0.05, seed=0):
    """Two interleaved spirals (1.5 turns each) in the plane, one class per spiral."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = samples + max(1, samples // 4)
    y = rng.permutation(np.arange(n) % 2)
    turn = np.sqrt(rng.uniform(0.02, 1.0, n)) * 3 * np.pi
    radius = turn / (3 * np.pi)
    angle = turn + np.pi * y
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1) + rng.normal(
        0, noise, (n, 2)
    )
    return data_points(x, y, samples, ["spiral A", "spiral B"])


def load_moons(samples=1000, noise=0.1, seed=0):
    """Two interlocking half circles in the plane, one class per half circle."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = samples + max(1, samples // 4)
    y = rng.permutation(np.arange(n) % 2)
    t = rng.uniform(0, np.pi, n)
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    x = (
        np.where(y[:, None] == 0, upper, lower)
        - [0.5, 0.25]
        + rng.normal(0, noise, (n, 2))
    )
    return data_points(x, y, samples, ["upper", "lower"])


def load_gaussian_mixture(samples=1000, classes=3, features=2, noise=0.8, seed=0):
    """Points around `classes` centres on a circle of radius 3, one class per centre.

    With more than 2 `features`, the centres differ only in the first two; the other
    coordinates are noise, which a model has to learn to ignore.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    n = samples + max(1, samples // 4)
    y = rng.permutation(np.arange(n) % classes)
    angles = 2 * np.pi * np.arange(classes) / classes
    centres = np.zeros((classes, features))
    centres[:, :2] = 3 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    x = centres[y] + rng.normal(0, noise, (n, features))
    return data_points(x, y, samples, [f"blob {i}" for i in range(classes)])
