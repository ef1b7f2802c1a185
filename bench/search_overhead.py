"""Search overhead: `nnbuilder.search` vs a plain hand-written Optuna + Keras loop over the same space.

Both sides search the same space (the hidden Dense layer's units from a list, the Adam learning rate on a log
scale) with Optuna's seeded random sampler, on the same data (the offline 8x8 digits, the same split and the
same seeded row order), with the same epochs, batch size, loss and metric, in one process after one Keras
import. The plain loop is what a person writes by hand: `optuna.create_study` (in memory) and an objective
that builds the same network with `keras.Sequential`, compiles and fits it, returns the last `val_loss` and
calls `keras.backend.clear_session()`. nnbuilder's trials are recorded runs (run.json, TensorBoard logs, the
model file) in a temporary folder and its study lives in SQLite there, as in any search.

1. Trials per hour: after one untimed warm-up trial of each, the trials run in blocks, nnbuilder's and the
   plain loop's taking turns (the order alternating from block to block) so the load of a shared machine falls
   on both alike. A seeded random sampler draws the same values on both sides (checked below; the bayes
   sampler's TPE draws at random only for its first 10 trials, then from the scores, which may differ in the
   last digits, so it is not used here). Prints trials/hour of each, the ratio nnbuilder / plain (the goal:
   at least 0.95) and where each side's time goes: inside `model.fit`, building and compiling, recording the
   run (its parts timed one by one), freeing the models, and Optuna's own bookkeeping (the rest).
2. Memory: the resident size (RSS) after 5 and after M tiny trials (1 epoch, a few hundred rows) of each side,
   each side in a fresh process of its own, and the growth per trial in between.

Asserts nothing. Run: `python bench/search_overhead.py [--trials 12] [--blocks 2] [--epochs 5]
[--memory-trials 50] [--quick] [--profile]`; `--quick` is a short run (4 trials, 2 epochs, 20 memory trials);
`--profile` also prints cProfile's top entries of one more block of nnbuilder's trials.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import chain_project  # noqa: E402

UNITS = [16, 32, 64, 128]
RATE_LOW, RATE_HIGH = 1e-3, 1e-1
SEED = 0
VALIDATION_SPLIT = 0.2
GOAL = 0.95


def rss_mib() -> float:
    """The resident set size of this process in MiB (Linux: /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def digits_options(samples: int | None) -> dict:
    return {"flatten": True} if samples is None else {"flatten": True, "samples": samples}


def search_project(epochs: int, batch_size: int, samples: int | None):
    """The digits MLP with the search section both sides follow."""
    layers = [
        ("x", "Input", {"shape": [64]}),
        ("hidden", "Dense", {"units": 32, "activation": "relu"}),
        ("out", "Dense", {"units": 10, "activation": "softmax"}),
    ]
    training = {
        "loss": "sparse_categorical_crossentropy",
        "optimizer": {"name": "adam", "learning_rate": 0.001},
        "metrics": ["accuracy"],
        "epochs": epochs,
        "batch_size": batch_size,
        "validation_split": VALIDATION_SPLIT,
        "callbacks": [],
        "seed": SEED,
    }
    ranges = [
        {"target": {"model": "model", "node": "hidden", "param": "units"}, "values": UNITS},
        {"target": {"training": "optimizer.learning_rate"}, "low": RATE_LOW, "high": RATE_HIGH, "log": True},
    ]
    data = {"dataset": "digits", "options": digits_options(samples)}
    section = {"sampler": "random", "seed": SEED, "metric": "val_loss", "direction": "minimize", "ranges": ranges}
    return chain_project("search overhead", layers, data, training, section)


class Clock:
    """Seconds spent in chosen functions, per side: each is wrapped while the clock is installed."""

    def __init__(self) -> None:
        self.side = "ours"
        self.seconds: dict[tuple[str, str], float] = defaultdict(float)
        self._undo: list[tuple[object, str, object]] = []

    def add(self, label: str, seconds: float) -> None:
        self.seconds[(self.side, label)] += seconds

    def wrap(self, owner: object, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.add(label, time.perf_counter() - start)

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def install(self) -> None:
        import keras

        from nnbuilder.training import search_trial
        from nnbuilder.training.run_record import RunRecorder
        from nnbuilder.training.trainer import Trainer

        self.wrap(keras.Model, "fit", "fit")
        self.wrap(gc, "collect", "gc.collect (every call)")
        self.wrap(Trainer, "prepare", "build + compile")
        self.wrap(search_trial.TrialRunner, "__call__", "objective")
        self.wrap(RunRecorder, "begin", "record: open the run (run.json, hparams)")
        self.wrap(RunRecorder, "_event", "record: events (TensorBoard epoch values)")
        self.wrap(RunRecorder, "close", "record: close the run (run.json, model file)")
        self.wrap(RunRecorder, "_save_models", "record: of which the model file (.keras)")
        self.wrap(search_trial, "_mark", "record: score into run.json")
        self.wrap(search_trial, "_free", "free (clear_session + gc)")

    def restore(self) -> None:
        while self._undo:
            owner, name, original = self._undo.pop()
            setattr(owner, name, original)


class Ours:
    """nnbuilder's search, continued block after block in one runs folder (as a resumed search is)."""

    def __init__(self, project, folder: str) -> None:
        self.project = project
        self.folder = folder
        self.done = 0
        self.rows: list = []

    def run(self, trials: int, on_trial=None) -> None:
        import nnbuilder

        result = nnbuilder.search(self.project, trials=self.done + trials, out=self.folder, on_trial=on_trial)
        self.rows = result.trials
        self.done += trials

    def drawn(self) -> list[tuple[tuple, float]]:
        keys = ("model/hidden.units", "training.optimizer.learning_rate")
        return [(tuple(row.values[k] for k in keys), row.score) for row in self.rows]


class Plain:
    """The hand-written loop: an in-memory study, seeded as a resumed search is (seed + trials done)."""

    def __init__(self, epochs: int, batch_size: int, samples: int | None, clock: Clock | None = None) -> None:
        self.epochs = epochs
        self.batch_size = batch_size
        self.samples = samples
        self.clock = clock
        self.done = 0
        self.results: list[tuple[tuple, float]] = []

    def _time(self, label: str, start: float) -> None:
        if self.clock is not None:
            self.clock.add(label, time.perf_counter() - start)

    def run(self, trials: int, on_trial=None) -> None:
        import keras
        import numpy as np
        import optuna

        from nnbuilder.verbatim.loaders_builtin import load_digits  # the loader an exported script uses

        data = load_digits(flatten=True, samples=self.samples)
        order = np.random.default_rng(SEED).permutation(len(data["x_train"]))  # rows in a seeded order
        x, y = data["x_train"][order], data["y_train"][order]

        def objective(trial) -> float:
            begun = time.perf_counter()
            units = trial.suggest_categorical("units", UNITS)
            rate = trial.suggest_float("learning_rate", RATE_LOW, RATE_HIGH, log=True)
            start = time.perf_counter()
            keras.utils.set_random_seed(SEED)
            model = keras.Sequential(
                [
                    keras.Input((64,)),
                    keras.layers.Dense(units, activation="relu"),
                    keras.layers.Dense(10, activation="softmax"),
                ]
            )
            model.compile(
                optimizer=keras.optimizers.Adam(learning_rate=rate),
                loss=keras.losses.SparseCategoricalCrossentropy(),
                metrics=["accuracy"],
            )
            self._time("build + compile", start)
            history = model.fit(
                x, y, batch_size=self.batch_size, epochs=self.epochs, validation_split=VALIDATION_SPLIT, verbose=0
            )
            score = float(history.history["val_loss"][-1])
            self.results.append(((units, rate), score))
            del model
            start = time.perf_counter()
            keras.backend.clear_session()
            self._time("free (clear_session + gc)", start)
            self._time("objective", begun)
            return score

        sampler = optuna.samplers.RandomSampler(seed=SEED + self.done)
        study = optuna.create_study(direction="minimize", sampler=sampler)
        callbacks = [] if on_trial is None else [lambda study, frozen: on_trial(frozen)]
        study.optimize(objective, n_trials=trials, callbacks=callbacks)
        self.done += trials


def throughput(args) -> dict:
    import keras
    import optuna

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    print(
        f"backend {keras.backend.backend()}, {args.trials} trials a side in {args.blocks} blocks, "
        f"{args.epochs} epochs of batches of {args.batch_size}, digits "
        f"{'all rows' if args.samples is None else f'{args.samples} rows'}, random sampler seeded {SEED}"
    )
    project = search_project(args.epochs, args.batch_size, args.samples)
    per_block = max(1, args.trials // args.blocks)
    clock = Clock()
    seconds = {"ours": [], "plain": []}
    with tempfile.TemporaryDirectory(prefix="nnbuilder-search-overhead-") as folder:
        # Warm-up: the first fit in a process pays for tracing and thread pools; neither side is timed for it.
        Ours(project, str(Path(folder) / "warm-up")).run(1)
        Plain(args.epochs, args.batch_size, args.samples).run(1)
        ours = Ours(project, str(Path(folder) / "runs"))
        plain = Plain(args.epochs, args.batch_size, args.samples, clock)
        clock.install()
        try:
            for block in range(args.blocks):
                order = [("ours", ours), ("plain", plain)]
                for side, runner in order if block % 2 == 0 else order[::-1]:
                    clock.side = side
                    start = time.perf_counter()
                    runner.run(per_block)
                    seconds[side].append(time.perf_counter() - start)
                    print(f"  block {block + 1}, {side:<5}: {per_block} trials in {seconds[side][-1]:.1f} s")
        finally:
            clock.restore()
        runs = sum(1 for p in (Path(folder) / "runs").iterdir() if p.is_dir())
        record_bytes = sum(f.stat().st_size for f in (Path(folder) / "runs").rglob("*") if f.is_file())
        mine = ours.drawn()[: plain.done]
        profile = profile_block(ours, per_block) if args.profile else ""
    trials = per_block * args.blocks
    rates = {side: trials * 3600 / sum(times) for side, times in seconds.items()}
    ratio = rates["ours"] / rates["plain"]
    paired = [p / o for o, p in zip(seconds["ours"], seconds["plain"])]
    print(f"\ntrials per hour, {trials} trials a side:")
    print(f"  nnbuilder.search  {rates['ours']:8.0f}  ({sum(seconds['ours']) / trials:.2f} s a trial)")
    print(f"  plain Optuna loop {rates['plain']:8.0f}  ({sum(seconds['plain']) / trials:.2f} s a trial)")
    verdict = "meets" if ratio >= GOAL else "misses"
    print(f"  ratio nnbuilder / plain: {ratio:.3f} (goal: at least {GOAL}; {verdict} it)")
    print(f"  per block (plain seconds / nnbuilder seconds): {', '.join(f'{r:.3f}' for r in paired)}")
    same = [a[0][0] == b[0][0] and abs(a[0][1] - b[0][1]) <= 1e-12 * b[0][1] for a, b in zip(mine, plain.results)]
    print(f"  same values drawn on both sides: {sum(same)} of {len(same)} trials")
    gaps = [abs(a[1] - b[1]) for a, b in zip(mine, plain.results) if a[1] is not None]
    if gaps:
        print(f"  largest val_loss difference between the sides for the same values: {max(gaps):.2e}")
    kib = record_bytes / 1024
    print(f"  nnbuilder recorded {runs} runs (the timed ones), {kib:.0f} KiB in all ({kib / runs:.0f} KiB a run)")
    print("\nwhere the time goes (seconds a trial; Optuna and the rest = the side's time outside its objective):")
    print(f"  {'':<46} {'nnbuilder':>9} {'plain':>9}")
    labels = sorted({label for _, label in clock.seconds}, key=_label_order)
    for label in labels:
        row = [clock.seconds.get((side, label)) for side in ("ours", "plain")]
        cells = ["" if v is None else f"{v / trials:.3f}" for v in row]
        print(f"  {label:<46} {cells[0]:>9} {cells[1]:>9}")
    rest = [sum(seconds[s]) - clock.seconds.get((s, "objective"), 0.0) for s in ("ours", "plain")]
    print(f"  {'Optuna and the rest (outside the objective)':<46} {rest[0] / trials:>9.3f} {rest[1] / trials:>9.3f}")
    record = sum(v for (s, label), v in clock.seconds.items() if s == "ours" and label.startswith("record: ")) - (
        clock.seconds.get(("ours", "record: of which the model file (.keras)"), 0.0)
    )
    print(
        f"  recording one trial's run takes {record / trials:.3f} s, "
        f"{record / sum(seconds['ours']):.1%} of nnbuilder's search time"
    )
    print(profile, end="")
    return {"trials_per_hour": rates, "ratio": ratio, "paired": paired}


def _label_order(label: str) -> tuple[int, str]:
    first = ("objective", "fit", "build + compile")
    return (first.index(label), "") if label in first else (len(first), label)


def profile_block(ours: Ours, trials: int) -> str:
    """cProfile's top entries (cumulative time) of `trials` more of nnbuilder's trials, as text to print."""
    profiler = cProfile.Profile()
    profiler.enable()
    ours.run(trials)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
    stats.print_stats(30)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    return f"\ncProfile of {trials} more nnbuilder trials, top entries by cumulative time:\n" + "\n".join(lines) + "\n"


def memory_side(side: str, trials: int) -> list[float]:
    """RSS after each of `trials` tiny trials of one side (this process does nothing else)."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    sizes: list[float] = []
    after = lambda _row: sizes.append(rss_mib())  # noqa: E731
    if side == "ours":
        with tempfile.TemporaryDirectory(prefix="nnbuilder-search-memory-") as folder:
            Ours(search_project(1, 64, 300), folder).run(trials, on_trial=after)
    else:
        Plain(1, 64, 300).run(trials, on_trial=after)
    return sizes


def memory(trials: int) -> dict:
    print(f"\nmemory: RSS of a fresh process per side after 5 and after {trials} trials (1 epoch, 300 rows)")
    figures = {}
    for side, name in (("ours", "nnbuilder.search"), ("plain", "plain Optuna loop")):
        command = [sys.executable, __file__, "--memory-side", side, "--memory-trials", str(trials)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        sizes = json.loads(done.stdout.strip().splitlines()[-1])
        first, last = sizes[min(4, len(sizes) - 1)], sizes[-1]
        growth = (last - first) / max(len(sizes) - 5, 1)
        figures[side] = {"after_5": first, "after_last": last, "per_trial": growth}
        print(
            f"  {name:<18} after 5: {first:7.1f} MiB, after {len(sizes)}: {last:7.1f} MiB, "
            f"growth {growth:+.2f} MiB a trial"
        )
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=None, help="trials a side (default 12; 4 with --quick)")
    parser.add_argument("--blocks", type=int, default=2, help="blocks a side, taking turns (default 2)")
    parser.add_argument("--epochs", type=int, default=None, help="epochs a trial (default 5; 2 with --quick)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--samples", type=int, default=None, help="training rows of the digits (default: all)")
    parser.add_argument("--memory-trials", type=int, default=None, help="tiny trials a side (default 50; 20 quick)")
    parser.add_argument("--quick", action="store_true", help="4 trials, 2 epochs, 20 memory trials")
    parser.add_argument("--profile", action="store_true", help="cProfile one more block of nnbuilder's trials")
    parser.add_argument("--memory-side", choices=("ours", "plain"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.trials = args.trials or (4 if args.quick else 12)
    args.epochs = args.epochs or (2 if args.quick else 5)
    args.memory_trials = args.memory_trials or (20 if args.quick else 50)
    if args.memory_side:
        print(json.dumps(memory_side(args.memory_side, args.memory_trials)))
        return 0
    throughput(args)
    memory(args.memory_trials)
    return 0


if __name__ == "__main__":
    sys.exit(main())
