"""Loaders for the keras.datasets sets, each with an offline stand-in of the same shapes.

Self-contained functions (see `loaders_common`): exported scripts copy their source.
"""

from __future__ import annotations

from nnbuilder.verbatim.loaders_common import (
    data_cap,
    data_flatten,
    data_keras_fetch,
    data_pad,
    data_resize_bilinear,
    data_result,
    data_split,
)


def data_digits_28x28(samples, seed):
    """Offline stand-in for MNIST: scikit-learn's 8x8 digits upscaled to 28x28x1, in [0, 1]."""
    import numpy as np
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = data_resize_bilinear(digits.images / 16.0, 28, 28)
    x = np.clip(images, 0.0, 1.0).astype(np.float32)[..., None]
    y = digits.target.astype(np.int32)
    x_train, y_train, x_test, y_test = data_cap(*data_split(x, y, 0.2, seed), samples)
    names = [str(i) for i in range(10)]
    return data_result(x_train, y_train, x_test, y_test, names, stand_in="digits_28x28")


def data_idx_array(path):
    """One idx file (gzipped when its name ends in .gz) of unsigned bytes as a uint8 array."""
    import gzip
    import math

    import numpy as np

    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            raw = handle.read()
    except (OSError, EOFError) as exc:
        raise ValueError(f"{path!r} could not be read ({exc})") from None
    # the header: two zero bytes, 0x08 (unsigned bytes), the number of axes, each size
    if len(raw) < 4 or raw[:3] != b"\x00\x00\x08":
        raise ValueError(f"{path!r} is not an idx file of unsigned bytes")
    axes = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(axes)]
    start = 4 + 4 * axes
    if len(raw) - start != math.prod(shape):
        size = math.prod(shape)
        raise ValueError(f"{path!r} is cut short: its header says {size} bytes of data")
    return np.frombuffer(raw, np.uint8, offset=start).reshape(shape)


def data_fashion_mnist_files(folder):
    """Fashion-MNIST's four idx files in `folder` (as Debian's dataset-fashion-mnist
    installs them) as ((x_train, y_train), (x_test, y_test)); None when any is missing."""
    import os

    names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"]
    names += ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
    paths = []
    for name in names:
        path = os.path.join(folder, name)
        found = [each for each in (path + ".gz", path) if os.path.isfile(each)]
        if not found:
            return None
        paths.append(found[0])
    x_train, y_train, x_test, y_test = [data_idx_array(path) for path in paths]
    return (x_train, y_train), (x_test, y_test)


def data_mnist_like(name, title, class_names, flatten, samples, seed, loaded=None):
    """MNIST or Fashion-MNIST as float32 (N, 28, 28, 1) in [0, 1]; the digits stand-in when offline.

    `loaded` is the raw ((x_train, y_train), (x_test, y_test)) when already at hand."""
    import numpy as np

    if loaded is None:
        loaded = data_keras_fetch(name)
    if loaded is None:
        result = data_digits_28x28(samples, seed)
        result["note"] = (
            f"{title} could not be loaded from the Keras cache or downloaded, "
            "so scikit-learn's 8x8 digits, upscaled to 28x28, stand in for it."
        )
    else:
        (x_train, y_train), (x_test, y_test) = loaded
        x_train, y_train, x_test, y_test = data_cap(
            x_train, y_train, x_test, y_test, samples
        )
        x_train = (x_train.astype(np.float32) / np.float32(255))[..., None]
        x_test = (x_test.astype(np.float32) / np.float32(255))[..., None]
        y_train, y_test = y_train.astype(np.int32), y_test.astype(np.int32)
        result = data_result(x_train, y_train, x_test, y_test, list(class_names))
    return data_flatten(result) if flatten else result


def load_mnist(flatten=False, samples=None, seed=0):
    """MNIST handwritten digits (offline: upscaled 8x8 digits)."""
    names = [str(i) for i in range(10)]
    return data_mnist_like("mnist", "MNIST", names, flatten, samples, seed)


def data_fashion_mnist_classes():
    """Fashion-MNIST's ten class names, in label order."""
    return [
        "T-shirt/top",
        "Trouser",
        "Pullover",
        "Dress",
        "Coat",
        "Sandal",
        "Shirt",
        "Sneaker",
        "Bag",
        "Ankle boot",
    ]


def load_fashion_mnist(
    flatten=False, samples=None, seed=0, folder="/usr/share/datasets/fashion-mnist"
):
    """Fashion-MNIST clothing pictures: from `folder` when Debian's dataset-fashion-mnist
    has installed them there, else the Keras cache or a download (offline: upscaled 8x8
    digits)."""
    names = data_fashion_mnist_classes()
    loaded = data_fashion_mnist_files(folder)
    return data_mnist_like(
        "fashion_mnist", "Fashion-MNIST", names, flatten, samples, seed, loaded
    )


def load_fashion_mnist_installed(
    flatten=False, samples=None, seed=0, folder="/usr/share/datasets/fashion-mnist"
):
    """Fashion-MNIST read from the idx files in `folder`, never downloaded and never
    replaced: FileNotFoundError naming the package to install when they are missing."""
    loaded = data_fashion_mnist_files(folder)
    if loaded is None:
        raise FileNotFoundError(
            f"Fashion-MNIST is not installed in {folder}: install Debian's package "
            "dataset-fashion-mnist (apt-get install dataset-fashion-mnist)"
        )
    names = data_fashion_mnist_classes()
    return data_mnist_like(
        "fashion_mnist", "Fashion-MNIST", names, flatten, samples, seed, loaded
    )


def data_shapes_32x32(samples, seed):
    """Offline stand-in for CIFAR-10: 32x32 colour pictures of 10 kinds of shapes and patterns, in [0, 1]."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n_train = 5000 if samples is None else samples
    n_test = 1000 if samples is None else max(1, samples // 5)
    n = n_train + n_test
    y = rng.permutation(np.arange(n) % 10).astype(np.int32)
    gy, gx = np.mgrid[0:32, 0:32].astype(np.float32)
    shape = (n, 1, 1)
    cy, cx = (
        rng.uniform(11, 21, shape).astype(np.float32),
        rng.uniform(11, 21, shape).astype(np.float32),
    )
    radius = rng.uniform(6, 10, shape).astype(np.float32)
    period = rng.uniform(5, 9, shape).astype(np.float32)
    phase = rng.uniform(0, 2 * np.pi, shape).astype(np.float32)
    kinds = [
        lambda dx, dy, r, p, f: dx**2 + dy**2 <= r**2,
        lambda dx, dy, r, p, f: np.maximum(np.abs(dx), np.abs(dy)) <= r * 0.8,
        lambda dx, dy, r, p, f: (dy <= r * 0.7) & (np.abs(dx) <= (dy + r) * 0.6),
        lambda dx, dy, r, p, f: np.abs(np.sqrt(dx**2 + dy**2) - r) <= 1.5,
        lambda dx, dy, r, p, f: np.sin(2 * np.pi * gy / p + f) > 0,
        lambda dx, dy, r, p, f: np.sin(2 * np.pi * gx / p + f) > 0,
        lambda dx, dy, r, p, f: np.sin(2 * np.pi * (gx + gy) / (p * 1.4) + f) > 0,
        lambda dx, dy, r, p, f: (
            ((np.abs(dx) <= 2) | (np.abs(dy) <= 2))
            & (np.abs(dx) <= r)
            & (np.abs(dy) <= r)
        ),
        lambda dx, dy, r, p, f: (
            (np.floor(gx / p * 1.5) + np.floor(gy / p * 1.5)) % 2 == 0
        ),
        lambda dx, dy, r, p, f: ((np.abs(dx) - r * 0.6) ** 2 + dy**2) <= (r * 0.4) ** 2,
    ]
    mask = np.zeros((n, 32, 32), bool)
    for label, kind in enumerate(kinds):
        i = np.flatnonzero(y == label)
        mask[i] = kind(gx - cx[i], gy - cy[i], radius[i], period[i], phase[i])
    front = rng.uniform(0, 1, (n, 1, 1, 3))
    back = (front + rng.uniform(0.35, 0.65, (n, 1, 1, 3))) % 1.0
    x = np.where(mask[..., None], front, back) + rng.normal(
        0, 0.04, (n, 32, 32, 3)
    ).astype(np.float32)
    x = np.clip(x, 0.0, 1.0).astype(np.float32)
    names = ["disc", "square", "triangle", "ring", "horizontal stripes"]
    names += [
        "vertical stripes",
        "diagonal stripes",
        "cross",
        "checkerboard",
        "two dots",
    ]
    return data_result(
        x[:n_train],
        y[:n_train],
        x[n_train:],
        y[n_train:],
        names,
        stand_in="shapes_32x32",
    )


def load_cifar10(flatten=False, samples=None, seed=0):
    """CIFAR-10 as float32 (N, 32, 32, 3) in [0, 1]; generated shapes stand in when offline."""
    import numpy as np

    loaded = data_keras_fetch("cifar10")
    if loaded is None:
        result = data_shapes_32x32(samples, seed)
        result["note"] = (
            "CIFAR-10 could not be loaded from the Keras cache or downloaded, "
            "so generated 32x32 colour pictures of 10 kinds of shapes stand in for it."
        )
    else:
        (x_train, y_train), (x_test, y_test) = loaded
        x_train, y_train, x_test, y_test = data_cap(
            x_train, y_train, x_test, y_test, samples
        )
        x_train = x_train.astype(np.float32) / np.float32(255)
        x_test = x_test.astype(np.float32) / np.float32(255)
        y_train, y_test = (
            y_train.reshape(-1).astype(np.int32),
            y_test.reshape(-1).astype(np.int32),
        )
        names = [
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck",
        ]
        result = data_result(x_train, y_train, x_test, y_test, names)
    return data_flatten(result) if flatten else result


def data_synthetic_reviews(num_words, maxlen, samples, seed):
    """Offline stand-in for IMDB: word-number sequences where some words lean positive or negative."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n_train = 2500 if samples is None else samples
    n_test = n_train
    n = n_train + n_test
    y = rng.permutation(np.arange(n) % 2).astype(np.int32)
    pool = rng.permutation(np.arange(10, min(num_words, 400)))
    sentiment = [pool[:12], pool[12:24]]
    reviews = []
    for label in y:
        length = int(rng.integers(30, 400))
        ranks = rng.zipf(1.25, length)
        words = np.where(ranks < num_words - 3, ranks + 3, 2)
        marked = rng.random(length) < 0.06
        leaning = np.where(rng.random(length) < 0.8, label, 1 - label)
        picks = np.where(
            leaning == 1,
            rng.choice(sentiment[1], length),
            rng.choice(sentiment[0], length),
        )
        words = np.where(marked, picks, words)
        reviews.append([1, *words.tolist()])
    x = data_pad(reviews, maxlen)
    names = ["negative", "positive"]
    return data_result(
        x[:n_train],
        y[:n_train],
        x[n_train:],
        y[n_train:],
        names,
        stand_in="synthetic_reviews",
        target_name="sentiment",
    )


def load_imdb(num_words=10000, maxlen=200, samples=None, seed=0):
    """IMDB reviews as int32 (N, maxlen) word numbers, labels 0 negative / 1 positive; generated when offline."""
    import numpy as np

    loaded = data_keras_fetch("imdb", num_words=num_words)
    if loaded is None:
        result = data_synthetic_reviews(num_words, maxlen, samples, seed)
        result["note"] = (
            "IMDB could not be loaded from the Keras cache or downloaded, "
            "so generated word sequences with positive and negative words stand in for it."
        )
        return result
    (x_train, y_train), (x_test, y_test) = loaded
    x_train, y_train, x_test, y_test = data_cap(
        x_train, y_train, x_test, y_test, samples
    )
    x_train, x_test = data_pad(x_train, maxlen), data_pad(x_test, maxlen)
    y_train, y_test = y_train.astype(np.int32), y_test.astype(np.int32)
    return data_result(
        x_train,
        y_train,
        x_test,
        y_test,
        ["negative", "positive"],
        target_name="sentiment",
    )
