"""Real data: the same small networks trained on Fashion-MNIST by nnbuilder and by plain Keras, side by side.

Fashion-MNIST is read from /usr/share/datasets/fashion-mnist, where Debian's package dataset-fashion-mnist
installs it (`apt-get install dataset-fashion-mnist`): no download. Two networks, each trained for the same
epochs with the same settings (Adam 1e-3, batch 128, a tenth of the training rows held out for validation):

- mlp: Flatten -> Dense(128, relu) -> Dense(10, softmax), as in the Keras basic classification tutorial
- cnn: two Conv2D(3x3, relu) + MaxPooling2D blocks -> Flatten -> Dropout(0.5) -> Dense(10, softmax), as in
  keras.io's simple MNIST convnet

nnbuilder builds each from a project (`nnbuilder.build` inside its `Trainer`, data from the registry's
`fashion_mnist_installed`); plain Keras builds the same layers as a Sequential model on the same files, read
here with NumPy. Which of the two runs first alternates from network to network. Prints the test accuracy
and the seconds per epoch of both, and their ratios (time ratio nnbuilder / Keras: 1.00 = no overhead),
beside the published figures (MLP about 0.88, two conv + pooling about 0.92). Asserts nothing.
Run: `python bench/real_data.py` (the full set; about ten minutes on two busy cores) or
`python bench/real_data.py --quick` (6,000 training pictures, 2 epochs).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from _common import chain_project  # noqa: E402

FOLDER = Path("/usr/share/datasets/fashion-mnist")
PUBLISHED = {"mlp": 0.88, "cnn": 0.92}
BATCH_SIZE = 128
VALIDATION_SPLIT = 0.1
SEED = 0

LAYERS = {
    "mlp": [
        ("image", "Input", {"shape": [28, 28, 1]}),
        ("flat", "Flatten", {}),
        ("hidden", "Dense", {"units": 128, "activation": "relu"}),
        ("classes", "Dense", {"units": 10, "activation": "softmax"}),
    ],
    "cnn": [
        ("image", "Input", {"shape": [28, 28, 1]}),
        ("conv1", "Conv2D", {"filters": 32, "kernel_size": [3, 3], "activation": "relu"}),
        ("pool1", "MaxPooling2D", {"pool_size": [2, 2]}),
        ("conv2", "Conv2D", {"filters": 64, "kernel_size": [3, 3], "activation": "relu"}),
        ("pool2", "MaxPooling2D", {"pool_size": [2, 2]}),
        ("flat", "Flatten", {}),
        ("drop", "Dropout", {"rate": 0.5}),
        ("classes", "Dense", {"units": 10, "activation": "softmax"}),
    ],
}


def project_for(name: str, epochs: int, samples: int | None):
    """The network as an nnbuilder project: a chain of nodes, the installed data, the shared settings."""
    training = {
        "optimizer": {"name": "adam", "learning_rate": 0.001},
        "loss": "sparse_categorical_crossentropy",
        "metrics": ["accuracy"],
        "epochs": epochs,
        "batch_size": BATCH_SIZE,
        "validation_split": VALIDATION_SPLIT,
        "seed": SEED,
    }
    data = {"dataset": "fashion_mnist_installed", "options": {"samples": samples}}
    return chain_project(f"Fashion-MNIST {name}", LAYERS[name], data, training)


def keras_model(name: str):
    """The same layers, written by hand as a Keras user would."""
    import keras
    from keras import layers

    if name == "mlp":
        body = [layers.Flatten(), layers.Dense(128, activation="relu")]
    else:
        body = [
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
        ]
    return keras.Sequential([keras.Input((28, 28, 1)), *body, layers.Dense(10, activation="softmax")])


def read_idx(path: Path) -> np.ndarray:
    """An idx file of unsigned bytes (gzipped) as a uint8 array."""
    raw = gzip.decompress(path.read_bytes())
    axes = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(axes)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * axes).reshape(shape)


def keras_data(samples: int | None):
    """Fashion-MNIST as a Keras user loads it: pixels / 255 with a channel axis; the same subset as nnbuilder's
    `samples` option (the first rows, the test set cut in proportion)."""
    parts = [
        read_idx(FOLDER / f"{name}-ubyte.gz")
        for name in ("train-images-idx3", "train-labels-idx1", "t10k-images-idx3", "t10k-labels-idx1")
    ]
    x_train, y_train, x_test, y_test = parts
    if samples is not None and samples < len(x_train):
        tests = min(len(x_test), -(-len(x_test) * samples // len(x_train)))
        x_train, y_train, x_test, y_test = x_train[:samples], y_train[:samples], x_test[:tests], y_test[:tests]
    scale = np.float32(255)
    return (x_train[..., None] / scale, y_train.astype("int32")), (x_test[..., None] / scale, y_test.astype("int32"))


def run_keras(name: str, epochs: int, samples: int | None) -> dict:
    import keras

    (x_train, y_train), (x_test, y_test) = keras_data(samples)
    keras.utils.set_random_seed(SEED)
    model = keras_model(name)
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    seconds = []

    class EpochClock(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            seconds.append(time.perf_counter() - self.start)

    order = np.random.default_rng(SEED).permutation(len(x_train))  # the order nnbuilder fits in, too
    model.fit(
        x_train[order],
        y_train[order],
        batch_size=BATCH_SIZE,
        epochs=epochs,
        validation_split=VALIDATION_SPLIT,
        callbacks=[EpochClock()],
        verbose=0,
    )
    scores = model.evaluate(x_test, y_test, batch_size=256, verbose=0, return_dict=True)
    return {"accuracy": float(scores["accuracy"]), "seconds": seconds, "rows": len(x_train)}


def run_nnbuilder(name: str, epochs: int, samples: int | None) -> dict:
    from nnbuilder.training import Trainer

    with tempfile.TemporaryDirectory(prefix="nnbuilder-bench-runs-") as runs:  # recorded as usual, then dropped
        trainer = Trainer(project_for(name, epochs, samples), runs=runs)
        seconds = []
        trainer.subscribe(lambda event: event["kind"] == "epoch" and seconds.append(event["seconds"]))
        trainer.run()
        scores = trainer.evaluate(gallery_size=0)["metrics"]
    return {"accuracy": scores["accuracy"], "seconds": seconds, "rows": len(trainer.dataset.x_train)}


def per_epoch(seconds: list[float]) -> float:
    """The median epoch after the first (the first also traces and compiles), or the only one."""
    return statistics.median(seconds[1:] or seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="6,000 training pictures and 2 epochs")
    parser.add_argument("--epochs", type=int, help="epochs for both networks (default: mlp 10, cnn 5)")
    parser.add_argument("--models", default="mlp,cnn", help="which networks: mlp,cnn")
    args = parser.parse_args()
    if not FOLDER.is_dir():
        print(f"Fashion-MNIST is not installed in {FOLDER}: apt-get install dataset-fashion-mnist", file=sys.stderr)
        return 1
    samples = 6000 if args.quick else None
    import keras

    print(
        f"Fashion-MNIST from {FOLDER}; Keras {keras.__version__}, backend {keras.backend.backend()}; "
        f"batch {BATCH_SIZE}, validation split {VALIDATION_SPLIT}, Adam 1e-3"
    )
    header = f"{'model':<5} {'tool':<10} {'epochs':>6} {'train rows':>10} {'test acc':>8} {'s/epoch':>8} {'1st':>7}"
    print(header)
    for index, name in enumerate(m.strip() for m in args.models.split(",") if m.strip()):
        epochs = args.epochs or (2 if args.quick else {"mlp": 10, "cnn": 5}[name])
        runs = {"keras": run_keras, "nnbuilder": run_nnbuilder}
        order = list(runs) if index % 2 == 0 else list(runs)[::-1]  # who goes first alternates
        results = {tool: runs[tool](name, epochs, samples) for tool in order}
        for tool in runs:
            result = results[tool]
            print(
                f"{name:<5} {tool:<10} {epochs:>6} {result['rows']:>10} {result['accuracy']:>8.4f} "
                f"{per_epoch(result['seconds']):>8.2f} {result['seconds'][0]:>7.2f}"
            )
        ours, theirs = results["nnbuilder"], results["keras"]
        ratio = per_epoch(ours["seconds"]) / per_epoch(theirs["seconds"])
        print(
            f"{name:<5} ratio      nnbuilder/keras time per epoch {ratio:.3f}, accuracy "
            f"{ours['accuracy'] - theirs['accuracy']:+.4f} (published {name}: about {PUBLISHED[name]:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
