"""Records a Trainer's run in a runs folder: run.json, the trained model file(s) and TensorBoard logs.

The first part of a run is written in a hidden folder (`.<id>.tmp`) that is renamed to `<id>` when that
part ends, so a run lists complete or not at all; a run continued after Stop updates its folder in place,
run.json and each model file by rename. Recording never ends a training: a failure to record is one line
on stderr naming the run and the folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from nnbuilder.errors import first_line
from nnbuilder.locale.run_words import run_word
from nnbuilder.training.runs import (
    RUN_FORMAT,
    RUN_VERSION,
    Folder,
    default_runs_folder,
    finite,
    name_slug,
    run_settings,
    update_record,
    write_record,
)

GROUPS = (("val_", "validation"), ("test_", "test"), ("", "train"))
"""TensorBoard runs inside a run's logs: `val_loss` is `epoch_loss` of `validation`, as Keras' TensorBoard
callback names them, so the three curves of a value share one chart."""
LOGS = "logs"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class RunRecorder:
    """Follows one Trainer's events: `begin()` before each part of the run, `close()` after it."""

    def __init__(self, trainer: Any, folder: Folder, project_file: Folder | None = None) -> None:
        self.trainer = trainer
        self.runs = Path(folder)
        self.project_file = None if project_file is None else str(Path(project_file).absolute())
        self.id: str | None = None
        self.place: Path | None = None  # the run's folder once its first part has ended
        self._work: Path | None = None  # the hidden folder the first part is written in
        self.record: dict[str, Any] | None = None
        self._outcome: dict[str, Any] | None = None
        self._writers: dict[str, Any] = {}
        self._logs = Path(LOGS)
        self._started = 0.0
        self._unsubscribe: Callable[[], None] | None = None
        self._broken = False

    @property
    def folder(self) -> Path | None:
        """Where the run's files are now (None before it began)."""
        return self.place or self._work

    # -- the trainer calls these ---------------------------------------------------

    def begin(self) -> None:
        """Open the run (the first time) or continue it; then follow the trainer's events."""
        self._outcome = None
        self._started = time.perf_counter()
        self._guarded(self._begin)
        if not self._broken:
            self._unsubscribe = self.trainer.subscribe(self._event)

    def close(self) -> None:
        """Write what this part of the run gave: status, history, model files; then show the run."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._guarded(self._close)
        self._close_writers()

    def set_test(self, metrics: dict[str, Any], missing: str | None = None) -> None:
        """Record the test split's scores (or why there are none) in the run's run.json."""
        place = self.place
        if place is None or self._broken:
            return
        test = {"metrics": {k: float(v) for k, v in metrics.items()}, "missing": missing}
        self._guarded(lambda: update_record(place, lambda r: r.update(test=finite(test))))

    # -- internals -------------------------------------------------------------------

    def _guarded(self, action: Callable[[], object]) -> None:
        if self._broken:
            return
        try:
            action()
        except Exception as exc:
            self._broken = True
            self._close_writers()
            if self.place is None and self._work is not None:  # a first part that cannot be completed
                shutil.rmtree(self._work, ignore_errors=True)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else first_line(exc)
            if self.id is None:
                words = run_word("en", "not_opened", folder=self.runs, reason=reason)
            else:
                words = run_word("en", "not_recorded", run=self.id, folder=self.runs, reason=reason)
            print(f"nnbuilder: {words}", file=sys.stderr)

    def _begin(self) -> None:
        if self.record is None:
            self._open()
        target = self.folder
        assert target is not None
        self._open_writers(target / LOGS)

    def _open(self) -> None:
        trainer = self.trainer
        self.runs.mkdir(parents=True, exist_ok=True)
        base = f"{time.strftime('%Y%m%d-%H%M%S')}-{name_slug(trainer.project.name, 'run')}"
        for n in range(1, 1000):
            run_id = base if n == 1 else f"{base}-{n}"
            if (self.runs / run_id).exists():
                continue
            try:
                (self.runs / f".{run_id}.tmp").mkdir()  # taken by no other run being written
            except FileExistsError:
                continue
            self.id, self._work = run_id, self.runs / f".{run_id}.tmp"
            break
        else:
            raise FileExistsError(17, "no free run id", str(self.runs / base))
        self.record = {
            "format": RUN_FORMAT,
            "version": RUN_VERSION,
            "id": self.id,
            "name": trainer.project.name,
            "starred": False,
            "started": _now(),
            "duration": 0.0,
            "project_file": self.project_file,
            "test": {"metrics": {}, "missing": "not scored"},
        }
        self._fill(self.record)
        self._write_hparams(self._work / LOGS)

    def _fill(self, record: dict[str, Any]) -> None:
        """The parts of the record a trainer knows at any time: settings, data, models, history."""
        trainer = self.trainer
        import keras  # type: ignore[import-untyped]

        dataset = trainer.dataset
        models: dict[str, dict[str, Any]] = {
            name: {"params": int(m.count_params()), "layers": len(m.layers)} for name, m in trainer.models.items()
        }
        networks = trainer.project.to_dict()["models"]
        for graph in networks.values():
            for node in graph.get("nodes", []):
                node.pop("pos", None)
        digest = hashlib.sha256(json.dumps(networks, sort_keys=True, default=str).encode()).hexdigest()[:12]
        record.update(
            project=trainer.project.to_dict(),
            recipe=trainer.recipe,
            data={
                "section": trainer.project.data,
                "dataset": getattr(dataset, "name", None),
                "note": getattr(dataset, "note", None),
            },
            training=dict(trainer.training),
            device=trainer.device,
            backend=keras.backend.backend(),
            keras=keras.__version__,
            target_epochs=trainer.target_epochs,
            epochs=trainer.epoch,
            history={k: list(v) for k, v in trainer.history.items()},
            models_digest=digest,
        )
        for name, entry in models.items():
            previous = (record.get("models") or {}).get(name) or {}
            entry["file"] = previous.get("file")
        record["models"] = models

    def _event(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        if kind in ("end", "error"):
            self._outcome = event
        elif kind == "epoch" and not self._broken:
            self._guarded(lambda: self._write_epoch(event["epoch"] + 1, event.get("logs") or {}))

    def _status(self) -> tuple[str, str, str]:
        """(status, end reason, message) of the part of the run that just ended."""
        outcome = self._outcome
        if outcome is None:  # Ctrl+C in a headless run: the finished epochs are kept
            epochs = self.trainer.epoch
            return "stopped", "interrupted", f"interrupted after {epochs} epoch{'s' if epochs != 1 else ''}"
        if outcome["kind"] == "error":
            return "failed", "error", first_line(outcome.get("message", "training failed"))
        reason = outcome.get("reason", "finished")
        status = {"finished": "finished", "early_stopping": "finished", "stopped": "stopped"}.get(reason, "failed")
        return status, reason, str(outcome.get("message", reason))

    def _close(self) -> None:
        record = self.record
        if record is None:
            return
        status, reason, message = self._status()
        self._fill(record)
        record.update(status=status, end_reason=reason, message=message, ended=_now())
        record["duration"] = float(record.get("duration", 0.0)) + (time.perf_counter() - self._started)
        target = self.folder
        assert target is not None
        self._save_models(record, target)
        main = self.trainer.main_model
        record["model_file"] = (record["models"].get(main) or {}).get("file") if main else None
        self._close_writers()
        if self.place is None:  # the first part: the whole folder appears at once
            write_record(target, record)
            self.place = self.runs / str(self.id)
            os.replace(target, self.place)
            self._work = None
        else:  # a continued run: keep a name or star given meanwhile
            kept = record

            def change(on_disk: dict[str, Any]) -> None:
                on_disk.update({k: v for k, v in kept.items() if k not in ("name", "starred", "test")})

            self.record = update_record(self.place, change)

    def _save_models(self, record: dict[str, Any], target: Path) -> None:
        from nnbuilder.bridge import model_files  # deferred: Keras

        if self.trainer.epoch == 0:
            return  # nothing was learned: no model worth a file
        for name, model in self.trainer.models.items():
            entry = record["models"][name]
            file = f"{name}.keras"
            partial = target / f".{name}.partial.keras"
            try:
                model_files.save_model(model, partial, "keras")
                os.replace(partial, target / file)
                entry["file"], entry["error"] = file, None
            except Exception as exc:  # a model Keras cannot save: the record says why
                with contextlib.suppress(OSError):
                    partial.unlink()
                entry["error"] = first_line(exc)

    # -- TensorBoard ---------------------------------------------------------------

    def _open_writers(self, logs: Path) -> None:
        """Log this part of the run in `logs`: one writer per group, made when the group's first value comes."""
        self._close_writers()
        self._logs = logs

    def _writer(self, group: str) -> Any:
        from tensorboard.summary import Writer  # type: ignore[import-untyped]  # deferred: TensorBoard's writer

        if group not in self._writers:
            self._writers[group] = Writer(str(self._logs / group))
        return self._writers[group]

    def _write_epoch(self, epoch: int, logs: dict[str, Any]) -> None:
        for name, value in logs.items():
            prefix, group = next((p, g) for p, g in GROUPS if name.startswith(p))
            self._writer(group).add_scalar(f"epoch_{name[len(prefix) :]}", float(value), epoch)
        for writer in self._writers.values():
            writer.flush()

    def _close_writers(self) -> None:
        writers, self._writers = self._writers, {}
        for writer in writers.values():
            with contextlib.suppress(Exception):
                writer.close()

    def _write_hparams(self, logs: Path) -> None:
        """The run's settings (`run_settings`: the training settings, a search trial's values) as the hparams
        plugin's session summary, in the run's log folder."""
        from tensorboard.compat.proto import event_pb2  # type: ignore[import-untyped]
        from tensorboard.plugins.hparams import summary_v2 as hparams  # type: ignore[import-untyped]
        from tensorboard.summary.writer.event_file_writer import EventFileWriter  # type: ignore[import-untyped]

        assert self.record is not None
        values = {
            key: value
            for key, value in run_settings(self.record).items()
            if isinstance(value, (bool, int, float, str)) and not key.startswith("models.")
        }
        summary = hparams.hparams_pb(values, trial_id=self.id, start_time_secs=time.time())
        writer = EventFileWriter(str(logs))
        try:
            writer.add_event(event_pb2.Event(wall_time=time.time(), step=0, summary=summary))
        finally:
            writer.close()


def record_for(trainer: Any, runs: Folder | bool | None, project_file: Folder | None = None) -> RunRecorder | None:
    """The recorder for `trainer`'s run: `runs` is a folder, None for the default one, False for none."""
    if runs is False:
        return None
    folder = (
        runs
        if runs is not None and runs is not True
        else default_runs_folder(project_file, getattr(trainer.project, "folder", None))
    )
    return RunRecorder(trainer, folder, project_file)
