"""Data-parallel training over two real processes (JAX backend, CPU devices, a coordinator on loopback).

Two processes join through `jax.distributed`, each trains its part of every batch of a small MLP built
from a project, and both must report the same per-epoch losses, which must also be those of one process
training the same rows in the same order."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from nnbuilder.errors import NNBuilderError
from nnbuilder.training.distributed import batch_rows, check_request

WORKER = r"""
import json, sys
import numpy as np
from nnbuilder.document.project import Project
from nnbuilder.training import distributed

coordinator, processes, process_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cluster = distributed.join(coordinator, processes, process_id, local_devices=2) if processes > 1 else None
rng = np.random.default_rng(7)
x = rng.normal(size=(320, 6)).astype("float32")
y = (x[:, 0] + x[:, 1] > 0).astype("int64")
# seeded initializers, not a project seed: the lone process starts from the same weights, and no process
# imports TensorFlow (keras.utils.set_random_seed seeds it too), which costs seconds
project = Project.from_dict({
    "format": "nnbuilder", "version": 1, "name": "tiny mlp",
    "models": {"model": {
        "nodes": [
            {"id": "features", "layer": "Input", "config": {"shape": [6]}},
            {"id": "hidden", "layer": "Dense", "config": {"units": 16, "activation": "relu", "kernel_initializer": {
                "class_name": "GlorotUniform", "config": {"seed": 1}}}},
            {"id": "classes", "layer": "Dense", "config": {"units": 2, "activation": "softmax", "kernel_initializer": {
                "class_name": "GlorotUniform", "config": {"seed": 2}}}},
        ],
        "edges": [{"source": "features", "target": "hidden"}, {"source": "hidden", "target": "classes"}],
    }},
    "training": {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"], "epochs": 2,
                 "batch_size": 32, "validation_split": 0.2,
                 "optimizer": {"name": "adam", "learning_rate": 0.01}},
})
trained = distributed.fit(project, (x[:256], y[:256], x[256:], y[256:]), cluster=cluster)
print("HISTORY " + json.dumps(trained.history), flush=True)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "KERAS_BACKEND": "jax", "TF_CPP_MIN_LOG_LEVEL": "3", "JAX_PLATFORMS": "cpu"}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _history(process: subprocess.Popen) -> dict[str, list[float]]:
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"a training process did not finish within 120 s:\n{err[-3000:]}")
    assert process.returncode == 0, err[-3000:]
    lines = [line for line in out.splitlines() if line.startswith("HISTORY ")]
    assert len(lines) == 1, out
    return json.loads(lines[0][len("HISTORY ") :])


def test_two_processes_train_the_same_losses_as_one():
    coordinator = f"127.0.0.1:{_free_port()}"
    workers = [_start(coordinator, "2", str(i)) for i in range(2)]
    alone = _start("-", "1", "0")
    first, second = (_history(w) for w in workers)
    single = _history(alone)
    assert set(first) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(values) == 2 for values in first.values())
    # one program over one global batch: every process holds the same numbers, bit for bit
    assert first == second
    # the same rows in the same order on one process: only the order of float32 sums differs (the batch
    # mean is a sum over 4 devices' parts instead of one), measured about 1e-7 after 2 epochs; 100 times that is allowed
    for name in first:
        assert first[name] == pytest.approx(single[name], rel=1e-5, abs=1e-6), name
    assert first["loss"][1] < first["loss"][0]  # it learned


def test_each_process_takes_its_block_of_every_batch():
    rows = [batch_rows(20, 8, 2, p, devices=4) for p in range(2)]
    assert rows[0] == [0, 1, 2, 3, 8, 9, 10, 11, 16, 17]
    assert rows[1] == [4, 5, 6, 7, 12, 13, 14, 15, 18, 19]
    with pytest.raises(NNBuilderError, match="expected a multiple of 4, the number of devices"):
        batch_rows(20, 6, 2, 0, devices=4)


def test_bad_requests_are_one_sentence_in_both_languages():
    with pytest.raises(NNBuilderError, match=r"coordinator: expected HOST:PORT") as caught:
        check_request("localhost", 2, 0)
    assert "coordinator：需要" in caught.value.said_in["zh"]
    with pytest.raises(NNBuilderError, match="process_id: expected a whole number from 0 to 1, got 2"):
        check_request("127.0.0.1:7777", 2, 2)
    with pytest.raises(NNBuilderError, match="--processes needs --process-id and --coordinator"):
        check_request(None, 2, 0)


def test_a_tensorflow_cluster_is_refused_naming_the_supported_way(monkeypatch):
    import keras

    from nnbuilder.training.devices import choose_placement

    if keras.backend.backend() != "tensorflow":
        pytest.skip("TF_CONFIG is read on the TensorFlow backend only")
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": {"worker": ["a:1", "b:2"]}, "task": {"index": 0}}))
    with pytest.raises(NNBuilderError, match="Keras 3 does not drive TensorFlow's MultiWorkerMirroredStrategy"):
        choose_placement()


def test_the_command_line_asks_for_the_coordinator_and_says_jax_only(capsys):
    from nnbuilder import cli

    assert cli.main(["train", "any.nnb.json", "--processes", "2"]) == 1
    assert "--processes needs --process-id and --coordinator HOST:PORT" in capsys.readouterr().err
    help_text = cli.parser()._subparsers._group_actions[0].choices["train"].format_help()
    assert "JAX backend only" in help_text and "MultiWorkerMirroredStrategy is not supported" in help_text


def test_settings_a_run_over_processes_cannot_honour_are_refused_by_name():
    from nnbuilder.document.project import Project
    from nnbuilder.training.distributed import fit

    project = Project.from_dict(
        {
            "format": "nnbuilder",
            "version": 1,
            "name": "with callbacks",
            "models": {"model": {"nodes": [], "edges": []}},
            "training": {"callbacks": [{"name": "early_stopping"}], "test_each_epoch": True},
        }
    )
    with pytest.raises(NNBuilderError, match=r"without callbacks or test_each_epoch \(this project has early_stopping"):
        fit(project, cluster=None)
