"""`nnbuilder.search(project, …)`: the project's `search` section run headless with Optuna.

Each trial writes its values into a copy of the project (`search_section.with_values`), trains it with the
Trainer (one recorded run per fold, see `docs/runs.md`) and frees its models (`search_trial.py`). The study
lives in SQLite in the runs folder (`search.db`, `search_study.py`), so a search stopped by Stop, Ctrl+C or a
dead kernel continues where it was when it is run again with the same section. What it found is a
`SearchResult` (`search_result.py`). See `docs/search.md`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nnbuilder.checking.search_check import search_diagnostics
from nnbuilder.document.project import Project
from nnbuilder.document.search_section import normalize_search, read_search
from nnbuilder.errors import NNBuilderError, ProjectError
from nnbuilder.locale.search_words import search_word
from nnbuilder.training.runs import default_runs_folder
from nnbuilder.training.search_folds import check_folds, mean_and_spread
from nnbuilder.training.search_result import CrossValidation, SearchResult, TrialRow, trial_row
from nnbuilder.training.search_study import STUDY_FILE, default_study_name, open_study
from nnbuilder.training.search_trial import FoldRuns, TrialRunner, load_data


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
    engine: str = "local",
    address: str | None = None,
) -> SearchResult:
    """Run the project's search section: `trials` in all (earlier trials of the same study count), `sampler`
    and `folds` overriding the section's; trials are recorded in the runs folder `out` (default: the project's,
    see `docs/runs.md`), the study in `search.db` there. `on_trial(row)` is called after each trial; setting
    `stop` lets the running trial finish and returns. `data` overrides the project's dataset, as in `train`;
    `study_name` names the study (default: the project's name and a hash of the section); `project_file` is
    the file a Project came from (its runs folder is the default). `engine="ray"` runs the trials on the Ray
    cluster at `address` (HOST:PORT; see `docs/cluster.md`), recording them here all the same."""
    if engine not in ("local", "ray"):
        raise NNBuilderError(search_word("en", "bad_engine", found=repr(engine)))
    if engine == "local" and address is not None:
        raise NNBuilderError(search_word("en", "address_local"))
    if engine == "ray":
        from nnbuilder.training.search_ray import require_ray

        require_ray()
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
    name = study_name or default_study_name(project, section)
    study, done = open_study(runs / STUDY_FILE, name, section)
    result = SearchResult(name, runs / STUDY_FILE, runs, section["metric"], section["direction"], search=section)
    remaining = section["trials"] - done
    if remaining > 0 and engine == "ray" and not (stop is not None and stop.is_set()):
        from nnbuilder.training.search_ray import search_on_cluster

        search_on_cluster(
            project,
            project_file,
            section,
            runs,
            data,
            name,
            address=address,
            remaining=remaining,
            done=done,
            on_trial=on_trial,
            stop=stop,
        )
    elif remaining > 0 and not (stop is not None and stop.is_set()):
        runner = TrialRunner(project, project_file, section, runs, data, name)

        def after(study: Any, frozen: Any) -> None:
            if on_trial is not None:
                on_trial(trial_row(frozen))
            if stop is not None and stop.is_set():
                study.stop()

        study.optimize(runner, n_trials=remaining, callbacks=[after], catch=(NNBuilderError,))  # freed in _free
    result.trials = [trial_row(t) for t in study.get_trials(deepcopy=False)]
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
    fold_runs = FoldRuns(project_file, folder, load_data(project, data), check_folds(folds), metric, seed)
    scores, run_ids = fold_runs.train(project, {})
    mean, spread = mean_and_spread(scores)
    return CrossValidation(metric, scores, mean, spread, run_ids)


__all__ = ["CrossValidation", "SearchResult", "TrialRow", "cross_validate", "search"]
