"""The run record of one search trial: an ordinary run (see `run_record.py`) whose run.json also says which
study and trial it belongs to and the values it tried (`search`), and whose TensorBoard hparams list those
values as `search.<setting>` beside the training settings."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from nnbuilder.training.run_record import RunRecorder
from nnbuilder.training.runs import Folder, run_settings


class TrialRecorder(RunRecorder):
    """A RunRecorder whose record carries the trial's `search` entry from the start."""

    def __init__(self, trainer: Any, folder: Folder, project_file: Folder | None, info: dict[str, Any]) -> None:
        super().__init__(trainer, folder, project_file)
        self.info = dict(info)

    def _fill(self, record: dict[str, Any]) -> None:
        super()._fill(record)
        record["search"] = {**self.info, **(record.get("search") or {})}

    def _write_hparams(self, logs: Path) -> None:
        """The training settings and the trial's values as the hparams plugin's session summary."""
        from tensorboard.compat.proto import event_pb2  # type: ignore[import-untyped]
        from tensorboard.plugins.hparams import summary_v2 as hparams  # type: ignore[import-untyped]
        from tensorboard.summary.writer.event_file_writer import EventFileWriter  # type: ignore[import-untyped]

        assert self.record is not None
        values = {
            key: value
            for key, value in run_settings(self.record).items()
            if isinstance(value, (bool, int, float, str)) and not key.startswith("models.")
        }
        values["search.trial"] = int(self.info.get("trial", 0))
        for key, value in (self.info.get("values") or {}).items():
            if isinstance(value, (bool, int, float, str)):
                values[f"search.{key}"] = value
        if "fold" in self.info:
            values["search.fold"] = int(self.info["fold"])
        summary = hparams.hparams_pb(values, trial_id=self.id, start_time_secs=time.time())
        writer = EventFileWriter(str(logs))
        try:
            writer.add_event(event_pb2.Event(wall_time=time.time(), step=0, summary=summary))
        finally:
            writer.close()
