"""Activation view latency: from "a node is selected" to its view data ready, on the MNIST CNN template, on CPU.

What a click costs is `activations(model, sample)` (every node's output on one sample) and then
`activation_picture` of the selected node's output (the feature-map grid, the bars, the image).

1. First call on a model: the probe model that returns every node's output is made and compiled. Timed once
   per node on a freshly built model (building it is not timed), median over `--fresh` models.
2. Later calls (a learner clicking node after node, the view refreshed each epoch): the cached probe only runs.
   Median and slowest of `--repeat` calls per node, with the split between `activations` and the picture.
3. For scale: one plain `model.predict_on_batch` of the whole model on the same sample, and the naive way of
   showing one node, `keras.Model(model.inputs, layer.output)` made and run on each click.

The goal: under 200 ms per click, first call included. Asserts nothing. Run:
`python bench/activation_view.py [--repeat 20] [--fresh 3]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")  # CPU: the case a classroom laptop or Binder has
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import ms  # noqa: E402

GOAL_MS = 200.0
TEMPLATE = "mnist_cnn"


def click(model, project, sample, node_id):
    """What selecting `node_id` computes: every activation, then the picture of that node's output."""
    from nnbuilder.views.activation_pictures import activation_picture
    from nnbuilder.views.activations import activations

    values = activations(model, sample, project=project)
    return activation_picture(values[node_id][0])


def seconds_of(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="calls per node once the probe is cached")
    parser.add_argument("--fresh", type=int, default=3, help="freshly built models per node for the first call")
    args = parser.parse_args()

    import keras
    import numpy as np

    from nnbuilder import load_template
    from nnbuilder.bridge.to_keras import build
    from nnbuilder.views.activation_pictures import activation_picture
    from nnbuilder.views.activations import activations

    project = load_template(TEMPLATE)
    graph = project.models["model"]
    nodes = [n.id for n in graph.nodes]
    sample = np.random.default_rng(0).random((28, 28, 1)).astype("float32")
    print(
        f"Activation view on the {TEMPLATE} template ({len(nodes)} nodes), Keras {keras.__version__} "
        f"({keras.backend.backend()}), CPU; goal: under {GOAL_MS:.0f} ms per click"
    )

    build(project)  # warm Keras itself up: the first model of a process pays for imports and kernels
    first: dict[str, list[float]] = {n: [] for n in nodes}
    for _ in range(args.fresh):
        for node_id in nodes:
            model = build(project)
            first[node_id].append(seconds_of(lambda m=model, n=node_id: click(m, project, sample, n)))

    model = build(project)
    click(model, project, sample, nodes[0])
    later, split = {}, {}
    for node_id in nodes:
        times, act_times, pic_times = [], [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            values = activations(model, sample, project=project)
            middle = time.perf_counter()
            picture = activation_picture(values[node_id][0])
            end = time.perf_counter()
            times.append(end - start)
            act_times.append(middle - start)
            pic_times.append(end - middle)
        later[node_id] = times
        split[node_id] = (statistics.median(act_times), statistics.median(pic_times), picture["kind"])

    print(
        f"\n{'node':10} {'picture':13} {'first call':>12} {'later (median)':>15} {'later (max)':>12} "
        f"{'activations':>12} {'picture':>11}"
    )
    for node_id in nodes:
        act, pic, kind = split[node_id]
        print(
            f"{node_id:10} {kind:13} {ms(statistics.median(first[node_id])):>12} "
            f"{ms(statistics.median(later[node_id])):>15} {ms(max(later[node_id])):>12} {ms(act):>12} {ms(pic):>11}"
        )

    whole = [seconds_of(lambda: model.predict_on_batch(sample[None])) for _ in range(args.repeat)]
    naive = []
    for node_id in nodes[1:]:
        layer = model.get_layer(node_id)
        naive.append(
            seconds_of(lambda layer=layer: keras.Model(model.inputs, layer.output).predict_on_batch(sample[None]))
        )
    worst_first = max(statistics.median(t) for t in first.values())
    worst_later = max(statistics.median(t) for t in later.values())
    print(f"\nplain model.predict_on_batch (whole model, cached):    {ms(statistics.median(whole))}")
    print(f"naive per click (keras.Model(inputs, layer.output)):  {ms(statistics.median(naive))} (median)")
    print(f"slowest node, first call:  {ms(worst_first)}  ({worst_first * 1000 / GOAL_MS:.2f} of the goal)")
    print(f"slowest node, later calls: {ms(worst_later)}  ({worst_later * 1000 / GOAL_MS:.2f} of the goal)")


if __name__ == "__main__":
    main()
