"""Memory of a search: the process's resident size (RSS) after each of 20 small trials.

Each trial builds, trains and frees a small MLP on the offline digits (one epoch); the search drops the
trial's models and clears Keras' session after each. Prints the RSS after every trial and the growth from
the end of the first trial (which pays for loading Keras, the data and Optuna) to the end of the last,
beside the same figure for plain Keras (the same network built, fitted for one epoch and cleared as often),
which is what TensorFlow keeps per model even after `clear_session`.

    .venv/bin/python bench/search_memory.py [TRIALS]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import chain_project  # noqa: E402


def rss_mib() -> float:
    """The resident set size of this process in MiB (Linux: /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main(trials: int = 20) -> None:
    from nnbuilder.training.search import search

    layers = [
        ("x", "Input", {"shape": [64]}),
        ("hidden", "Dense", {"units": 32, "activation": "relu"}),
        ("out", "Dense", {"units": 10, "activation": "softmax"}),
    ]
    training = {"loss": "sparse_categorical_crossentropy", "epochs": 1, "batch_size": 64, "seed": 0}
    ranges = [
        {"target": {"model": "model", "node": "hidden", "param": "units"}, "low": 8, "high": 64},
        {"target": {"training": "optimizer.learning_rate"}, "low": 1e-3, "high": 1e-1, "log": True},
    ]
    data = {"dataset": "digits", "options": {"flatten": True}}
    search_section = {"sampler": "random", "seed": 0, "ranges": ranges}
    project = chain_project("search memory", layers, data, training, search_section)
    sizes: list[float] = []
    print(f"RSS before the search: {rss_mib():.1f} MiB")

    def after(row) -> None:
        sizes.append(rss_mib())
        print(f"trial {row.number:2d} ({row.state}, {row.duration or 0:.1f} s): RSS {sizes[-1]:.1f} MiB")

    with tempfile.TemporaryDirectory(prefix="nnbuilder-search-memory-") as folder:
        search(project, trials=trials, out=folder, on_trial=after)
    growth = sizes[-1] - sizes[0]
    per_trial = growth / max(len(sizes) - 1, 1)
    print(f"RSS growth from trial 0 to trial {len(sizes) - 1}: {growth:+.1f} MiB ({per_trial:+.2f} MiB per trial)")
    plain = plain_keras(trials)
    print(f"plain Keras, {trials} fits with clear_session: {plain:+.2f} MiB per fit")
    print(f"search / plain Keras growth per trial: {per_trial / plain:.2f}" if plain > 0 else "plain Keras: no growth")


def plain_keras(times: int) -> float:
    """MiB of RSS growth per build + one-epoch fit + clear_session of the same network in plain Keras."""
    import gc

    import keras
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    x = (x / 16).astype("float32")
    sizes = []
    for _ in range(times):
        model = keras.Sequential(
            [
                keras.Input((64,)),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile("adam", "sparse_categorical_crossentropy")
        model.fit(x, y, epochs=1, batch_size=64, validation_split=0.2, verbose=0)
        del model
        keras.backend.clear_session()
        gc.collect()
        sizes.append(rss_mib())
    return (sizes[-1] - sizes[0]) / max(times - 1, 1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
