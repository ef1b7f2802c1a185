"""Small functions shared by the dataset loaders.

Every function in the `loaders_*` modules is self-contained: it imports what it needs inside its body
and calls only other functions of these modules. `data_source_code` copies their source into exported
scripts, so the script loads exactly the data nnbuilder trains on. Keep them free of nnbuilder imports
and of module-level constants.
"""

from __future__ import annotations


def data_result(
    x_train,
    y_train,
    x_test,
    y_test,
    class_names=None,
    note=None,
    stand_in=None,
    feature_names=None,
    target_name=None,
    task=None,
):
    """Bundle a loader's output: the four arrays plus what they mean."""
    return {
        "x_train": x_train,
        "y_train": y_train,
        "x_test": x_test,
        "y_test": y_test,
        "class_names": class_names,
        "note": note,
        "stand_in": stand_in,
        "feature_names": feature_names,
        "target_name": target_name,
        "task": task,
    }


def data_split(x, y, test_fraction, seed):
    """Shuffle with `seed` and hold out `test_fraction` of the examples for testing."""
    import numpy as np

    order = np.random.default_rng(seed).permutation(len(x))
    n_test = int(round(len(x) * test_fraction))
    if test_fraction > 0 and len(x) > 1:
        n_test = min(max(n_test, 1), len(x) - 1)
    test, train = order[:n_test], order[n_test:]
    if y is None:
        return x[train], None, x[test], None
    return x[train], y[train], x[test], y[test]


def data_cap(x_train, y_train, x_test, y_test, samples):
    """Keep at most `samples` training examples and cut the test set in the same proportion."""
    import math

    if samples is None or samples >= len(x_train):
        return x_train, y_train, x_test, y_test
    n_test = min(len(x_test), math.ceil(len(x_test) * samples / len(x_train)))
    return (
        x_train[:samples],
        None if y_train is None else y_train[:samples],
        x_test[:n_test],
        None if y_test is None else y_test[:n_test],
    )


def data_flatten(result):
    """Turn each example of a loader result into one flat vector (e.g. 28x28x1 into 784)."""
    for key in ("x_train", "x_test"):
        x = result[key]
        result[key] = x.reshape(len(x), -1)
    return result


def data_resize_bilinear(images, height, width):
    """Resize (N, h, w) images to (N, height, width) by bilinear interpolation with pixel centres aligned."""
    import numpy as np

    def weights(src, dst):
        pos = np.clip((np.arange(dst) + 0.5) * src / dst - 0.5, 0, src - 1)
        low = np.floor(pos).astype(int)
        high = np.minimum(low + 1, src - 1)
        frac = pos - low
        matrix = np.zeros((dst, src))
        np.add.at(matrix, (np.arange(dst), low), 1 - frac)
        np.add.at(matrix, (np.arange(dst), high), frac)
        return matrix

    rows = weights(images.shape[1], height)
    cols = weights(images.shape[2], width)
    return np.einsum("ij,njk,lk->nil", rows, images, cols)


def data_pad(sequences, maxlen):
    """Pad (with 0 in front) or cut (keeping the end) each sequence of word numbers to `maxlen`."""
    import numpy as np

    out = np.zeros((len(sequences), maxlen), np.int32)
    for i, seq in enumerate(sequences):
        seq = list(seq)[-maxlen:]
        if seq:
            out[i, maxlen - len(seq) :] = seq
    return out


def data_keras_fetch(name, **kwargs):
    """`keras.datasets.<name>.load_data(**kwargs)` from the Keras cache or the network; None if it cannot be had."""
    try:
        import keras

        # Keras' download message goes to its logger (per thread), not to stdout
        was_on = keras.config.is_interactive_logging_enabled()
        keras.config.disable_interactive_logging()
        try:
            return getattr(keras.datasets, name).load_data(**kwargs)
        finally:
            if was_on:
                keras.config.enable_interactive_logging()
    except Exception:
        return None
