"""The run record of one search trial: an ordinary run (see `run_record.py`) whose run.json also says which
study and trial it belongs to and the values it tried (`search`); `runs.run_settings` lists those values as
`search.<setting>`, so the TensorBoard hparams and `compare` show them beside the training settings."""

from __future__ import annotations

from typing import Any

from nnbuilder.training.run_record import RunRecorder
from nnbuilder.training.runs import Folder


class TrialRecorder(RunRecorder):
    """A RunRecorder whose record carries the trial's `search` entry from the start."""

    def __init__(self, trainer: Any, folder: Folder, project_file: Folder | None, info: dict[str, Any]) -> None:
        super().__init__(trainer, folder, project_file)
        self.info = dict(info)

    def _fill(self, record: dict[str, Any]) -> None:
        super()._fill(record)
        record["search"] = {**self.info, **(record.get("search") or {})}
