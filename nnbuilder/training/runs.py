"""The run history: every training run recorded in a runs folder, read back, renamed, starred, compared.

A runs folder holds one folder per run, named by its id (start time and a short name:
`20261206-204512-mnist-cnn`), with `run.json` (see `docs/runs.md`), the trained model file(s) and
TensorBoard logs, so `tensorboard --logdir <runs folder>` shows every run. Plain files only: this module
reads and edits them without Keras, NumPy or TensorBoard. `run_record.py` writes them.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nnbuilder.document.files import locked, write_atomic
from nnbuilder.document.search_section import lower_is_better
from nnbuilder.errors import NNBuilderError, bilingual_error
from nnbuilder.locale.run_words import run_word

RUN_FILE = "run.json"
RUN_FORMAT = "nnbuilder-run"
RUN_VERSION = 1
RUNS_VAR = "NNBUILDER_RUNS"  # the runs folder for runs of a project whose file is not known
NO_FILE_FOLDER = "nnbuilder-runs"
STATUSES = ("finished", "stopped", "failed")
Folder = str | os.PathLike[str]


def run_error(key: str, **values: object) -> NNBuilderError:
    """The error `key` of the run words, in English with its Chinese beside it."""
    return bilingual_error(run_word("en", key, **values), run_word("zh", key, **values))


def name_slug(name: str, empty: str) -> str:
    """A name as it goes into a run id or a study name: lowercase words and digits joined by "-", at most 32
    characters (`empty` when nothing is left)."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))[:32].strip("-") or empty


def default_runs_folder(
    project_file: Folder | None = None, project_folder: Folder | None = None, environ: dict[str, str] | None = None
) -> Path:
    """Where runs go when the caller names no folder: `<stem>.runs` beside the project file; for a project
    whose file is not known, `NNBUILDER_RUNS` when set, else `nnbuilder-runs` in the project's folder, else in
    the current folder."""
    if project_file is not None:
        file = Path(project_file)
        return file.absolute().parent / f"{file.name.split('.')[0] or 'project'}.runs"
    value = (dict(os.environ) if environ is None else environ).get(RUNS_VAR)
    if value:
        return Path(value)
    if project_folder is not None:
        return Path(project_folder) / NO_FILE_FOLDER
    return Path.cwd() / NO_FILE_FOLDER


@dataclass(frozen=True)
class Run:
    """One recorded run: its folder and what its run.json says."""

    folder: Path
    record: dict[str, Any]

    @property
    def id(self) -> str:
        return self.folder.name

    @property
    def name(self) -> str:
        return str(self.record.get("name") or "")

    @property
    def starred(self) -> bool:
        return bool(self.record.get("starred"))

    @property
    def status(self) -> str:
        return str(self.record.get("status", ""))

    @property
    def epochs(self) -> int:
        return int(self.record.get("epochs", 0))

    @property
    def duration(self) -> float:
        return float(self.record.get("duration", 0.0))

    @property
    def history(self) -> dict[str, list[float | None]]:
        return dict(self.record.get("history") or {})

    @property
    def test_metrics(self) -> dict[str, float]:
        return dict((self.record.get("test") or {}).get("metrics") or {})

    @property
    def model_path(self) -> Path | None:
        """The main model's file in the run's folder (None when no model was written)."""
        name = self.record.get("model_file")
        return self.folder / name if name else None

    def best_val(self) -> tuple[str, float] | None:
        """The best value of the run's main validation metric: the first `val_` one that is not the loss
        (the highest), else `val_loss` (the lowest); None without validation."""
        return best_validation(self.history)

    def settings(self) -> dict[str, Any]:
        """The run's settings as one flat table: `training.optimizer.learning_rate`, `data.dataset`, …"""
        return run_settings(self.record)

    def results(self) -> dict[str, Any]:
        """What the run gave, flat: status, epochs, duration, the best validation value, test metrics."""
        out: dict[str, Any] = {"result.status": self.status, "result.epochs": self.epochs}
        out["result.duration"] = round(self.duration, 1)
        best = self.best_val()
        if best is not None:
            out[f"result.best_{best[0]}"] = best[1]
        for key, value in sorted(self.test_metrics.items()):
            out[f"result.test_{key}"] = value
        return out


def best_validation(history: dict[str, list[float | None]]) -> tuple[str, float] | None:
    names = [n for n in history if n.startswith("val_")]
    chosen = next((n for n in names if not lower_is_better(n)), None) or next(iter(names), None)
    if chosen is None:
        return None
    values = [v for v in history[chosen] if v is not None and math.isfinite(v)]
    if not values:
        return None
    return chosen, (min(values) if lower_is_better(chosen) else max(values))


# ---------------------------------------------------------------- reading


def _folder(folder: Folder) -> Path:
    path = Path(folder)
    if not path.exists():
        raise run_error("no_folder", folder=path)
    if not path.is_dir():
        raise run_error("not_folder", folder=path)
    return path


def _run_folder(folder: Folder, run_id: str) -> Path:
    if not isinstance(run_id, str) or not run_id or run_id.startswith(".") or re.search(r"[/\\]", run_id):
        raise run_error("bad_id", run=run_id)
    place = _folder(folder) / run_id
    if not (place / RUN_FILE).is_file():
        raise run_error("no_run", run=run_id, folder=Path(folder))
    return place


def _read(place: Path) -> dict[str, Any]:
    try:
        record = json.loads((place / RUN_FILE).read_text(encoding="utf-8"))
    except OSError as exc:
        raise run_error("bad_record", run=place.name, folder=place.parent, reason=exc.strerror or exc) from None
    except ValueError as exc:  # not JSON, or not UTF-8
        raise run_error("bad_record", run=place.name, folder=place.parent, reason=exc) from None
    if not isinstance(record, dict) or record.get("format") != RUN_FORMAT:
        reason = f"expected an object with format {RUN_FORMAT!r}"
        raise run_error("bad_record", run=place.name, folder=place.parent, reason=reason)
    if not isinstance(record.get("version"), int) or record["version"] > RUN_VERSION:
        reason = f"version {record.get('version')!r} is newer than this nnbuilder reads ({RUN_VERSION})"
        raise run_error("bad_record", run=place.name, folder=place.parent, reason=reason)
    return record


def list_runs(folder: Folder) -> list[Run]:
    """Every run recorded in `folder`, oldest first. Folders being written (hidden) are left out."""
    path = _folder(folder)
    places = sorted(p for p in path.iterdir() if not p.name.startswith(".") and (p / RUN_FILE).is_file())
    return [Run(place, _read(place)) for place in places]


def load_run(folder: Folder, run_id: str) -> Run:
    """The run `run_id` of `folder`; a clear error naming both when there is none."""
    place = _run_folder(folder, run_id)
    return Run(place, _read(place))


# ---------------------------------------------------------------- editing


def update_record(place: Path, change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """Read the run.json in `place`, let `change(record)` edit it, write it back whole (one writer at a time)."""
    with locked(place / RUN_FILE):
        record = _read(place)
        change(record)
        write_record(place, record)
    return record


def write_record(place: Path, record: dict[str, Any]) -> None:
    write_atomic(place / RUN_FILE, json.dumps(finite(record), indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def finite(value: Any) -> Any:
    """`value` with NaN and infinities as None, so run.json is strict JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def rename_run(folder: Folder, run_id: str, name: str) -> Run:
    """Give the run `run_id` a new name (its id and folder stay)."""
    place = _run_folder(folder, run_id)
    if not isinstance(name, str) or not name.strip() or "\n" in name or "\r" in name:
        raise run_error("bad_name", run=run_id, name=name)
    record = update_record(place, lambda r: r.update(name=name.strip()))
    return Run(place, record)


def star_run(folder: Folder, run_id: str, starred: bool = True) -> Run:
    """Star the run `run_id` (or, with `starred=False`, take its star away)."""
    place = _run_folder(folder, run_id)
    record = update_record(place, lambda r: r.update(starred=bool(starred)))
    return Run(place, record)


def delete_run(folder: Folder, run_id: str) -> None:
    """Delete the run `run_id` with its files: moved out of sight first, so it never lists half deleted."""
    place = _run_folder(folder, run_id)
    gone = place.parent / f".{place.name}.deleted"
    shutil.rmtree(gone, ignore_errors=True)
    os.replace(place, gone)
    shutil.rmtree(gone, ignore_errors=True)


# ---------------------------------------------------------------- comparing


def run_settings(record: dict[str, Any]) -> dict[str, Any]:
    """The settings of a run record as one flat table of plain values (lists and objects as JSON text)."""
    out: dict[str, Any] = {}
    out["recipe"] = record.get("recipe")
    data = record.get("data") or {}
    out["data.dataset"] = data.get("dataset")
    _flatten("data.options", (data.get("section") or {}).get("options") or {}, out)
    _flatten("training", record.get("training") or {}, out)
    out.pop("training.recipe", None)
    for name, model in sorted((record.get("models") or {}).items()):
        out[f"models.{name}.params"] = model.get("params")
        out[f"models.{name}.layers"] = model.get("layers")
    out["models.digest"] = record.get("models_digest")
    out["device"] = record.get("device")
    search = record.get("search") or {}  # a search trial's run: which trial, and the values it tried
    for key in ("trial", "fold"):
        if key in search:
            out[f"search.{key}"] = search[key]
    for key, value in sorted((search.get("values") or {}).items()):
        _flatten(f"search.{key}", value, out)
    return out


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict) and value:
        for key in sorted(value):
            _flatten(f"{prefix}.{key}", value[key], out)
    elif isinstance(value, (dict, list, tuple)):
        out[prefix] = json.dumps(value, sort_keys=True)
    else:
        out[prefix] = value


@dataclass(frozen=True)
class Comparison:
    """Runs side by side: one row per setting or result, `differs` where the runs do not agree."""

    run_ids: list[str]
    rows: list[tuple[str, list[Any], bool]]

    @property
    def differing(self) -> list[str]:
        """The keys whose values are not the same in every run."""
        return [key for key, _, differs in self.rows if differs]

    def row(self, key: str) -> tuple[list[Any], bool]:
        for name, values, differs in self.rows:
            if name == key:
                return values, differs
        raise KeyError(key)


def compare(runs: Iterable[Run]) -> Comparison:
    """The settings and results of `runs` as one table; `differs` marks the keys that are not all equal."""
    chosen = list(runs)
    if not chosen:
        raise run_error("compare_none")
    tables = [{**run.settings(), **run.results()} for run in chosen]
    keys = sorted({k for table in tables for k in table if not k.startswith("result.")})
    keys += sorted({k for table in tables for k in table if k.startswith("result.")})
    rows = []
    for key in keys:
        values = [table.get(key) for table in tables]
        rows.append((key, values, any(v != values[0] for v in values[1:])))
    return Comparison([run.id for run in chosen], rows)


def to_csv(comparison: Comparison | Iterable[Run], path: Folder | None = None) -> str:
    """The comparison as CSV (key, differs, one column per run); written atomically to `path` when given."""
    table = comparison if isinstance(comparison, Comparison) else compare(comparison)
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["key", "differs", *table.run_ids])
    for key, values, differs in table.rows:
        writer.writerow([key, "yes" if differs else "", *["" if v is None else v for v in values]])
    if path is not None:
        write_atomic(path, text.getvalue())
    return text.getvalue()


__all__ = [
    "Comparison",
    "Run",
    "compare",
    "default_runs_folder",
    "delete_run",
    "list_runs",
    "load_run",
    "rename_run",
    "star_run",
    "to_csv",
]
