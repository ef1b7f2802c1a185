"""`nnbuilder.train(project, …)`: a whole run without widgets, writing the model and its history."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from pathlib import Path

from nnbuilder._files import write_atomic
from nnbuilder.bridge.model_files import MODEL_FORMATS, SUFFIXES
from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.project import Project


def train(
    project,
    data=None,
    *,
    epochs: int | None = None,
    out=None,
    formats=("keras",),
    devices=None,
    progress: bool = True,
    stream=None,
) -> dict:
    """Train `project` (a Project or a project file) in this thread and return its history.

    With `out`, the trained model(s) go there as `<model>.keras` (plus the other
    `formats` the backend allows) with `history.json` and `history.csv`.
    """
    from nnbuilder.training.progress_bar import TerminalProgress
    from nnbuilder.training.trainer import Trainer

    if not isinstance(project, Project):
        project = Project.load(project)
    unknown = [f for f in formats if f not in MODEL_FORMATS]
    if unknown:
        raise NNBuilderError(f"formats: unknown {', '.join(unknown)}; expected some of {', '.join(MODEL_FORMATS)}")
    out_dir = None if out is None else Path(out)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    trainer = Trainer(project, data, epochs=epochs, devices=devices, checkpoint_dir=out_dir)
    if progress:
        trainer.subscribe(TerminalProgress(stream, errors=False))  # run() raises them
    try:
        history = trainer.run()
    except KeyboardInterrupt:
        trainer.stop()
        history = trainer.history
        print(f"interrupted: keeping the {trainer.epoch} finished epochs", file=stream or sys.stderr)
    finally:
        if out_dir is not None and trainer.models:  # what was trained is kept, even after a failure
            for reason in write_outputs(trainer, out_dir, formats):
                print(reason, file=stream or sys.stderr)
    return history


def write_outputs(trainer, out_dir: Path, formats=("keras",)) -> list[str]:
    """Write each trained model and the history; returns one line per format that could not be written."""
    from nnbuilder.bridge.model_files import save_model

    skipped = []
    for name, model in trainer.models.items():
        for fmt in ("keras", *[f for f in formats if f != "keras"]):
            try:
                save_model(model, out_dir / f"{name}{SUFFIXES[fmt]}", fmt)
            except NNBuilderError as exc:
                skipped.append(f"{name}{SUFFIXES[fmt]} not written: {first_line(exc)}")
    write_history(trainer.history, out_dir)
    return skipped


def write_history(history: dict, out_dir: Path) -> None:
    out_dir = Path(out_dir)
    finite = {k: [v if math.isfinite(v) else None for v in values] for k, values in history.items()}
    write_atomic(out_dir / "history.json", json.dumps(finite, indent=1, sort_keys=True) + "\n")
    names = sorted(history)
    rows = max((len(v) for v in history.values()), default=0)
    table = io.StringIO(newline="")
    writer = csv.writer(table)
    writer.writerow(["epoch", *names])
    for i in range(rows):
        writer.writerow([i + 1, *[(history[n][i] if i < len(history[n]) else "") for n in names]])
    write_atomic(out_dir / "history.csv", table.getvalue())
