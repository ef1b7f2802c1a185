"""`nnbuilder.search(project, …)`: the project's `search` section run headless with Optuna.

Each trial writes its values into a copy of the project (`search_section.with_values`), trains it with the
Trainer (one recorded run per fold, see `docs/runs.md`) and frees its models. The study lives in SQLite in the
runs folder (`search.db`), so a search stopped by Stop, Ctrl+C or a dead kernel continues where it was when
it is run again with the same section. See `docs/search.md`.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nnbuilder.checking.search_check import search_diagnostics
from nnbuilder.document.project import Project
from nnbuilder.document.search_section import (
    grid_values,
    normalize_search,
    read_search,
    target_key,
    with_values,
)
from nnbuilder.errors import NNBuilderError, ProjectError, first_line
from nnbuilder.locale.search_words import search_word
from nnbuilder.training.runs import default_runs_folder, update_record
from nnbuilder.training.search_folds import check_folds, fold_data, fold_parts, mean_and_spread
from nnbuilder.training.search_record import TrialRecorder
from nnbuilder.training.trainer import Trainer

STUDY_FILE = "search.db"
STATES = {"COMPLETE": "complete", "PRUNED": "pruned", "FAIL": "fail", "RUNNING": "running", "WAITING": "waiting"}


@dataclass(frozen=True)
class TrialRow:
    """One trial: its number, the values it tried, its score (the mean over folds) and spread, its state
    (complete, pruned, fail), its runs and how long it took."""

    number: int
    values: dict[str, Any]
    score: float | None
    spread: float | None
    state: str
    run_ids: tuple[str, ...]
    duration: float | None
    error: str | None = None

    @property
    def run_id(self) -> str | None:
        """The trial's run (its first fold's with cross-validation)."""
        return self.run_ids[0] if self.run_ids else None

    def line(self, metric: str, language: str = "en") -> str:
        """One line for the command line: values, score, state, seconds and run."""
        values = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        score = "-" if self.score is None else f"{self.score:.4f}"
        if self.spread is not None and self.score is not None and len(self.run_ids) > 1:
            score += f" ± {self.spread:.4f}"
        state = search_word(language, f"state_{self.state}")
        seconds = "-" if self.duration is None else f"{self.duration:.1f}"
        return search_word(
            language,
            "trial",
            number=self.number,
            values=values,
            metric=metric,
            score=score,
            state=state,
            seconds=seconds,
            run=self.run_id or "-",
        ) + (f": {self.error}" if self.error else "")


@dataclass
class SearchResult:
    """What a search found: every trial of the study (this call's and earlier ones'), and the best."""

    study_name: str
    storage: Path
    runs_folder: Path
    metric: str
    direction: str
    trials: list[TrialRow] = field(default_factory=list)
    search: dict[str, Any] = field(default_factory=dict)

    @property
    def best(self) -> TrialRow | None:
        done = [t for t in self.trials if t.state == "complete" and t.score is not None]
        if not done:
            return None
        return (min if self.direction == "minimize" else max)(done, key=lambda t: t.score)  # type: ignore[arg-type,return-value]

    @property
    def best_params(self) -> dict[str, Any]:
        best = self.best
        return dict(best.values) if best is not None else {}

    @property
    def best_value(self) -> float | None:
        best = self.best
        return best.score if best is not None else None

    def table(self) -> list[dict[str, Any]]:
        """The trials as rows of plain values (number, values, score, spread, state, run_id, duration)."""
        return [
            {
                "number": t.number,
                "values": dict(t.values),
                "score": t.score,
                "spread": t.spread,
                "state": t.state,
                "run_id": t.run_id,
                "duration": t.duration,
            }
            for t in self.trials
        ]

    def best_line(self, language: str = "en") -> str:
        best = self.best
        if best is None:
            return search_word(language, "no_best")
        values = ", ".join(f"{k}={v!r}" for k, v in best.values.items())
        score = f"{best.score:.4f}" if best.score is not None else "-"
        return search_word(language, "best", number=best.number, metric=self.metric, score=score, values=values)

    def apply_best(self, project: Project) -> Project:
        """A new project with the best trial's values written in (its search section kept)."""
        if self.best is None:
            raise NNBuilderError(search_word("en", "no_best"))
        searched = project if project.search is not None else project.with_section("search", self.search)
        out = with_values(searched, self.best_params)
        out.search = project.search
        return out


@dataclass(frozen=True)
class CrossValidation:
    """A k-fold cross-validation of one project: the fold scores, their mean and spread, the runs."""

    metric: str
    scores: list[float]
    mean: float
    spread: float
    run_ids: list[str]


# ---------------------------------------------------------------- the public calls


def search(
    project: Project | str | Path,
    trials: int | None = None,
    sampler: str | None = None,
    folds: int | None = None,
    out: str | Path | None = None,
    on_trial: Callable[[TrialRow], object] | None = None,
    stop: threading.Event | None = None,
    *,
    data: Any = None,
    study_name: str | None = None,
    project_file: str | Path | None = None,
) -> SearchResult:
    """Run the project's search section: `trials` in all (earlier trials of the same study count), `sampler`
    and `folds` overriding the section's; trials are recorded in the runs folder `out` (default: the project's,
    see `docs/runs.md`), the study in `search.db` there. `on_trial(row)` is called after each trial; setting
    `stop` lets the running trial finish and returns. `data` overrides the project's dataset, as in `train`;
    `study_name` names the study (default: the project's name and a hash of the section); `project_file` is
    the file a Project came from (its runs folder is the default)."""
    import optuna

    project_file = None if project_file is None else Path(project_file)
    if not isinstance(project, Project):
        project_file, project = Path(project), Project.load(project)
    if project.search is None:
        raise NNBuilderError(search_word("en", "no_search"))
    section = dict(project.search)
    for key, value in (("trials", trials), ("sampler", sampler), ("folds", folds)):
        if value is not None:
            section[key] = value
    section = normalize_search(read_search(section) or {})
    problems = [d for d in search_diagnostics(project) if d.severity == "error"]
    if problems:
        raise ProjectError(str(problems[0].message), problems[0].path)
    runs = Path(out) if out is not None else default_runs_folder(project_file, project.folder)
    runs.mkdir(parents=True, exist_ok=True)
    storage_file = runs / STUDY_FILE
    storage = optuna.storages.RDBStorage(f"sqlite:///{storage_file.absolute()}")
    name = study_name or _study_name(project, section)
    optuna.logging.set_verbosity(optuna.logging.ERROR)  # a failed trial is said in its row, not as a traceback
    study = optuna.create_study(
        study_name=name,
        storage=storage,
        direction=section["direction"],
        load_if_exists=True,
        sampler=_sampler(section, _finished(study_name=name, storage=storage)),
        pruner=_pruner(section),
    )
    result = SearchResult(name, storage_file, runs, section["metric"], section["direction"], search=section)
    remaining = section["trials"] - _finished(study_name=name, storage=storage)
    if remaining > 0 and not (stop is not None and stop.is_set()):
        runner = _TrialRunner(project, project_file, section, runs, data, name)

        def after(study: Any, frozen: Any) -> None:
            if on_trial is not None:
                on_trial(_row(frozen))
            if stop is not None and stop.is_set():
                study.stop()

        study.optimize(runner, n_trials=remaining, callbacks=[after], catch=(NNBuilderError,), gc_after_trial=True)
    result.trials = [_row(t) for t in study.get_trials(deepcopy=False)]
    return result


def cross_validate(
    project: Project | str | Path,
    folds: int = 5,
    *,
    data: Any = None,
    runs: str | Path | None = None,
    metric: str = "val_loss",
    seed: int | None = None,
) -> CrossValidation:
    """Train `project` once per fold (each a recorded run) and score it by `metric` on each held-out fold."""
    project_file = None
    if not isinstance(project, Project):
        project_file, project = Path(project), Project.load(project)
    folder = Path(runs) if runs is not None else default_runs_folder(project_file, project.folder)
    fold_runs = _FoldRuns(project_file, folder, _load_data(project, data), check_folds(folds), metric, seed)
    scores, run_ids = fold_runs.train(project, {})
    mean, spread = mean_and_spread(scores)
    return CrossValidation(metric, scores, mean, spread, run_ids)


# ---------------------------------------------------------------- the study


def _study_name(project: Project, section: dict[str, Any]) -> str:
    """The project's name and a short hash of what the search tries (not how many trials), so running the same
    search again continues it, and a changed search starts a study of its own."""
    same = {k: v for k, v in section.items() if k != "trials"}
    digest = hashlib.sha256(json.dumps(same, sort_keys=True, default=str).encode()).hexdigest()[:10]
    words = "-".join(re.findall(r"[a-z0-9]+", project.name.lower()))[:32].strip("-") or "search"
    return f"{words}-{digest}"


def _finished(*, study_name: str, storage: Any) -> int:
    import optuna

    try:
        study = optuna.load_study(study_name=study_name, storage=storage)
    except KeyError:
        return 0
    done = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED, optuna.trial.TrialState.FAIL)
    return len(study.get_trials(deepcopy=False, states=done))


def _sampler(section: dict[str, Any], done: int) -> Any:
    """The section's sampler; a seeded one is seeded with the seed plus the trials already done, so a resumed
    search goes on instead of trying the first trials' values again."""
    import optuna

    seed = section["seed"]
    seed = None if seed is None else seed + done
    if section["sampler"] == "grid":
        space = {target_key(e["target"]): grid_values(e) for e in section["ranges"]}
        return optuna.samplers.GridSampler(space, seed=seed)
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


def _suggest(trial: Any, entry: dict[str, Any], grid: bool) -> Any:
    key = target_key(entry["target"])
    if grid:
        return trial.suggest_categorical(key, grid_values(entry))
    if "values" in entry:
        return trial.suggest_categorical(key, entry["values"])
    low, high, log, step = entry["low"], entry["high"], bool(entry.get("log", False)), entry.get("step")
    whole = all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high))
    if entry.get("type", "int" if whole else "float") == "int":
        return trial.suggest_int(key, int(low), int(high), step=int(step or 1), log=log)
    return trial.suggest_float(key, float(low), float(high), step=step, log=log)


def _row(frozen: Any) -> TrialRow:
    attrs = frozen.user_attrs
    state = STATES.get(frozen.state.name, frozen.state.name.lower())
    score = frozen.value if frozen.value is not None else attrs.get("score")
    duration = frozen.duration.total_seconds() if frozen.duration is not None else None
    return TrialRow(
        frozen.number,
        dict(attrs.get("values", frozen.params)),
        None if score is None or not math.isfinite(score) else float(score),
        attrs.get("spread"),
        state,
        tuple(attrs.get("run_ids", ())),
        duration,
        attrs.get("error"),
    )


def _load_data(project: Project, data: Any) -> Any:
    from nnbuilder.data import as_dataset, load_dataset
    from nnbuilder.data._paths import project_rule

    if data is None:
        return load_dataset(project.data, paths=project_rule(project))
    return as_dataset(data)


class _TrialRunner:
    """The objective: one trial's values written into the project, trained (once per fold), scored."""

    def __init__(
        self, project: Project, project_file: Path | None, section: dict[str, Any], runs: Path, data: Any, study: str
    ) -> None:
        self.project = project
        self.section = section
        self.study = study
        self.folds = _FoldRuns(
            project_file,
            runs,
            _load_data(project, data),
            check_folds(section["folds"]),
            section["metric"],
            section["seed"],
        )

    def __call__(self, trial: Any) -> float:
        import optuna

        grid = self.section["sampler"] == "grid"
        values = {target_key(e["target"]): _suggest(trial, e, grid) for e in self.section["ranges"]}
        trial.set_user_attr("values", values)
        project = with_values(self.project, values)
        project.name = f"{self.project.name} trial {trial.number}"
        info = {"study": self.study, "trial": trial.number, "values": values, "metric": self.section["metric"]}
        pruned = threading.Event()
        try:
            scores, run_ids = self.folds.train(project, info, trial=trial, pruned=pruned)
        except NNBuilderError as exc:  # the study records the trial as failed; its row says why
            trial.set_user_attr("error", first_line(exc))
            raise
        finally:
            trial.set_user_attr("run_ids", self.folds.last_runs)
        mean, spread = mean_and_spread(scores) if scores else (math.nan, math.nan)
        trial.set_user_attr("spread", spread if scores else None)
        trial.set_user_attr("fold_scores", scores)
        state = "pruned" if pruned.is_set() else "complete"
        for place in self.folds.last_places:
            _mark(place, state, mean, spread)
        if pruned.is_set():
            trial.set_user_attr("score", scores[-1] if scores else None)
            raise optuna.TrialPruned()
        return mean


def _mark(place: Path, state: str, score: float, spread: float) -> None:
    def change(record: dict[str, Any]) -> None:
        search = dict(record.get("search") or {})
        search.update(state=state, score=score, spread=spread)
        record["search"] = search

    update_record(place, change)


class _FoldRuns:
    """Trains one project on each fold (or once on the plain validation split when there is one fold)."""

    def __init__(
        self, project_file: Path | None, runs: Path, dataset: Any, folds: int, metric: str, seed: int | None
    ) -> None:
        self.project_file = project_file
        self.runs = runs
        self.dataset = dataset
        self.folds = folds
        self.metric = metric
        self.parts = fold_parts(len(dataset.x_train), folds, seed) if folds > 1 else None
        self.last_runs: list[str] = []
        self.last_places: list[Path] = []

    def train(
        self,
        project: Project,
        info: dict[str, Any],
        trial: Any = None,
        pruned: threading.Event | None = None,
    ) -> tuple[list[float], list[str]]:
        scores: list[float] = []
        self.last_runs, self.last_places = [], []
        for fold in range(self.folds):
            fold_project, data = project, self.dataset
            if self.parts is not None:
                fold_project = project.copy()
                data, split = fold_data(self.dataset, fold_project.training, self.parts, fold)
                fold_project.training["validation_split"] = split
                fold_project.name = f"{project.name} fold {fold + 1}"
            fold_info = {**info, "fold": fold + 1, "folds": self.folds} if self.folds > 1 else dict(info)
            history = self._run(fold_project, data, fold_info, trial if fold == 0 else None, pruned)
            value = _last(history.get(self.metric))
            if value is None:
                found = ", ".join(sorted(history)) or "nothing"
                number = info.get("trial", 0)
                raise NNBuilderError(search_word("en", "no_metric", number=number, metric=self.metric, found=found))
            scores.append(value)
            if pruned is not None and pruned.is_set():
                break
        return scores, list(self.last_runs)

    def _run(
        self, project: Project, data: Any, info: dict[str, Any], trial: Any, pruned: threading.Event | None
    ) -> dict[str, list[float]]:
        trainer: Any = Trainer(project, data, runs=False)  # the Trainer's methods are not annotated
        recorder = TrialRecorder(trainer, self.runs, self.project_file, info)
        trainer.run_record = recorder
        if trial is not None and pruned is not None:
            trainer.subscribe(_pruning(trainer, trial, self.metric, pruned))
        try:
            history = trainer.run()
        finally:
            if recorder.place is not None:
                self.last_runs.append(recorder.id or recorder.place.name)
                self.last_places.append(recorder.place)
            _free(trainer)
        return {k: list(v) for k, v in history.items()}


def _pruning(trainer: Any, trial: Any, metric: str, pruned: threading.Event) -> Callable[[dict[str, Any]], None]:
    """A listener of the epoch events the Trainer's Keras callback sends: reports the metric to the study after
    each epoch, and ends the run at that epoch's end when the pruner says so."""

    def listen(event: dict[str, Any]) -> None:
        if event.get("kind") != "epoch":
            return
        value = (event.get("logs") or {}).get(metric)
        if value is None or not math.isfinite(value):
            return
        trial.report(float(value), int(event["epoch"]))
        if trial.should_prune():
            pruned.set()
            trainer.stop()

    return listen


def _last(values: list[float] | None) -> float | None:
    finite = [v for v in values or [] if v is not None and math.isfinite(v)]
    return finite[-1] if finite else None


def _free(trainer: Any) -> None:
    """Drop the trainer's models and Keras' global state, so trial after trial does not grow the process."""
    import keras  # type: ignore[import-untyped]

    trainer.models.clear()
    trainer.work.clear()
    keras.backend.clear_session()
    gc.collect()


__all__ = ["CrossValidation", "SearchResult", "TrialRow", "cross_validate", "search"]
