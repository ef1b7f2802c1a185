"""`nnbuilder.train(project, …)`: a whole run without widgets, writing the model and its history."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from nnbuilder._runtime.interrupts import catching_interrupts, trace_phase
from nnbuilder._runtime.terminal import printable
from nnbuilder.bridge import model_files
from nnbuilder.bridge.model_files import MODEL_FORMATS, SUFFIXES
from nnbuilder.document.files import write_atomic
from nnbuilder.document.project import Project
from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.training._out_folder import OutputFolder
from nnbuilder.training.progress_bar import TerminalProgress
from nnbuilder.training.trainer import Trainer


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
    runs=None,
) -> dict:
    """Train `project` (a Project or a project file) in this thread and return its history.

    With `out`, the trained model(s) go there as `<model>.keras` (plus the other
    `formats` the backend allows) with `history.json` and `history.csv`, all written before the folder
    appears (or, when it already holds files, each by rename). Ctrl+C ends the run keeping the finished
    epochs; a Ctrl+C while the outputs are written waits until they are complete.

    The run is recorded in the runs folder `runs` (default: `<project stem>.runs` beside a project file, see
    `nnbuilder.runs`; False records nothing), with its scores on the test split.
    """
    with catching_interrupts() as interrupts:
        history, _, trainer = _train(project, data, epochs, out, formats, devices, progress, stream, interrupts, runs)
        interrupts.check()
        if trainer.run_record is not None and not interrupts.requested:
            try:
                score_test_split(trainer)  # the record holds them
            except Exception as exc:  # the training's result stands; the record says why there are no scores
                _unscored(trainer, _reason(exc))
        return history


def train_and_test(
    project,
    data=None,
    *,
    epochs=None,
    out=None,
    formats=("keras",),
    devices=None,
    progress=True,
    stream=None,
    runs=None,
    project_file=None,
) -> tuple[dict, list[str], SplitScores, Trainer]:
    """`train`, also returning one line per output file that could not be written (they were printed), the
    trained model's scores on the test split (the command line prints them) and the trainer, whose `run_record`
    says where the run was recorded (`project_file`: the file `project` came from, for the default runs folder)."""
    with catching_interrupts() as interrupts:
        history, not_written, trainer = _train(
            project, data, epochs, out, formats, devices, progress, stream, interrupts, runs, project_file
        )
        interrupts.check()
        if interrupts.requested:  # acted on: the user wants out, not a test pass
            return history, not_written, SplitScores({}, "interrupted"), trainer
        return history, not_written, score_test_split(trainer), trainer


@dataclass(frozen=True)
class SplitScores:
    """The loss and metrics on the test split, or, when there is nothing to score, why not."""

    metrics: dict[str, float]
    missing: str | None = None

    def line(self) -> str:
        """One English line: "test: loss 0.3412, accuracy 0.8790", or why there is none."""
        if self.missing:
            return f"test: not scored ({self.missing})"
        return "test: " + ", ".join(f"{name} {value:.4f}" for name, value in self.metrics.items())


def score_test_split(trainer: Trainer) -> SplitScores:
    """Score the trained model on the test split, as Evaluate does (targets encoded as in training)."""
    if trainer.recipe == "gan":
        return _unscored(trainer, "a GAN has no test loss: its losses pit two models against each other")
    if not trainer.models or trainer.epoch == 0:
        return _unscored(trainer, "no epoch finished")
    try:
        metrics = trainer.evaluate(gallery_size=0)["metrics"]  # the run's record gets them
    except NNBuilderError as exc:  # no test split, or no targets in it
        return _unscored(trainer, first_line(exc))
    return SplitScores(metrics)


def _unscored(trainer: Trainer, reason: str) -> SplitScores:
    if trainer.run_record is not None:
        trainer.run_record.set_test({}, reason)
    return SplitScores({}, reason)


def _train(
    project, data, epochs, out, formats, devices, progress, stream, interrupts, runs=None, project_file=None
) -> tuple[dict, list[str], Trainer]:
    if not isinstance(project, Project):
        project_file, project = project, Project.load(project)
    unknown = [f for f in formats if f not in MODEL_FORMATS]
    if unknown:
        raise NNBuilderError(f"formats: unknown {', '.join(unknown)}; expected some of {', '.join(MODEL_FORMATS)}")
    interrupts.check()
    folder = None if out is None else OutputFolder(out)
    not_written: list[str] = []
    try:
        work, target = (None, None) if folder is None else (folder.work, folder.target)
        trainer = Trainer(
            project,
            data,
            epochs=epochs,
            devices=devices,
            checkpoint_dir=work,
            kept_in=target,
            runs=runs,
            project_file=project_file,
        )
        if progress:
            trainer.subscribe(TerminalProgress(stream, errors=False))  # run() raises them
        trainer.subscribe(_stopper(trainer, interrupts))
        try:
            interrupts.check()
            trace_phase("training")
            try:
                history = trainer.run()  # loads the data (paths confined to the project's folder) first
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
                    written, folder = folder, None  # from here on nothing written is discarded
                    not_written = write_outputs(trainer, written.work, formats)
                    for reason in not_written:
                        print(printable(reason), file=stream or sys.stderr)
                    _commit(written)
    finally:
        if folder is not None:
            with interrupts.deferred():
                folder.discard()
    interrupts.check()  # a Ctrl+C while the outputs were written, now that they are complete
    return history, not_written, trainer


def _commit(folder: OutputFolder) -> None:
    try:
        folder.commit()
    except OSError as exc:
        raise NNBuilderError(
            f"{folder.target}: the outputs could not be moved there ({exc.strerror or exc}); "
            f"they are kept in {folder.work}"
        ) from None


def _stopper(trainer, interrupts):
    """A listener (called at least once per batch) that ends training at a batch's end after Ctrl+C."""

    def listen(event):
        if event.get("kind") == "start":  # from here on the loop stops itself: no exception mid-batch
            interrupts.stopping_softly = True
        if interrupts.requested:
            trainer.stop()

    return listen


def write_outputs(trainer, out_dir: Path, formats=("keras",)) -> list[str]:
    """Write each trained model and the history, each file on its own: one that fails (a format the backend
    cannot make, a full disk) leaves the others. Returns one line per file that was not written."""
    out_dir = Path(out_dir)
    skipped = []
    for name, model in trainer.models.items():
        for fmt in ("keras", *[f for f in formats if f != "keras"]):
            path = out_dir / f"{name}{SUFFIXES[fmt]}"
            try:
                model_files.save_model(model, path, fmt)
            except Exception as exc:  # an NNBuilderError, an OSError, or whatever Keras raises
                _remove(path)  # a half-written file is not an output
                skipped.append(f"{path.name} not written: {_reason(exc)}")
    try:
        write_history(trainer.history, out_dir)
    except Exception as exc:  # each history file is written whole or not at all
        skipped += [f"{n} not written: {_reason(exc)}" for n in HISTORY_FILES if not (out_dir / n).exists()]
    return skipped


HISTORY_FILES = ("history.json", "history.csv")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, NNBuilderError):
        return first_line(exc)
    if isinstance(exc, OSError):
        return exc.strerror or first_line(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {first_line(exc)}"


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


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
