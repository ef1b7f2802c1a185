"""Training throughput: nnbuilder's Trainer with the live panel attached vs plain Keras.

For the MNIST-shaped MLP and CNN templates, on synthetic data of MNIST's shape, one
epoch at a time and alternating the order each round, in one process:

- keras:        `model.fit(verbose=0)` (the reference)
- nnbuilder:    `Trainer` in its worker thread with a `TrainingPanel` attached, every
                chart message JSON-encoded as it would be for the browser
- keras verbose=1: Keras' own progress bar (written to /dev/null)
- livelossplot: livelossplot's Keras callback, when it is installed

Prints samples/s and the ratio to plain Keras (higher is better, 1.0 = no overhead).
The headline `ratio` is the median over rounds of (plain epoch time / this run's
epoch time), each round's runs back to back, so slow drifts of a shared machine
cancel; `best` compares the fastest epochs and `median` the median epochs. On a
noisy machine these move by several percent from run to run, so the time spent
inside nnbuilder's own code during its epochs is also measured directly.
Asserts nothing. Run: `python bench/training_overhead.py [--rounds N] [--samples N]`;
set KERAS_BACKEND=jax to measure JAX (on a GPU too).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from nnbuilder import build, load_template  # noqa: E402


def synthetic(template: str, samples: int, seed: int = 0):
    """Random images of MNIST's shape (flattened for the MLP) and random digit labels."""
    rng = np.random.default_rng(seed)
    project = load_template(template)
    shape = tuple(project.graph.nodes[0].config["shape"])
    x = rng.random((samples, *shape), dtype=np.float32)
    y = rng.integers(0, 10, samples).astype("int32")
    return project, x, y


class JsonSink:
    """Stands in for the browser link: every message is JSON-encoded, as the comm would."""

    def __init__(self):
        self.messages = 0
        self.bytes = 0

    def __call__(self, message, *args, **kwargs):
        self.messages += 1
        self.bytes += len(json.dumps(message, allow_nan=False))


def plain_model(project):
    import keras

    from nnbuilder.training.compile import compile_model

    keras.utils.set_random_seed(0)
    model = build(project)
    compile_model(model, project.training)
    return model


class OwnTime:
    """Adds up the wall time spent inside nnbuilder's own per-run code (its Keras
    callback, events, panel and chart feed): the overhead, measured directly."""

    HOOKS = ("on_train_begin", "on_epoch_begin", "on_train_batch_end", "on_test_batch_begin", "on_epoch_end")

    def __init__(self, trainer):
        from nnbuilder.training._keras_callback import EventCallback

        self.seconds = 0.0
        self._originals = {name: getattr(EventCallback, name) for name in self.HOOKS}
        for name, method in self._originals.items():
            setattr(EventCallback, name, self._timed(method))
        emit = trainer.emit

        def timed_emit(event):  # start and end events are sent outside the callback
            if event["kind"] in ("start", "end"):
                start = time.perf_counter()
                emit(event)
                self.seconds += time.perf_counter() - start
            else:
                emit(event)

        trainer.emit = timed_emit

    def close(self):
        """Put the callback back as it was (the next model is timed afresh)."""
        from nnbuilder.training._keras_callback import EventCallback

        for name, method in self._originals.items():
            setattr(EventCallback, name, method)

    def _timed(self, method):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return wrapper


def make_runners(project, x, y, with_peers: bool, runs: str):
    """name -> function that trains one more epoch; nnbuilder's runs are recorded in the folder `runs`."""
    from nnbuilder.data import from_arrays
    from nnbuilder.training import Trainer
    from nnbuilder.ui import TrainingPanel

    settings = project.training
    fit_args = {"batch_size": settings["batch_size"], "validation_split": settings["validation_split"]}
    runners = {}

    model = plain_model(project)
    runners["keras"] = lambda: model.fit(x, y, epochs=1, verbose=0, **fit_args)

    data = from_arrays(x, y, x[:256], y[:256])
    trainer = Trainer(project, data, runs=runs)
    panel = TrainingPanel(trainer)
    sink = JsonSink()
    panel.send = sink  # the panel's chart messages, JSON-encoded
    runners["nnbuilder"] = lambda: trainer.start(epochs=1).wait()
    runners["nnbuilder"].sink = sink
    runners["nnbuilder"].own = OwnTime(trainer)

    if with_peers:
        verbose_model = plain_model(project)

        def verbose():
            with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
                verbose_model.fit(x, y, epochs=1, verbose=1, **fit_args)

        runners["keras verbose=1"] = verbose
        try:
            import matplotlib

            matplotlib.use("Agg")
            warnings.filterwarnings("ignore", message="More than 20 figures")  # livelossplot keeps each epoch's
            from livelossplot import PlotLossesKeras
        except ImportError:
            print("livelossplot is not installed: its column is left out")
        else:
            plot_model = plain_model(project)
            plot = PlotLossesKeras()

            def livelossplot():
                with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
                    plot_model.fit(x, y, epochs=1, verbose=0, callbacks=[plot], **fit_args)

            runners["livelossplot"] = livelossplot
    return runners


def measure(template: str, samples: int, rounds: int, with_peers: bool) -> dict:
    project, x, y = synthetic(template, samples)
    # Each run is recorded as usual (recording is part of what the Trainer costs), in a folder dropped afterwards.
    with tempfile.TemporaryDirectory(prefix="nnbuilder-bench-runs-") as runs:
        return timed(project, make_runners(project, x, y, with_peers, runs), rounds, samples)


def timed(project, runners: dict, rounds: int, samples: int) -> dict:
    """Each runner's epoch times over alternated rounds after one warm-up, as ratios to plain Keras."""
    names = list(runners)
    for name in names:  # warm-up: tracing and compilation are not what we compare
        runners[name]()
    own = runners["nnbuilder"].own
    own.seconds = 0.0
    try:
        times = {name: [] for name in names}
        for i in range(rounds):
            order = names if i % 2 == 0 else names[::-1]
            for name in order:
                start = time.perf_counter()
                runners[name]()
                times[name].append(time.perf_counter() - start)
    finally:
        own.close()
    train_samples = int(samples * (1.0 - project.training["validation_split"]))
    report = {}
    for name in names:
        best, median = min(times[name]), statistics.median(times[name])
        paired = [k / t for k, t in zip(times["keras"], times[name])]
        report[name] = {
            "epoch_s_best": best,
            "epoch_s_median": median,
            "samples_per_s": train_samples / best,
            "ratio_best": min(times["keras"]) / best,
            "ratio_median": statistics.median(times["keras"]) / median,
            "paired_ratio_median": statistics.median(paired),
        }
    sink = runners["nnbuilder"].sink
    report["nnbuilder"]["chart_messages"] = sink.messages
    report["nnbuilder"]["chart_bytes"] = sink.bytes
    report["nnbuilder"]["own_share"] = own.seconds / sum(times["nnbuilder"])
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--samples", type=int, default=None, help="samples per epoch (default: 60000 MLP, 12000 CNN)")
    parser.add_argument("--models", default="mnist_mlp,mnist_cnn")
    parser.add_argument("--no-peers", action="store_true", help="only keras vs nnbuilder")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    import keras

    from nnbuilder.training.devices import choose_placement

    device = choose_placement(None).description
    print(f"backend {keras.backend.backend()}, device {device}, {args.rounds} alternated rounds of one epoch")
    results = {}
    for template in args.models.split(","):
        samples = args.samples or (60000 if template == "mnist_mlp" else 12000)
        report = measure(template, samples, args.rounds, not args.no_peers)
        results[template] = report
        split = load_template(template).training["validation_split"]
        print(f"\n{template}: {samples} samples/epoch ({split:.0%} of them for validation)")
        print(f"  {'run':<17} {'best epoch':>11} {'samples/s':>10} {'ratio':>6} {'best':>6} {'median':>7}")
        for name, row in report.items():
            print(
                f"  {name:<17} {row['epoch_s_best']:>9.3f} s {row['samples_per_s']:>10.0f} "
                f"{row['paired_ratio_median']:>6.3f} {row['ratio_best']:>6.3f} {row['ratio_median']:>7.3f}"
            )
        extra = report["nnbuilder"]
        print(f"  chart messages sent: {extra['chart_messages']} ({extra['chart_bytes']} bytes of JSON)")
        print(
            f"  time inside nnbuilder's own callback, events, panel and charts: {extra['own_share']:.2%} of its "
            f"epochs, so its throughput is at least {1 - extra['own_share']:.3f} of the same fit without them"
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"device": device, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
