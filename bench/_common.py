"""Shared bits of the benchmarks: quiet Keras, timing, the ResNet50 graph, a chain of layers as a project."""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    """(median seconds, last result) of `repeat` calls."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def keras_application(name: str):
    import keras

    return getattr(keras.applications, name)(weights=None)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def chain_project(name: str, layers, data: dict, training: dict, search: dict | None = None):
    """An nnbuilder project whose one model, `model`, is the chain `layers`: (id, layer, config) triples."""
    from nnbuilder import Project

    nodes = [
        {"id": i, "layer": layer, "config": config, "pos": [0, 90 * k]} for k, (i, layer, config) in enumerate(layers)
    ]
    edges = [{"source": a["id"], "target": b["id"], "port": 0} for a, b in zip(nodes, nodes[1:])]
    document = {
        "format": "nnbuilder",
        "version": 1,
        "name": name,
        "models": {"model": {"nodes": nodes, "edges": edges}},
        "data": data,
        "training": training,
    }
    if search is not None:
        document["search"] = search
    return Project.from_dict(document)
