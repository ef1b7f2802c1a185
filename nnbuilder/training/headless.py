"""`nnbuilder.train(project, …)`: a whole run without widgets, writing the model and its history."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from pathlib import Path

from nnbuilder._files import write_atomic
from nnbuilder._interrupts import catching_interrupts
from nnbuilder._terminal import printable
from nnbuilder.bridge.model_files import MODEL_FORMATS, SUFFIXES
from nnbuilder.data._paths import project_rule
from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.project import Project
from nnbuilder.training._out_folder import OutputFolder


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
    `formats` the backend allows) with `history.json` and `history.csv`, all written before the folder
    appears (or, when it already holds files, each by rename). Ctrl+C ends the run keeping the finished
    epochs; a Ctrl+C while the outputs are written waits until they are complete.
    """
    with catching_interrupts() as interrupts:
        return _train(project, data, epochs, out, formats, devices, progress, stream, interrupts)


def _train(project, data, epochs, out, formats, devices, progress, stream, interrupts) -> dict:
    from nnbuilder.training.progress_bar import TerminalProgress
    from nnbuilder.training.trainer import Trainer

    if not isinstance(project, Project):
        project = Project.load(project)
    unknown = [f for f in formats if f not in MODEL_FORMATS]
    if unknown:
        raise NNBuilderError(f"formats: unknown {', '.join(unknown)}; expected some of {', '.join(MODEL_FORMATS)}")
    if data is None and _names_paths(project.data):
        from nnbuilder.data import load_dataset

        data = load_dataset(project.data, paths=project_rule(project))
    interrupts.check()
    folder = None if out is None else OutputFolder(out)
    try:
        trainer = Trainer(project, data, epochs=epochs, devices=devices, checkpoint_dir=folder and folder.work)
        if progress:
            trainer.subscribe(TerminalProgress(stream, errors=False))  # run() raises them
        trainer.subscribe(_stopper(trainer, interrupts))
        try:
            interrupts.check()
            try:
                history = trainer.run()
            finally:
                interrupts.stopping_softly = False
            interrupts.check()  # a Ctrl+C during training, or one swallowed where it landed
        except KeyboardInterrupt:
            interrupts.acknowledge()
            trainer.stop()
            history = trainer.history
            print(f"interrupted: keeping the {trainer.epoch} finished epochs", file=stream or sys.stderr)
        finally:
            with interrupts.deferred():
                if folder is not None and trainer.models:  # what was trained is kept, even after a failure
                    for reason in write_outputs(trainer, folder.work, formats):
                        print(printable(reason), file=stream or sys.stderr)
                    folder.commit()
                    folder = None
    finally:
        if folder is not None:
            with interrupts.deferred():
                folder.discard()
    interrupts.check()  # a Ctrl+C while the outputs were written, now that they are complete
    return history


def _stopper(trainer, interrupts):
    """A listener (called at least once per batch) that ends training at a batch's end after Ctrl+C."""

    def listen(event):
        if event.get("kind") == "start":  # from here on the loop stops itself: no exception mid-batch
            interrupts.stopping_softly = True
        if interrupts.requested:
            trainer.stop()

    return listen


def _names_paths(section) -> bool:
    """Whether a project `data` section names a file or folder (read here, inside the project's folder)."""
    from nnbuilder.data.registry import OPTION_SPECS

    if not isinstance(section, dict) or not isinstance(section.get("options"), dict):
        return False
    specs = OPTION_SPECS.get(section.get("dataset")) if isinstance(section.get("dataset"), str) else None
    return any(spec.kind == "path" and section["options"].get(key) is not None for key, spec in (specs or {}).items())


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
