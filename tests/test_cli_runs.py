"""`nnbuilder train` says where it recorded the run; `nnbuilder runs` lists, renames, stars, deletes and
writes the runs as CSV."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nnbuilder import Project
from nnbuilder.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _digits_file(folder: Path, name: str, batch_size: int) -> Path:
    """A small MLP on the offline digits data, as a project file."""
    document = {
        "format": "nnbuilder",
        "version": 1,
        "name": name,
        "models": {
            "model": {
                "nodes": [
                    {"id": "x", "layer": "Input", "config": {"shape": [64]}},
                    {"id": "out", "layer": "Dense", "config": {"units": 10, "activation": "softmax"}},
                ],
                "edges": [{"source": "x", "target": "out"}],
            }
        },
        "data": {"dataset": "digits", "options": {"flatten": True}},
        "training": {
            "loss": "sparse_categorical_crossentropy",
            "metrics": ["accuracy"],
            "epochs": 1,
            "batch_size": batch_size,
            "validation_split": 0.2,
        },
    }
    return Project.from_dict(document).save(folder / "digits.nnb.json")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """Two runs of `nnbuilder train` (batch sizes 32 and 64) recorded in one runs folder, in a fresh process."""
    folder = tmp_path_factory.mktemp("cli-runs")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(ROOT)}
    outputs = []
    for batch_size in (32, 64):
        project = _digits_file(folder, "Digits", batch_size)
        args = [sys.executable, "-m", "nnbuilder.cli", "train", str(project), "--out", f"out{batch_size}"]
        proc = subprocess.run(args, cwd=folder, capture_output=True, text=True, timeout=600, env=env)
        assert proc.returncode == 0, proc.stderr[-3000:]
        outputs.append(proc.stdout)
    return folder, outputs


def test_train_prints_where_the_run_was_recorded(recorded):
    folder, outputs = recorded
    runs = folder / "digits.runs"
    ids = sorted(p.name for p in runs.iterdir())
    assert len(ids) == 2
    for out, run_id in zip(outputs, ids):
        assert f"recorded the run {run_id} in {runs}" in out
        assert json.loads((runs / run_id / "run.json").read_text())["status"] == "finished"


def test_runs_lists_the_runs_as_a_table(recorded, capsys):
    folder, _ = recorded
    runs = folder / "digits.runs"
    assert main(["runs", str(runs)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "name", "star", "status", "epochs", "duration", "best", "val", "test"]
    ids = sorted(p.name for p in runs.iterdir())
    assert [line.split()[0] for line in lines[1:]] == ids
    for line in lines[1:]:
        assert "Digits" in line and "finished" in line and "val_accuracy 0." in line and "accuracy 0." in line
    assert main(["runs", str(folder / "digits.nnb.json")]) == 0  # a project file stands for its runs folder
    assert capsys.readouterr().out.splitlines() == lines
    assert main(["runs", str(runs), "--language", "zh"]) == 0
    chinese = capsys.readouterr().out.splitlines()
    assert chinese[0].split()[:4] == ["编号", "名称", "星标", "状态"] and "已完成" in chinese[1]


def test_runs_writes_the_comparison_as_csv(recorded, capsys):
    folder, _ = recorded
    runs = folder / "digits.runs"
    target = folder / "runs.csv"
    assert main(["runs", str(runs), "--csv", str(target)]) == 0
    assert f"wrote the settings and results of 2 run(s) to {target}" in capsys.readouterr().out
    rows = list(csv.reader(target.open(newline="")))
    assert rows[0] == ["key", "differs", *sorted(p.name for p in runs.iterdir() if p.is_dir())]
    assert ["training.batch_size", "yes", "32", "64"] in rows
    assert ["data.dataset", "", "digits", "digits"] in rows
    assert any(row[0] == "result.test_accuracy" for row in rows)


def test_rename_star_unstar_and_delete(recorded, capsys, tmp_path):
    folder, _ = recorded
    runs = tmp_path / "copy.runs"
    subprocess.run(["cp", "-r", str(folder / "digits.runs"), str(runs)], check=True)
    first, second = sorted(p.name for p in runs.iterdir())
    assert main(["runs", str(runs), "--rename", first, "small batches", "--star", first]) == 0
    said = capsys.readouterr().out
    assert f"renamed the run {first} to small batches" in said and f"starred the run {first}" in said
    row = next(line for line in said.splitlines() if line.startswith(first))
    assert "small batches" in row and " * " in row
    assert main(["runs", str(runs), "--unstar", first]) == 0
    assert " * " not in capsys.readouterr().out
    assert main(["runs", str(runs), "--delete", second]) == 0
    out = capsys.readouterr().out
    assert f"deleted the run {second}" in out and second not in out.split("\n", 1)[1]
    assert sorted(p.name for p in runs.iterdir()) == [first]


def test_errors_name_the_run_and_the_folder(tmp_path, capsys):
    assert main(["runs", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err.strip() == f"nnbuilder: error: {tmp_path / 'nowhere'}: no such runs folder"
    assert main(["runs", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == f"no runs recorded in {tmp_path}"
    assert main(["runs", str(tmp_path), "--star", "20261206-101010-gone"]) == 1
    err = capsys.readouterr().err
    assert "no run 20261206-101010-gone in" in err and str(tmp_path) in err and err[-1] == "\n" and err.count("\n") == 1
    assert main(["runs", str(tmp_path), "--delete", "20261206-101010-gone", "--language", "zh"]) == 1
    assert "中没有训练 20261206-101010-gone" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post(url: str, body: dict) -> dict:
    headers = {"Content-Type": "application/json", "X-XSRF-Protected": "1"}
    request = urllib.request.Request(url, json.dumps(body).encode(), headers)
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.loads(reply.read())


def test_tensorboard_shows_the_runs_and_their_settings_with_nothing_else(recorded):
    folder, _ = recorded
    port = _free_port()
    board = [sys.executable, "-m", "tensorboard.main", "--logdir", str(folder / "digits.runs")]
    server = subprocess.Popen(
        [*board, "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}/data"
    try:
        deadline = time.monotonic() + 120
        runs: list = []
        while len(runs) < 6:  # each run's logs, train and validation, once TensorBoard has read them
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read().decode()[-2000:]
            try:
                with urllib.request.urlopen(f"{base}/runs", timeout=5) as reply:
                    runs = json.loads(reply.read())
            except OSError:  # not listening yet
                runs = []
            if len(runs) < 6:  # wait on the server between looks (returns at once should it end)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(0.25)
        ids = sorted(p.name for p in (folder / "digits.runs").iterdir())
        assert sorted(runs) == sorted(f"{i}/logs{g}" for i in ids for g in ("", "/train", "/validation"))
        experiment = _post(f"{base}/plugin/hparams/experiment", {"experimentName": ""})
        infos = {info["name"]: info for info in experiment["hparamInfos"]}
        assert infos["training.batch_size"]["differs"] is True and infos["training.loss"]["differs"] is False
        metrics = {(m["name"]["group"], m["name"]["tag"]) for m in experiment["metricInfos"]}
        assert {("train", "epoch_loss"), ("validation", "epoch_accuracy")} <= metrics
    finally:
        server.terminate()
        server.wait(30)
