"""The Optuna study behind a search: kept in SQLite in the runs folder, named so that the same search run again
continues it, with the section's sampler and pruner, and how a trial draws its values from the ranges."""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from nnbuilder.document.project import Project
from nnbuilder.document.search_section import grid_values, range_type, set_path, target_key
from nnbuilder.document.training_settings import normalize_training
from nnbuilder.errors import ProjectError
from nnbuilder.training.runs import name_slug

STUDY_FILE = "search.db"


def default_study_name(project: Project, section: dict[str, Any]) -> str:
    """The project's name and a short hash of what the search tries (not how many trials) and of what it trains,
    so running the same search again continues it, while a changed search, network, dataset or training starts a
    study of its own. The searched settings' own values (which "apply best" writes) and where the nodes sit on
    the canvas are left out of the hash."""
    same = {k: v for k, v in section.items() if k != "trials"}
    what = {"search": same, "trains": _what_is_trained(project, section)}
    digest = hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()[:10]
    return f"{name_slug(project.name, 'search')}-{digest}"


def _what_is_trained(project: Project, section: dict[str, Any]) -> dict[str, Any]:
    document = project.to_dict()
    training = document.get("training") or {}
    with contextlib.suppress(ProjectError):
        training = normalize_training(training)  # written out in full or not: the same training
    models = document.get("models", {})
    for graph in models.values():
        for node in graph.get("nodes", []):
            node.pop("pos", None)
    for entry in section.get("ranges", []):
        target = entry["target"]
        if "training" in target:
            set_path(training, target["training"], None)
            continue
        for node in models.get(target["model"], {}).get("nodes", []):
            if node.get("id") == target["node"]:
                set_path(node.setdefault("config", {}), target["param"], None)
    return {"models": models, "data": document.get("data"), "training": training}


def open_study(storage_file: Path, name: str, section: dict[str, Any]) -> tuple[Any, int]:
    """The study `name` stored in `storage_file` (made the first time) and how many of its trials are finished."""
    import optuna

    storage = _storage(storage_file)
    done = _finished(name, storage)
    optuna.logging.set_verbosity(optuna.logging.ERROR)  # a failed trial is said in its row, not as a traceback
    study = optuna.create_study(
        study_name=name,
        storage=storage,
        direction=section["direction"],
        load_if_exists=True,
        sampler=sampler_for(section, done),
        pruner=_pruner(section),
    )
    return study, done


def _storage(storage_file: Path) -> Any:
    """Optuna's SQLite storage in write-ahead-log mode, syncing to disk at checkpoints rather than at every
    commit (a trial commits each epoch's score): a kernel that dies loses nothing committed, only a power cut
    can lose the last commits. The file stays one SQLite database any Optuna opens."""
    import optuna
    from sqlalchemy import event

    def on_connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    url = f"sqlite:///{storage_file.absolute()}"
    storage = optuna.storages.RDBStorage(url)
    event.listen(storage.engine, "connect", on_connect)
    storage.engine.dispose()  # the connections made while the tables were set up, without the pragmas
    return storage


def _finished(name: str, storage: Any) -> int:
    import optuna

    try:
        study = optuna.load_study(study_name=name, storage=storage)
    except KeyError:
        return 0
    done = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED, optuna.trial.TrialState.FAIL)
    return len(study.get_trials(deepcopy=False, states=done))


def sampler_for(section: dict[str, Any], done: int) -> Any:
    """The section's sampler. A seeded random or Bayesian one is seeded with the seed plus the trials already
    done, so a resumed search goes on instead of trying the first trials' values again; a grid keeps its seed,
    which orders the grid: the same order again, and Optuna skips the points already tried."""
    import optuna

    seed = section["seed"]
    if section["sampler"] == "grid":
        space = {target_key(e["target"]): grid_values(e) for e in section["ranges"]}
        return optuna.samplers.GridSampler(space, seed=seed)
    seed = None if seed is None else seed + done
    if section["sampler"] == "bayes":
        return optuna.samplers.TPESampler(seed=seed)
    return optuna.samplers.RandomSampler(seed=seed)


def _pruner(section: dict[str, Any]) -> Any:
    """Median pruning: after each epoch from the first, a trial whose value is worse than the median of the
    finished trials' values at that epoch ends (once two trials have finished)."""
    import optuna

    if section["pruning"] == "median":
        return optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=0)
    return optuna.pruners.NopPruner()


def suggest(trial: Any, entry: dict[str, Any], grid: bool) -> Any:
    """The value `trial` tries for the range `entry` (from the range's list with a grid search)."""
    key = target_key(entry["target"])
    if grid:
        return trial.suggest_categorical(key, grid_values(entry))
    if "values" in entry:
        return trial.suggest_categorical(key, entry["values"])
    low, high, log, step = entry["low"], entry["high"], bool(entry.get("log", False)), entry.get("step")
    if range_type(entry) == "int":
        return trial.suggest_int(key, int(low), int(high), step=int(step or 1), log=log)
    return trial.suggest_float(key, float(low), float(high), step=step, log=log)
