"""The data the Inside tab's views show: the trainer's once it has loaded it, else loaded the way the trainer
loads it (`nnbuilder.data.project_dataset`), kept for the next refresh so a moved node or another click loads
nothing again."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

KEPT_DATASETS = 2  # loaded datasets kept for the views, the latest ones
_datasets: dict[Any, Any] = {}


def dataset_for(context: Any, before_loading: Callable[[], None] | None = None) -> Any:
    """The project's data for the views of `context` (an InsideContext, or anything with `.trainer` and
    `.project`); `before_loading` is called when it has to be loaded (a view says so meanwhile)."""
    trainer = context.trainer
    if trainer is not None and getattr(trainer, "dataset", None) is not None:
        return trainer.dataset
    given = getattr(trainer, "given_data", None) if trainer is not None else None
    project = context.project
    key = ("given", id(given)) if given is not None else (
        json.dumps(project.data, sort_keys=True, default=str), str(getattr(project, "folder", None)))  # fmt: skip
    if key not in _datasets:
        from nnbuilder.data import project_dataset  # deferred: the data layer loads NumPy and the sets

        if before_loading is not None:
            before_loading()
        loaded = project_dataset(project, given)
        while len(_datasets) >= KEPT_DATASETS:
            _datasets.pop(next(iter(_datasets)))
        _datasets[key] = loaded
    return _datasets[key]
