"""The exported search: a standalone Optuna script that reruns a project's `search` section without nnbuilder.
Scripts for each sampler compile and keep `ruff format`'s layout; tiny MLPs on the offline digits run in a fresh
process where nnbuilder cannot be imported, print the best value and params, keep their study in SQLite beside
the script and continue it when run again; two folds; the refusals."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import nnbuilder
from nnbuilder import NNBuilderError
from nnbuilder.cli import main
from nnbuilder.codegen.search_script import search_script
from nnbuilder.document.search_section import normalize_search
from nnbuilder.training.search_study import default_study_name
from tests.standalone import ruff_format_changes
from tests.training import _projects

UNITS = {"model": "model", "node": "hidden", "param": "units"}
ACTIVATION = {"model": "model", "node": "hidden", "param": "activation"}
RATE = {"training": "optimizer.learning_rate"}
BATCH = {"training": "batch_size"}
OPTIMIZER = {"training": "optimizer.name"}

RUNNER = r"""
import json, os, runpy, sys
sys.modules["nnbuilder"] = None  # importing nnbuilder now fails: the scripts must not need it
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
for number, argv in enumerate(json.loads(sys.argv[1])):  # one process for all the runs: Keras loads once
    print(f"RUN {number}", flush=True)
    sys.argv = argv
    ns = runpy.run_path(argv[0], run_name="__main__")
    import optuna  # what the study holds after the run

    study = optuna.load_study(study_name=ns["STUDY_NAME"], storage="sqlite:///" + ns["STUDY_FILE"])
    print(f"STUDY {len(study.trials)} trials")
"""


def digits(search, epochs=1):
    """64 pixels -> Dense(8) -> softmax(10) on scikit-learn's digits, seeded."""
    return _projects.digits_mlp("Digits", hidden=8, search=search, epochs=epochs, seed=0)


def run_scripts(*runs: list[str], cwd: Path) -> list[str]:
    """Run each script with its arguments (`[script, *args]`), one after the other in one fresh process where
    nnbuilder cannot be imported; what each printed."""
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps([[str(a) for a in run] for run in runs])],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=cwd,
    )
    assert proc.returncode == 0, f"a script failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return re.split(r"^RUN \d+\n", proc.stdout, flags=re.M)[1:]


def study_trials(script: Path, project):
    import optuna

    name = default_study_name(project, normalize_search(project.search))
    study = optuna.load_study(study_name=name, storage=f"sqlite:///{script.parent / 'search.db'}")
    return study.get_trials(deepcopy=False)


def written(project, folder: Path) -> Path:
    folder.mkdir(parents=True)
    script = folder / "digits_search.py"
    script.write_text(search_script(project), encoding="utf-8")
    assert not ruff_format_changes(script)
    return script


RESUMED = {
    "sampler": "random",
    "trials": 3,
    "seed": 0,
    "metric": "val_accuracy",
    "pruning": "median",
    "ranges": [{"target": UNITS, "values": [4, 8]}, {"target": RATE, "low": 1e-3, "high": 1e-1, "log": True}],
}
FOLDED = {"sampler": "grid", "trials": 1, "folds": 2, "seed": 1, "ranges": [{"target": UNITS, "values": [4, 8]}]}


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """A random search of 3 one-epoch trials, the same script run again with `--trials 4`, and a grid search with
    two folds: each script in a folder of its own, run from the folder above it."""
    folder = tmp_path_factory.mktemp("searches")
    resumed, folded = digits(RESUMED), digits(FOLDED)
    first, second = written(resumed, folder / "resumed"), written(folded, folder / "folded")
    outs = run_scripts([first], [first, "--trials", "4"], [second], cwd=folder)
    return {"resumed": (resumed, first, outs[0], outs[1]), "folded": (folded, second, outs[2])}


def epochs_trained(out: str) -> int:
    """How many epochs a run's fits printed (`verbose=2`: one line per epoch)."""
    return len(re.findall(r"^\d+/\d+ - .* - val_loss: ", out, flags=re.M))


@pytest.mark.parametrize("sampler", ["grid", "random", "bayes"])
def test_the_script_for_each_sampler_compiles_with_the_searched_settings_in_place(sampler, tmp_path):
    grid = sampler == "grid"
    ranges = [
        {"target": UNITS, "values": [32, 64, 128]},
        {"target": ACTIVATION, "values": ["relu", "tanh"]},
        {"target": RATE, "values": [0.001, 0.01]} if grid else {"target": RATE, "low": 1e-4, "high": 1e-2, "log": True},
        {"target": BATCH, "low": 32, "high": 128, "step": 32},
        {"target": OPTIMIZER, "values": ["adam", "sgd"]},
    ]
    section = {"sampler": sampler, "trials": 7, "seed": 5, "pruning": "median", "ranges": ranges}
    project = digits(section)
    code = search_script(project)
    compile(code, "digits_search.py", "exec")
    script = tmp_path / "digits_search.py"
    script.write_text(code, encoding="utf-8")
    assert not ruff_format_changes(script)
    assert 'layers.Dense(\n                params["model/hidden.units"],\n' in code
    assert 'activation=params["model/hidden.activation"]' in code
    assert 'batch_size = params["training.batch_size"]' in code
    assert 'learning_rate = params["training.optimizer.learning_rate"]' in code
    assert "optimizer = keras.optimizers.Adam(learning_rate=learning_rate)" in code
    assert "optimizer = keras.optimizers.SGD(learning_rate=learning_rate)" in code
    assert code.count("model.compile(") == 1  # the branches differ only in the optimizer
    assert "self.trial.report(float(value), epoch)" in code and "self.trial.should_prune()" in code
    assert "TRIALS = 7" in code and "SEARCH_SEED = 5" in code and 'METRIC = "val_loss"' in code
    assert 'DIRECTION = "minimize"' in code
    study = default_study_name(project, normalize_search(section))
    assert f'STUDY_NAME = "{study}"' in code
    sampler_code = {
        "grid": "optuna.samplers.GridSampler(GRID, seed=SEARCH_SEED)",
        "random": "optuna.samplers.RandomSampler(seed=seed)",
        "bayes": "optuna.samplers.TPESampler(seed=seed)",
    }
    assert sampler_code[sampler] in code
    if grid:
        assert '"training.batch_size": [32, 64, 96, 128]' in code
        assert "return {key: trial.suggest_categorical(key, values) for key, values in GRID.items()}" in code
    else:
        flat = "".join(code.split())  # wherever the lines break
        assert 'trial.suggest_float("training.optimizer.learning_rate",0.0001,0.01,log=True)' in flat
        assert 'trial.suggest_int("training.batch_size",32,128,step=32)' in flat


def test_a_run_prints_the_best_keeps_the_study_beside_the_script_and_resumes(ran):
    project, script, out, again = ran["resumed"]
    assert "best value: val_accuracy 0." in out
    best = next(line for line in out.splitlines() if line.startswith("best params: "))
    assert "'model/hidden.units': " in best and "'training.optimizer.learning_rate': " in best
    assert out.endswith("STUDY 3 trials\n")
    assert again.endswith("STUDY 4 trials\n")  # run again with --trials 4, the study went on with one more trial
    assert "best value: val_accuracy 0." in again
    trials = study_trials(script, project)
    assert [t.number for t in trials] == [0, 1, 2, 3]
    assert all(t.state.name in ("COMPLETE", "PRUNED") for t in trials)
    assert {t.params["model/hidden.units"] for t in trials} <= {4, 8}
    assert all(1e-3 <= t.params["training.optimizer.learning_rate"] <= 1e-1 for t in trials)
    assert trials[3].params != trials[0].params  # the resumed sampler does not start over
    best = max(t.value for t in trials if t.state.name == "COMPLETE")  # val_accuracy is maximized
    assert f"best value: val_accuracy {best:.4f} (trial " in again
    printed = ast.literal_eval(next(line for line in again.splitlines() if line.startswith("best params: "))[13:])
    assert printed in [t.params for t in trials if t.value == best]
    assert sorted(p.name for p in script.parent.iterdir()) == ["digits_search.py", "search.db"]


def test_two_folds_score_each_trial_by_the_mean_over_the_folds(ran):
    project, script, out = ran["folded"]
    assert "best value: val_loss " in out
    assert epochs_trained(out) == 2  # one epoch per fold
    [trial] = study_trials(script, project)
    assert trial.state.name == "COMPLETE" and trial.params["model/hidden.units"] in (4, 8)
    scores = trial.user_attrs["fold_scores"]
    assert len(scores) == 2 and scores[0] != scores[1] and trial.value == pytest.approx(sum(scores) / 2)


def test_a_project_without_a_search_section_is_refused_naming_it(tmp_path):
    project = digits(None)
    with pytest.raises(NNBuilderError, match="no search section, so there is no search to export") as refused:
        search_script(project)
    assert "search 部分" in refused.value.said_in["zh"]
    path = tmp_path / "p.nnb.json"
    project.save(path)
    assert main(["export", str(path), "--search", "-o", str(tmp_path / "s.py")]) == 1
    assert not (tmp_path / "s.py").exists()


def test_a_training_setting_the_script_cannot_vary_is_refused_naming_it():
    section = {"ranges": [{"target": {"training": "test_each_epoch"}, "values": [True, False]}]}
    with pytest.raises(NNBuilderError, match=r"ranges\[0\] searches training.test_each_epoch"):
        search_script(digits(section))


def test_the_command_line_and_the_python_function_write_the_script(tmp_path, capsys):
    project = digits({"ranges": [{"target": UNITS, "values": [4, 8]}]})
    path = tmp_path / "p.nnb.json"
    project.save(path)
    assert main(["export", str(path), "--search", "-o", str(tmp_path / "cli.py")]) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    code = (tmp_path / "cli.py").read_text(encoding="utf-8")
    assert code == search_script(nnbuilder.Project.load(path))
    assert nnbuilder.export_search(project, tmp_path / "api.py") == code
    assert (tmp_path / "api.py").read_text(encoding="utf-8") == code
    assert main(["export", str(path), "--search", "--format", "keras", "-o", str(tmp_path / "x.keras")]) == 1
    assert "--search writes a Python script" in capsys.readouterr().err
