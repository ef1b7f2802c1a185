"""Seconds per epoch of data-parallel training: one process against two on this machine (JAX, CPU).

Each process has one CPU device; two processes join through a coordinator on 127.0.0.1 and each trains
half of every batch. The first epoch (compilation) is left out; the median of the others is printed.

    .venv/bin/python bench/distributed.py [--rows 16384] [--epochs 4]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys

WORKER = r"""
import json, sys, time
import numpy as np
from nnbuilder.document.project import Project
from nnbuilder.training import distributed

coordinator, processes, process_id, rows, epochs = sys.argv[1], *map(int, sys.argv[2:6])
cluster = distributed.join(coordinator, processes, process_id, local_devices=1) if processes > 1 else None
rng = np.random.default_rng(0)
x = rng.normal(size=(rows, 64)).astype("float32")
y = (x[:, :8].sum(axis=1) > 0).astype("int64")
project = Project.from_dict({
    "format": "nnbuilder", "version": 1, "name": "bench mlp",
    "models": {"model": {
        "nodes": [
            {"id": "features", "layer": "Input", "config": {"shape": [64]}},
            {"id": "hidden1", "layer": "Dense", "config": {"units": 512, "activation": "relu"}},
            {"id": "hidden2", "layer": "Dense", "config": {"units": 512, "activation": "relu"}},
            {"id": "classes", "layer": "Dense", "config": {"units": 2, "activation": "softmax"}},
        ],
        "edges": [{"source": "features", "target": "hidden1"}, {"source": "hidden1", "target": "hidden2"},
                  {"source": "hidden2", "target": "classes"}],
    }},
    "training": {"loss": "sparse_categorical_crossentropy", "epochs": epochs, "batch_size": 256, "seed": 1},
})
marks = [time.perf_counter()]
distributed.fit(project, (x, y, x[:256], y[:256]), cluster=cluster,
                on_epoch=lambda epoch, logs: marks.append(time.perf_counter()))
print("EPOCHS " + json.dumps([b - a for a, b in zip(marks, marks[1:])]), flush=True)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(processes: int, rows: int, epochs: int) -> float:
    """Median seconds per epoch after the first, of process 0."""
    env = {**os.environ, "KERAS_BACKEND": "jax", "TF_CPP_MIN_LOG_LEVEL": "3", "JAX_PLATFORMS": "cpu"}
    coordinator = f"127.0.0.1:{_free_port()}"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, coordinator, str(processes), str(i), str(rows), str(epochs)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(processes)
    ]
    results = [w.communicate(timeout=600) for w in workers]
    for worker, (_, err) in zip(workers, results):
        if worker.returncode:
            raise SystemExit(f"a training process failed:\n{err[-2000:]}")
    line = next(ln for ln in results[0][0].splitlines() if ln.startswith("EPOCHS "))
    return statistics.median(json.loads(line[len("EPOCHS ") :])[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=16384)
    parser.add_argument("--epochs", type=int, default=4)
    args = parser.parse_args()
    one = _run(1, args.rows, args.epochs)
    two = _run(2, args.rows, args.epochs)
    print(f"{os.cpu_count()} cores, {args.rows} rows, batch 256, MLP 64-512-512-2, JAX on CPU")
    print(f"1 process : {one:.3f} s per epoch")
    print(f"2 processes: {two:.3f} s per epoch")
    print(f"ratio (2 processes / 1 process): {two / one:.2f}")


if __name__ == "__main__":
    main()
