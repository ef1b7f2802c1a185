"""One trial of a search: its values drawn and written into a copy of the project, trained by the Trainer once
per fold (each fold an ordinary recorded run), reported to the pruner after each epoch, and scored."""

from __future__ import annotations

import gc
import inspect
import math
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nnbuilder.document.project import Project
from nnbuilder.document.search_section import target_key, with_values
from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.locale.search_words import search_word
from nnbuilder.training.runs import update_record
from nnbuilder.training.search_folds import check_folds, fold_data, fold_parts, mean_and_spread
from nnbuilder.training.search_record import TrialRecorder
from nnbuilder.training.search_study import suggest
from nnbuilder.training.trainer import Trainer


def load_data(project: Project, data: Any) -> Any:
    """The dataset every trial trains on: `data` when given (as for `train`), else the project's."""
    from nnbuilder.data import as_dataset, load_dataset
    from nnbuilder.data._paths import project_rule

    if data is None:
        return load_dataset(project.data, paths=project_rule(project))
    return as_dataset(data)


class TrialRunner:
    """The objective: one trial's values written into the project, trained (once per fold), scored."""

    def __init__(
        self, project: Project, project_file: Path | None, section: dict[str, Any], runs: Path, data: Any, study: str
    ) -> None:
        self.project = project
        self.section = section
        self.study = study
        folds = check_folds(section["folds"])
        self.folds = FoldRuns(project_file, runs, load_data(project, data), folds, section["metric"], section["seed"])
        self.extra: dict[str, Any] = {}  # more for each run's `search` entry: where the cluster engine ran it

    def __call__(self, trial: Any) -> float:
        import optuna

        grid = self.section["sampler"] == "grid"
        values = {target_key(e["target"]): suggest(trial, e, grid) for e in self.section["ranges"]}
        trial.set_user_attr("values", values)
        project = with_values(self.project, values)
        project.name = f"{self.project.name} trial {trial.number}"
        info = {"study": self.study, "trial": trial.number, "values": values, "metric": self.section["metric"]}
        info.update(self.extra)
        pruned = threading.Event()
        try:
            scores, _ = self.folds.train(project, info, trial=trial, pruned=pruned)
        except NNBuilderError as exc:  # the study records the trial as failed; its row says why
            trial.set_user_attr("error", first_line(exc))
            raise
        finally:
            trial.set_user_attr("run_ids", self.folds.last_runs)
        mean, spread = mean_and_spread(scores)
        trial.set_user_attr("spread", spread)
        trial.set_user_attr("fold_scores", scores)
        state = "pruned" if pruned.is_set() else "complete"
        for place in self.folds.last_places:
            _mark(place, state, mean, spread)
        if pruned.is_set():
            trial.set_user_attr("score", scores[-1])
            raise optuna.TrialPruned()
        return mean


def _mark(place: Path, state: str, score: float, spread: float) -> None:
    def change(record: dict[str, Any]) -> None:
        search = dict(record.get("search") or {})
        search.update(state=state, score=score, spread=spread)
        record["search"] = search

    update_record(place, change)


class FoldRuns:
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
        """The metric's last value in each fold (at least one: a fold without it is refused), and the runs."""
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
        # the Trainer's methods are not annotated; no weight records: a trial is watched by its epochs' scores
        trainer: Any = Trainer(project, data, runs=False, weight_stats=False)
        trainer.batch_events = False
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
    keras.backend.clear_session()  # with its one full garbage collection (a second would only cost time)
    if "free_memory" not in inspect.signature(keras.backend.clear_session).parameters:
        gc.collect()  # a Keras whose clear_session does not collect
