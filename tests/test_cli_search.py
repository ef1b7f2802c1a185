"""`nnbuilder search PROJECT`: one line per trial, the best at the end, every trial a run `nnbuilder runs`
lists; a wrong command line is refused in one sentence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import nnbuilder
from nnbuilder.cli import main

ROOT = Path(__file__).resolve().parents[1]
GRID = {
    "sampler": "grid",
    "ranges": [
        {"target": {"model": "model", "node": "hidden", "param": "units"}, "values": [8, 16]},
        {"target": {"training": "batch_size"}, "values": [256]},
    ],
}


def _template_with_search(folder: Path, search=GRID) -> Path:
    """templates/mnist_mlp.nnb.json with one epoch and a search section (MNIST's offline stand-in here)."""
    document = nnbuilder.Project.load(ROOT / "templates" / "mnist_mlp.nnb.json").to_dict()
    document["training"]["epochs"] = 1
    document["search"] = search
    return nnbuilder.Project.from_dict(document).save(folder / "mnist_mlp.nnb.json")


def test_search_prints_each_trial_and_the_best_and_runs_lists_them(tmp_path):
    project = _template_with_search(tmp_path, search=None)  # the grid is typed on the command line
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(ROOT)}
    grid = ["--grid", "hidden.units=8,16", "--grid", "training.batch_size=256"]
    args = [sys.executable, "-m", "nnbuilder.cli", "search", str(project), *grid, "--out", "found"]
    proc = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=900, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    trials = [line for line in lines if line.startswith("trial ")]
    assert len(trials) == 2 and all("-> val_loss " in line and "(finished, " in line for line in trials)
    pairs = {(line.split("units=")[1].split(",")[0], line.split("batch_size=")[1].split(" ")[0]) for line in trials}
    assert pairs == {("8", "256"), ("16", "256")}
    best = next(line for line in lines if line.startswith("best: trial "))
    assert "val_loss" in best and "model/hidden.units=" in best
    assert "Traceback" not in proc.stderr

    listed = subprocess.run(
        [sys.executable, "-m", "nnbuilder.cli", "runs", str(tmp_path / "found")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert listed.returncode == 0, listed.stderr
    run_ids = [line.split(" ")[-1].rstrip(")") for line in trials]
    for run_id in run_ids:
        assert run_id in listed.stdout
    assert sum("mnist-mlp-trial" in line for line in listed.stdout.splitlines()) == 2


def test_an_address_without_the_cluster_engine_is_refused_in_one_sentence(tmp_path, capsys):
    project = _template_with_search(tmp_path)
    assert main(["search", str(project), "--address", "10.0.0.1:6379"]) == 1
    assert "--address names a cluster" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--sampler", "annealing"], "invalid choice: 'annealing'"),
        (["--trials", "0"], "search.trials: expected a whole number of at least 1, got 0"),
    ],
)
def test_bad_options_are_one_line(tmp_path, capsys, args, words):
    project = _template_with_search(tmp_path)
    assert main(["search", str(project), *args]) != 0
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and err.count("\n") == 1


def test_a_project_without_a_search_section_is_refused(tmp_path, capsys):
    project = nnbuilder.load_template("mnist_mlp").save(tmp_path / "plain.nnb.json")
    assert main(["search", str(project)]) == 1
    assert "the project has no search section" in capsys.readouterr().err
