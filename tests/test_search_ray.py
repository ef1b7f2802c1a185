"""The cluster engine of a search: a real two-node Ray cluster on loopback (a head node and a second node, one CPU
each), a small grid search run through Ray Tune from Python and from the command line, every trial's run written
back into the driver's runs folder once, the trials spread over both nodes, and the best trial the best by the
metric. Slow: `python -m pytest -m slow tests/test_search_ray.py` (or `make test-all`)."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import nnbuilder
from nnbuilder.cli import main

HAVE_RAY = importlib.util.find_spec("ray") is not None
needs_ray = pytest.mark.skipif(not HAVE_RAY, reason="the cluster engine needs Ray Tune: pip install nnbuilder[cluster]")

ROOT = Path(__file__).resolve().parents[1]
GRID = {
    "sampler": "grid",
    "metric": "val_loss",
    "direction": "minimize",
    "ranges": [
        {"target": {"model": "model", "node": "hidden", "param": "units"}, "values": [8, 32]},
        {"target": {"training": "optimizer.learning_rate"}, "values": [0.0001, 0.01]},
    ],
}
RAY = str(Path(sys.executable).with_name("ray"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_node(args: list[str], env: dict[str, str], nodes: list[subprocess.Popen[str]]) -> None:
    """`ray start … --block` in a process group of its own (kept in `nodes`); returns once the node says it is up.
    Ray gives a node 30 s to register, which a loaded machine can miss: one more try then."""
    try:
        nodes.append(_started(args, env))
    except AssertionError:
        nodes.append(_started(args, env))


def _started(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [RAY, "start", "--block", "--num-cpus=1", "--object-store-memory=100000000", "--disable-usage-stats", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    seen = []
    assert proc.stdout is not None
    for line in proc.stdout:  # blocks until the node has started (or its process ends)
        seen.append(line)
        if "Ray runtime started" in line:
            return proc
    _stop(proc)
    raise AssertionError("the Ray node did not start:\n" + "".join(seen[-40:]))


def _stop(proc: subprocess.Popen[str]) -> None:
    """End a node: its whole process group (raylet, workers, and for the head the GCS)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # what the group's leader left behind
    if proc.stdout is not None:
        proc.stdout.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A head node and a second node on 127.0.0.1, their files in a temporary folder; both stopped at the end."""
    folder = tmp_path_factory.mktemp("ray")
    env = {
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "PYTHONPATH": str(ROOT),
        "RAY_USAGE_STATS_ENABLED": "0",
        "TMPDIR": str(folder),
        "HOME": str(folder),  # Ray keeps files in ~/.ray: the nodes' stay in the temporary folder
        "KERAS_BACKEND": os.environ.get("KERAS_BACKEND", "tensorflow"),
    }
    port = _free_port()
    address = f"127.0.0.1:{port}"
    nodes: list[subprocess.Popen[str]] = []
    try:
        head = ["--head", "--node-ip-address=127.0.0.1", f"--port={port}", "--include-dashboard=false"]
        _start_node([*head, f"--temp-dir={folder / 'head'}"], env, nodes)
        _start_node([f"--address={address}", "--node-ip-address=127.0.0.1"], env, nodes)
        yield address
    finally:
        for proc in reversed(nodes):
            _stop(proc)


def _project(folder: Path, pruning: str = "none") -> Path:
    """templates/mnist_mlp.nnb.json with two epochs and a 2×2 grid (MNIST's offline stand-in here)."""
    document = nnbuilder.Project.load(ROOT / "templates" / "mnist_mlp.nnb.json").to_dict()
    document["training"]["epochs"] = 2
    document["search"] = {**GRID, "pruning": pruning}
    return nnbuilder.Project.from_dict(document).save(folder / "mnist_mlp.nnb.json")


def _records(runs: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text()) for p in runs.glob("*/run.json")}


@pytest.mark.slow
@needs_ray
def test_a_grid_search_runs_on_both_nodes_and_comes_back_as_runs(cluster, tmp_path):
    runs = tmp_path / "found"
    seen = []
    result = nnbuilder.search(_project(tmp_path), out=runs, engine="ray", address=cluster, on_trial=seen.append)

    assert len(result.trials) == 4 and {t.state for t in result.trials} == {"complete"}, result.table()
    assert sorted(row.number for row in seen) == [0, 1, 2, 3]
    pairs = {(t.values["model/hidden.units"], t.values["training.optimizer.learning_rate"]) for t in result.trials}
    assert pairs == {(8, 0.0001), (8, 0.01), (32, 0.0001), (32, 0.01)}

    records = _records(runs)  # every trial's run is in the driver's runs folder, once, and nothing else is
    assert sorted(records) == sorted(t.run_id for t in result.trials)
    assert not [p.name for p in runs.iterdir() if p.name.startswith(".")]
    for trial in result.trials:
        search = records[trial.run_id]["search"]
        assert search["trial"] == trial.number and search["state"] == "complete"
        assert search["score"] == pytest.approx(trial.score)
        assert search["node_id"] == trial.node["node_id"] and search["host"] == trial.node["host"]
        assert (runs / trial.run_id / "logs").is_dir()
    assert len({t.node["node_id"] for t in result.trials}) == 2  # the trials ran on both nodes

    best = min(records.values(), key=lambda record: record["search"]["score"])
    assert result.best is not None and result.best.run_id == best["id"]
    assert result.best_value == pytest.approx(min(t.score for t in result.trials))
    assert "node" in result.table()[0] and f"; on {result.best.node['host']}, node " in result.best.line("val_loss")

    again = nnbuilder.search(_project(tmp_path), out=runs, engine="ray", address=cluster)  # the study is done
    assert [t.run_id for t in again.trials] == [t.run_id for t in result.trials]


@pytest.mark.slow
@needs_ray
def test_the_command_line_runs_a_pruned_search_on_the_cluster(cluster, tmp_path, capsys):
    project = _project(tmp_path, pruning="median")  # ASHA: the trial behind at epoch 1 may end there
    args = ["search", str(project), "--trials", "2", "--out", str(tmp_path / "cli")]
    code = main([*args, "--engine", "ray", "--address", cluster])
    out = capsys.readouterr().out
    assert code == 0, out
    trials = [line for line in out.splitlines() if line.startswith("trial ")]
    assert len(trials) == 2 and all("; on " in line and ", node " in line for line in trials)
    assert all("(finished, " in line or "(pruned, " in line for line in trials)
    assert any(line.startswith("best: trial ") for line in out.splitlines())
    records = _records(tmp_path / "cli")  # a pruned trial's run comes back too, stopped after its epoch
    assert sorted(r["search"]["trial"] for r in records.values()) == [0, 1]
    for record in records.values():
        assert record["search"]["state"] in ("complete", "pruned") and record["search"]["node_id"]
        assert record["status"] == ("stopped" if record["search"]["state"] == "pruned" else "finished")


def test_without_ray_the_engine_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # importing ray now fails, as where it is not installed
    project = _project(tmp_path)
    with pytest.raises(nnbuilder.NNBuilderError, match=r"pip install nnbuilder\[cluster\]"):
        nnbuilder.search(project, engine="ray", address="127.0.0.1:1")
    assert main(["search", str(project), "--engine", "ray", "--address", "127.0.0.1:1"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "nnbuilder: error: --engine ray needs Ray Tune, which is not installed: pip install nnbuilder[cluster] "
        "(or use --engine local)\n"
    )
    assert not list(tmp_path.glob("*.runs"))  # refused before anything was written


def test_engine_and_address_are_checked(tmp_path):
    project = _project(tmp_path)
    with pytest.raises(nnbuilder.NNBuilderError, match="engine: expected 'local' or 'ray', got 'dask'"):
        nnbuilder.search(project, engine="dask")
    with pytest.raises(nnbuilder.NNBuilderError, match="--address names a cluster"):
        nnbuilder.search(project, address="127.0.0.1:6379")


def test_the_engine_does_not_load_ray_until_it_is_used():
    code = "import sys, nnbuilder; nnbuilder.search; import nnbuilder.cli; assert 'ray' not in sys.modules, 'ray'"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]


@needs_ray
def test_an_address_nothing_answers_on_is_refused_in_one_sentence(tmp_path, capsys):
    port = _free_port()  # free: nothing listens there
    assert main(["search", str(_project(tmp_path)), "--engine", "ray", "--address", f"127.0.0.1:{port}"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"nnbuilder: error: --engine ray: could not reach the Ray cluster at 127.0.0.1:{port}: ")
    assert err.count("\n") == 1 and "Traceback" not in err
