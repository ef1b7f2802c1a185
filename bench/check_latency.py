"""check() latency: full and after a one-node edit, on every template and on
the graph imported from keras.applications.ResNet50 (177 layers).

Prints figures; asserts nothing. Run: `make bench` or `python bench/check_latency.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import keras_application, ms, timed  # noqa: E402

from nnbuilder import Checker, from_keras, load_template, templates  # noqa: E402


def _editable(graph, layer):
    """Ids of nodes of type `layer` with an int `filters`/`units` to edit."""
    return [n.id for n in graph.nodes if n.layer == layer]


def measure(label: str, project, edits):
    """Full check on a fresh checker, then incremental checks after editing each node in `edits`."""
    full, result = timed(lambda: Checker().check(project))
    assert result.ok, [str(p) for p in result.errors[:3]]
    checker = Checker()
    checker.check(project)
    rows = []
    for model, node_id, key in edits:
        node = project.models[model].node(node_id)
        original = node.config[key]
        values = iter(range(original + 1, original + 100))  # always a new value: no memo hits

        def edit_and_check(node=node, key=key, values=values):
            node.config[key] = next(values)
            return checker.check(project)

        seconds, res = timed(edit_and_check, repeat=6)
        node.config[key] = original
        checker.check(project)
        rows.append((node_id, key, seconds, res.recomputed))
    nodes = sum(len(g.nodes) for g in project.models.values())
    print(f"{label:<22} {nodes:>5} nodes   full {ms(full)}")
    for node_id, key, seconds, recomputed in rows:
        print(f"{'':<22} edit {node_id}.{key:<8} -> incremental {ms(seconds)} ({recomputed} nodes recomputed)")
    return full, rows


def main():
    print("check() latency (median of 5-6 runs)")
    for name in templates():
        project = load_template(name)
        model = next(iter(project.models))
        graph = project.models[model]
        layer = next(n for n in graph.nodes if "units" in n.config or "filters" in n.config)
        key = "units" if "units" in layer.config else "filters"
        measure(name, project, [(model, layer.id, key)])
    resnet = from_keras(keras_application("ResNet50"))
    model = next(iter(resnet.models))
    convs = _editable(resnet.models[model], "Conv2D")
    full, rows = measure("ResNet50 (imported)", resnet, [(model, convs[0], "filters"), (model, convs[-1], "filters")])
    worst = max(r[2] for r in rows)
    print(
        f"\nResNet50 graph: full {full * 1000:.1f} ms (target <= 2000 ms), "
        f"worst incremental {worst * 1000:.1f} ms (target <= 200 ms)"
    )


if __name__ == "__main__":
    main()
