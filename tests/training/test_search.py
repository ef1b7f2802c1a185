"""The hyperparameter search run headless with Optuna: every trial an ordinary recorded run of a copy of the
project, grid / random / bayes samplers, median pruning, a study in SQLite that a later call continues, k-fold
cross-validation, Stop, and the best values written back into a project. Tiny MLPs on the offline digits."""

from __future__ import annotations

import dataclasses
import json
import math
import threading

import numpy as np
import pytest

import nnbuilder
from nnbuilder import Project, ProjectError
from nnbuilder.training import runs as run_history
from nnbuilder.training.recipes._common import shuffled
from nnbuilder.training.search import cross_validate, search
from nnbuilder.training.search_folds import fold_data, fold_parts
from tests.training import _logs, _projects

UNITS = {"model": "model", "node": "hidden", "param": "units"}
RATE = {"training": "optimizer.learning_rate"}
BATCH = {"training": "batch_size"}


def digits(search=None, epochs=1, **training) -> Project:
    """64 pixels -> Dense(8) -> softmax(10) on scikit-learn's digits, seeded."""
    return _projects.digits_mlp("Digits", hidden=8, search=search, epochs=epochs, seed=0, **training)


def test_a_grid_over_two_settings_runs_every_combination_once_each_a_recorded_run(tmp_path):
    section = {
        "sampler": "grid",
        "ranges": [{"target": UNITS, "values": [4, 8]}, {"target": BATCH, "values": [32, 64]}],
    }
    seen = []
    result = search(digits(section), trials=10, out=tmp_path, on_trial=seen.append)
    combos = sorted((t.values["model/hidden.units"], t.values["training.batch_size"]) for t in result.trials)
    assert combos == [(4, 32), (4, 64), (8, 32), (8, 64)]  # the grid ends the search before 10 trials
    assert [t.number for t in seen] == [0, 1, 2, 3] and all(t.state == "complete" for t in result.trials)
    runs = {run.id: run for run in run_history.list_runs(tmp_path)}
    assert sorted(runs) == sorted(t.run_id for t in result.trials)
    for row in result.trials:
        run = runs[row.run_id]
        assert run.status == "finished"
        assert run.record["search"]["trial"] == row.number
        assert run.record["search"]["values"] == row.values
        assert run.record["search"]["state"] == "complete"
        assert math.isclose(run.record["search"]["score"], row.score)
        assert math.isclose(run.history["val_loss"][-1], row.score)
        units = row.values["model/hidden.units"]
        assert run.record["models"]["model"]["params"] == 64 * units + units + units * 10 + 10
        assert run.record["training"]["batch_size"] == row.values["training.batch_size"]
        hparams = _logs.session_hparams(run.folder / "logs")  # the training settings and the trial's values
        assert hparams["search.trial"].number_value == row.number
        assert hparams["search.model/hidden.units"].number_value == units
        assert hparams["training.batch_size"].number_value == row.values["training.batch_size"]
    assert (tmp_path / "search.db").is_file()
    compared = run_history.compare(runs[t.run_id] for t in result.trials)  # the trials' values side by side
    assert compared.row("search.model/hidden.units") == ([t.values["model/hidden.units"] for t in result.trials], True)
    assert compared.row("search.trial") == ([t.number for t in result.trials], True)
    best = min(result.trials, key=lambda t: t.score)
    assert result.best_params == best.values and result.best_value == best.score
    table = result.table()
    assert len(table) == 4 and set(table[0]) == {"number", "values", "score", "spread", "state", "run_id", "duration",
                                                 "node"}  # fmt: skip
    assert all(row["node"] is None for row in table)  # this machine's trials: no cluster node to name


def _values(result):
    return [t.values for t in result.trials]


@pytest.mark.parametrize("sampler", ["random", pytest.param("bayes", marks=pytest.mark.slow)])  # one sampler code
def test_seeded_samplers_are_reproducible(tmp_path, sampler):
    section = {
        "sampler": sampler,
        "seed": 3,
        "ranges": [{"target": UNITS, "low": 2, "high": 16}, {"target": RATE, "low": 1e-3, "high": 1e-1, "log": True}],
    }
    first = search(digits(section), trials=2, out=tmp_path / "a")
    again = search(digits(section), trials=2, out=tmp_path / "b")
    assert _values(first) == _values(again)
    assert len({json.dumps(v, sort_keys=True) for v in _values(first)}) == 2
    other = search(digits({**section, "seed": 4}), trials=2, out=tmp_path / "c")
    assert _values(other) != _values(first)


def test_median_pruning_ends_a_trial_that_is_clearly_worse(tmp_path):
    good = {
        "sampler": "random",
        "seed": 0,
        "pruning": "median",
        "ranges": [{"target": RATE, "low": 0.02, "high": 0.03}],
    }
    done = search(digits(good, epochs=3), trials=2, out=tmp_path, study_name="pruning")
    assert [t.state for t in done.trials] == ["complete", "complete"]
    # the same study goes on with a learning rate too small to learn anything: worse than the median at once
    bad = {**good, "ranges": [{"target": RATE, "low": 1e-9, "high": 2e-9}]}
    result = search(digits(bad, epochs=3), trials=3, out=tmp_path, study_name="pruning")
    last = result.trials[-1]
    assert last.state == "pruned" and last.values["training.optimizer.learning_rate"] < 1e-8
    run = run_history.load_run(tmp_path, last.run_id)
    assert run.epochs == 1 and run.status == "stopped"  # ended after its first epoch, and recorded
    assert run.record["search"]["state"] == "pruned"
    assert result.best is not None and result.best.number in (0, 1)


def test_a_search_resumes_where_it_stopped(tmp_path):
    section = {"sampler": "random", "seed": 1, "ranges": [{"target": RATE, "low": 1e-3, "high": 1e-1, "log": True}]}
    stop = threading.Event()

    def after(row):
        if row.number == 1:
            stop.set()  # the running trial finishes, then the search returns

    first = search(digits(section), trials=4, out=tmp_path, on_trial=after, stop=stop)
    assert [t.number for t in first.trials] == [0, 1]
    resumed = search(digits(section), trials=4, out=tmp_path)
    assert [t.number for t in resumed.trials] == [0, 1, 2, 3]
    assert _values(resumed)[:2] == _values(first)
    assert len({json.dumps(v) for v in _values(resumed)}) == 4  # the resumed sampler does not repeat itself
    assert len(run_history.list_runs(tmp_path)) == 4
    again = search(digits(section), trials=4, out=tmp_path)  # nothing left to do
    assert len(again.trials) == 4 and len(run_history.list_runs(tmp_path)) == 4


def test_a_seeded_grid_resumed_tries_each_point_once(tmp_path):
    section = {"sampler": "grid", "seed": 3, "ranges": [{"target": UNITS, "values": [2, 4, 6, 8]}]}
    stop = threading.Event()
    first = search(digits(section), trials=4, out=tmp_path, on_trial=lambda _row: stop.set(), stop=stop)
    assert len(first.trials) == 1
    resumed = search(digits(section), trials=4, out=tmp_path)
    assert sorted(t.values["model/hidden.units"] for t in resumed.trials) == [2, 4, 6, 8]


def test_folds_hand_the_trainer_each_held_out_fold_as_its_validation_rows():
    data = _Rows(np.arange(101)[:, None], np.arange(101))
    parts = fold_parts(101, 3, seed=5)
    assert sorted(np.concatenate(parts).tolist()) == list(range(101))
    for seed in (None, 9):
        for fold in range(3):
            given, split = fold_data(data, {"seed": seed}, parts, fold)
            x, y = shuffled(_Trainer(seed, split), given.x_train, given.y_train)  # what the Trainer does
            keep = math.floor(len(x) * (1.0 - split))  # where Keras cuts off the validation rows
            assert sorted(y[keep:].tolist()) == parts[fold].tolist()
            assert (x[:, 0] == y).all()


@dataclasses.dataclass
class _Rows:
    x_train: np.ndarray
    y_train: np.ndarray


class _Trainer:
    def __init__(self, seed, split):
        self.training = {"seed": seed, "validation_split": split}
        self.placement = None


def test_two_fold_cross_validation_gives_mean_and_spread(tmp_path):
    section = {"sampler": "grid", "folds": 2, "ranges": [{"target": UNITS, "values": [8]}]}
    result = search(digits(section), out=tmp_path / "search")
    (row,) = result.trials
    assert len(row.run_ids) == 2 and row.spread is not None
    folds = [run_history.load_run(tmp_path / "search", run_id) for run_id in row.run_ids]
    scores = [run.history["val_loss"][-1] for run in folds]
    assert math.isclose(row.score, sum(scores) / 2)
    assert math.isclose(row.spread, abs(scores[0] - scores[1]) / 2, abs_tol=1e-9)
    assert [run.record["search"]["fold"] for run in folds] == [1, 2]

    checked = cross_validate(digits(), folds=2, runs=tmp_path / "cv")
    assert len(checked.scores) == 2 and len(checked.run_ids) == 2
    assert math.isclose(checked.mean, sum(checked.scores) / 2)
    assert math.isclose(checked.spread, abs(checked.scores[0] - checked.scores[1]) / 2, abs_tol=1e-9)
    assert len(run_history.list_runs(tmp_path / "cv")) == 2


def test_apply_best_writes_the_best_values_into_a_new_project(tmp_path):
    section = {"sampler": "grid", "ranges": [{"target": UNITS, "values": [2, 16]}, {"target": RATE, "values": [0.02]}]}
    project = digits(section, epochs=2)
    result = search(project, out=tmp_path)
    assert result.best_params == {"model/hidden.units": 16, "training.optimizer.learning_rate": 0.02}
    best = result.apply_best(project)
    assert best.models["model"].node("hidden").config["units"] == 16
    assert best.training["optimizer"]["learning_rate"] == 0.02 and best.search == project.search
    assert project.models["model"].node("hidden").config["units"] == 8
    assert nnbuilder.check(best).ok


def test_a_search_that_cannot_run_says_why(tmp_path):
    with pytest.raises(nnbuilder.NNBuilderError, match="no search section"):
        search(digits(), out=tmp_path)
    missing = {"ranges": [{"target": {"model": "model", "node": "wide", "param": "units"}, "values": [4]}]}
    with pytest.raises(ProjectError) as caught:
        search(digits(missing), out=tmp_path)
    assert caught.value.path == "search.ranges[0]" and "node 'wide'" in str(caught.value)
    with pytest.raises(ProjectError) as caught:
        search(digits({"ranges": [{"target": UNITS, "values": [4]}]}), sampler="annealing", out=tmp_path)
    assert caught.value.path == "search.sampler"


DIES_IN_SECOND_TRIAL = """
import os, sys
from nnbuilder.training.search import search
from nnbuilder.training.trainer import Trainer

started = []
train = Trainer.run


def run(self, *args, **kwargs):
    started.append(1)
    if len(started) == 2:
        os._exit(3)  # the process dies in the middle of the second trial, as a killed kernel does
    return train(self, *args, **kwargs)


Trainer.run = run
search(sys.argv[1], trials=3, out=sys.argv[2])
"""


def test_a_search_continues_after_its_process_died_in_a_trial(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    section = {"sampler": "random", "seed": 2, "ranges": [{"target": RATE, "low": 1e-3, "high": 1e-1, "log": True}]}
    file = digits(section).save(tmp_path / "digits.nnb.json")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(root)}
    args = [sys.executable, "-c", DIES_IN_SECOND_TRIAL, str(file), str(tmp_path / "runs")]
    died = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env)
    assert died.returncode == 3, died.stderr[-2000:]
    assert len(run_history.list_runs(tmp_path / "runs")) == 1
    result = search(file, trials=3, out=tmp_path / "runs")
    states = [t.state for t in result.trials]
    assert states.count("complete") == 3 and states[1] == "running"  # the dead process's trial stays as it was
    assert len(run_history.list_runs(tmp_path / "runs")) == 3
