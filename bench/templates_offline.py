"""Every template trained for its configured epochs on the data a machine without internet gets.

The Keras datasets are made unavailable, so MNIST, IMDB and the image folder use their
offline stand-ins (the note of each says which); training runs on the CPU unless --gpu
is given. Prints one row per template: the dataset actually used, the epochs, the test
metrics (the last epoch's training losses for a GAN, which has no test score) and the
seconds the run took, data loading and building included. `--seed` fixes Keras' random
seed so that runs repeat. Asserts nothing.

Run: `python bench/templates_offline.py [TEMPLATE ...] [--seed N] [--gpu]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnbuilder.template_library import load_template, template_gallery  # noqa: E402


def go_offline() -> None:
    """Make every keras.datasets set unavailable, as on a machine with no network and an empty cache."""
    from nnbuilder.verbatim import loaders_keras as _loaders_keras

    _loaders_keras.data_keras_fetch = lambda name, **kwargs: None


def run_template(name: str, seed: int | None) -> dict:
    """Train one template as configured and score it on its test split."""
    from nnbuilder.training import Trainer

    project = load_template(name)
    if seed is not None:
        project.training["seed"] = seed
    with tempfile.TemporaryDirectory(prefix="nnbuilder-bench-runs-") as runs:  # recorded as usual, then dropped
        start = time.perf_counter()
        trainer = Trainer(project, runs=runs)
        trainer.run()
        seconds = time.perf_counter() - start
        if trainer.recipe == "gan":
            metrics = {f"last {key}": values[-1] for key, values in sorted(trainer.history.items())}
        else:  # the test scores go into the run's record too
            metrics = {f"test {key}": value for key, value in trainer.evaluate(gallery_size=0)["metrics"].items()}
    data = trainer.dataset
    used = data.name if not data.stand_in else f"{data.name} -> {data.stand_in}"
    return {
        "template": name,
        "data": f"{used} ({len(data.x_train)} train, {len(data.x_test)} test)",
        "epochs": trainer.epoch,
        "metrics": ", ".join(f"{key} {value:.4f}" for key, value in metrics.items()),
        "seconds": seconds,
        "note": data.note,
    }


def table(rows: list[dict]) -> str:
    """The rows as a Markdown table, then each stand-in's note."""
    heads = ["template", "data used", "epochs", "metrics", "seconds"]
    cells = [[r["template"], r["data"], str(r["epochs"]), r["metrics"], f"{r['seconds']:.1f}"] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(heads, widths)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    notes = sorted({r["note"] for r in rows if r["note"]})
    return "\n".join(lines + [""] + [f"note: {n}" for n in notes])


def main(argv=None) -> int:
    names = [entry["name"] for entry in template_gallery()]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("templates", nargs="*", metavar="TEMPLATE", help=f"some of: {', '.join(names)} (all)")
    parser.add_argument("--seed", type=int, default=0, help="Keras random seed (default 0)")
    parser.add_argument("--gpu", action="store_true", help="let Keras use a GPU when there is one")
    args = parser.parse_args(argv)
    unknown = [n for n in args.templates if n not in names]
    if unknown:
        parser.error(f"unknown template {', '.join(unknown)}; expected some of: {', '.join(names)}")
    if not args.gpu:
        os.environ["CUDA_VISIBLE_DEVICES"] = "-1"
    go_offline()
    rows = []
    for name in args.templates or names:
        rows.append(run_template(name, args.seed))
        print(f"{name}: {rows[-1]['metrics']} in {rows[-1]['seconds']:.1f} s", file=sys.stderr, flush=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
