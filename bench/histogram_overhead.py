"""Training throughput with the weights-and-gradients records on vs plain `model.fit`.

The MNIST MLP template (784 → Dense 128 relu → Dropout → Dense 10), its own training settings (Adam,
batches of 32, a tenth for validation), on Fashion-MNIST from /usr/share/datasets/fashion-mnist when
Debian's dataset-fashion-mnist is installed, else on the offline stand-in the template's dataset falls
back to. Two models with the same starting weights train `--epochs` epochs (2) per `fit` call, taking turns
and swapping who goes first each round, in one process:

- plain:   `model.fit(verbose=0)`
- records: the same with nnbuilder's weights callback at the sampling a Trainer uses by default
           (a record of the starting weights, one at each epoch's end and between as 1% of the time allows)

Prints samples/s, the records made and their cost, and the median over rounds of the
ratio (plain fit time / records fit time) against the goal 0.97; on a busy machine rounds scatter by
far more than the cost, so the share of the time spent inside the records, measured directly, is printed
too. Asserts nothing.
Run: `python bench/histogram_overhead.py [--rounds N] [--samples N] [--epochs N] [--every N]`; KERAS_BACKEND=jax
measures JAX.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from nnbuilder import build, load_template  # noqa: E402

FOLDER = Path("/usr/share/datasets/fashion-mnist")
GOAL = 0.97


def read_idx(path: Path) -> np.ndarray:
    """An idx file of unsigned bytes (gzipped) as a uint8 array."""
    raw = gzip.decompress(path.read_bytes())
    axes = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(axes)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * axes).reshape(shape)


def training_data(project, samples: int) -> tuple[np.ndarray, np.ndarray, str]:
    """(x flattened to 784 floats in 0..1, y, the data's name): Fashion-MNIST if installed, else the stand-in."""
    if (FOLDER / "train-images-idx3-ubyte.gz").exists():
        x = read_idx(FOLDER / "train-images-idx3-ubyte.gz")[:samples].reshape(-1, 784) / np.float32(255)
        y = read_idx(FOLDER / "train-labels-idx1-ubyte.gz")[:samples].astype("int32")
        return x.astype("float32"), y, f"Fashion-MNIST ({FOLDER})"
    from nnbuilder.data import load_dataset

    data = load_dataset(project.data)
    return data.x_train[:samples].astype("float32"), data.y_train[:samples], f"{data.name}: {data.note}"


def twin_models(project):
    """Two compiled copies of the template's model with the same starting weights."""
    import keras

    from nnbuilder.training.compile import compile_model

    models = []
    for _ in range(2):
        keras.utils.set_random_seed(0)
        model = build(project)
        compile_model(model, project.training)
        models.append(model)
    return models


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="measured rounds after one warm-up (default 4)")
    parser.add_argument("--samples", type=int, default=30000, help="training rows (default 30000)")
    parser.add_argument("--epochs", type=int, default=2, help="epochs a fit, a round a side (default 2)")
    parser.add_argument("--share", type=float, default=None, help="the share of the time for records (default 1%%)")
    parser.add_argument("--every", type=int, default=None, help="a record every N batches instead of the 1%% share")
    args = parser.parse_args(argv)

    import keras

    from nnbuilder.views.weight_stats import Sampling, weight_stats_callback

    project = load_template("mnist_mlp")
    settings = project.training
    x, y, name = training_data(project, args.samples)
    plain, watched = twin_models(project)
    records: list[dict] = []
    sampling = Sampling(every=args.every) if args.share is None else Sampling(every=args.every, share=args.share)
    split, batch = settings["validation_split"], settings["batch_size"]

    def fit_plain():
        plain.fit(x, y, batch_size=batch, epochs=args.epochs, validation_split=split, verbose=0)

    def fit_watched():
        callback = weight_stats_callback(records.append, x, y, sampling, validation_split=split)
        watched.fit(x, y, batch_size=batch, epochs=args.epochs, validation_split=split, verbose=0, callbacks=[callback])

    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    print(f"histogram overhead: MNIST MLP template on {name}, {len(x)} rows, backend {keras.backend.backend()}")
    print(f"  batches of {batch}, validation split {split}; sampling {sampling}")
    timed(fit_plain), timed(fit_watched)  # warm-up: tracing, the starting weights' record, first gradients
    records.clear()
    times: dict[str, list[float]] = {"plain": [], "records": []}
    ratios = []
    for r in range(args.rounds):
        order = [("plain", fit_plain), ("records", fit_watched)]
        for label, fn in order if r % 2 == 0 else order[::-1]:
            times[label].append(timed(fn))
        ratios.append(times["plain"][-1] / times["records"][-1])
    trained = len(x) * (1 - split) * args.epochs
    for label, seconds in times.items():
        median = statistics.median(seconds)
        print(f"  {label:8s} {trained / median:10.0f} samples/s   (median fit {median:.2f} s)")
    costs = [r["seconds"] for r in records]
    per_epoch = len(records) / (args.rounds * args.epochs)
    kinds = {at: sum(r["at"] == at for r in records) for at in ("start", "batch", "epoch_end")}
    last = records[-1]
    print(f"  records: {len(records)} in {args.rounds * args.epochs} epochs ({per_epoch:.1f} an epoch: {kinds})")
    print(f"           median {statistics.median(costs) * 1000:.1f} ms, max {max(costs) * 1000:.1f} ms each")
    print(f"           {len(last['layers'])} layers, {last['bins']} bins, gradients on {last['gradients_on']}")
    inside = sum(costs) / sum(times["records"])
    print(f"  time inside the records: {100 * inside:.2f}% of the fits (a ratio of {1 - inside:.3f} from it alone)")
    ratio = statistics.median(ratios)
    verdict = "meets" if ratio >= GOAL else "misses"
    print(f"  ratio (plain / records fit time): median {ratio:.3f}, rounds {[round(v, 3) for v in ratios]}")
    print(f"  goal >= {GOAL}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
