"""The NumPy export of one training step: a script needing only NumPy, `ruff format`-stable, whose numbers
are `nnbuilder.step`'s when run in a fresh, isolated Python process."""

import json
import subprocess
import sys

import numpy as np

from nnbuilder.codegen.numpy_step import numpy_step_code
from nnbuilder.template_library import load_template
from nnbuilder.views.one_step import step
from tests.standalone import ruff_format_changes
from tests.views.test_one_step import batch, chain_project, classifier, random_weights, relative

# Runs every script in one isolated process (-I: no user site, no current folder, so nnbuilder cannot be
# found) and reports run()'s numbers, what `python script.py` printed, and any framework it loaded.
RUNNER = r"""
import contextlib, io, json, runpy, sys
report = []
for path in sys.argv[1:]:
    values = runpy.run_path(path, run_name="exported")["run"]()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        runpy.run_path(path, run_name="__main__")
    plain = lambda v: v.tolist() if hasattr(v, "tolist") else v
    layers = [{key: plain(value) for key, value in layer.items()} for layer in values["layers"]]
    state = {k: {s: plain(v) for s, v in slots.items()} for k, slots in values["state"].items()}
    report.append({"loss": values["loss"], "step": values["step"], "layers": layers, "state": state,
                   "printed": printed.getvalue()})
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("keras", "tensorflow", "jax", "torch", "nnbuilder"))
print("REPORT" + json.dumps({"scripts": report, "loaded": loaded}))
"""

NUMBERS = ("a_prev", "z", "a", "dL_da", "dL_dz", "dL_dW", "dL_db", "delta_W", "delta_b", "new_W", "new_b")


def run_scripts(paths):
    proc = subprocess.run([sys.executable, "-I", "-c", RUNNER, *map(str, paths)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(line for line in proc.stdout.splitlines() if line.startswith("REPORT"))
    return json.loads(line[len("REPORT") :])


def cases():
    """(name, project, x, y, weights, state): the course network, a softmax classifier continuing from an
    earlier step, a regression, and a project whose name would break out of a string."""
    feedforward = load_template("feedforward")
    x, y = batch(feedforward, size=6)
    yield "feedforward", feedforward, x, y, random_weights(feedforward), None
    momentum = classifier({"name": "sgd", "learning_rate": 0.1, "momentum": 0.9, "nesterov": True})
    x, y = batch(momentum)
    earlier = step(momentum, x, y, weights=random_weights(momentum, seed=2))
    yield "classifier", momentum, *batch(momentum, seed=4), None, earlier
    nodes = [
        ("x", "Input", {"shape": [3]}),
        ("h", "Dense", {"units": 4, "activation": "elu"}),
        ("d", "Dropout", {"rate": 0.1}),
        ("o", "Dense", {"units": 2}),
    ]
    regression = chain_project(nodes, "mse", {"name": "rmsprop", "learning_rate": 0.01, "centered": True})
    yield "regression", regression, *batch(regression), random_weights(regression), None
    adam = classifier({"name": "adam", "learning_rate": 0.01}, loss="categorical_crossentropy")
    adam.name = 'odd "name"\nimport os; os.exit(3)  # \\'
    x, y = batch(adam)
    first = step(adam, x, y, weights=random_weights(adam, seed=7))
    yield "adam_second_step", adam, *batch(adam, seed=8), None, first


def test_exported_step_runs_with_numpy_only_and_gives_the_step_numbers(tmp_path):
    expected, paths = [], []
    for name, project, x, y, weights, state in cases():
        code = numpy_step_code(project, x, y, weights, state=state)
        assert "import keras" not in code and "import nnbuilder" not in code and "from nnbuilder" not in code
        path = tmp_path / f"{name}.py"
        path.write_text(code, encoding="utf-8")
        assert not ruff_format_changes(path), f"ruff format would change the NumPy export of {name}"
        expected.append((name, project, step(project, x, y, weights=weights, state=state)))
        paths.append(path)
    report = run_scripts(paths)
    assert report["loaded"] == []  # neither Keras, TensorFlow nor nnbuilder
    worst = 0.0
    for (name, project, record), got in zip(expected, report["scripts"]):
        assert relative(got["loss"], record.loss_value) < 1e-10, name
        assert got["step"] == record.iterations
        for layer, values in zip(record.layers, got["layers"]):
            assert values["node"] == layer.node
            for key in NUMBERS:
                error = relative(values[key], getattr(layer, key))
                assert error < 1e-10, f"{name} {layer.node} {key}: {error:.1e}"
                worst = max(worst, error)
            for slot, (kernel, bias) in layer.state.items():
                assert relative(got["state"][layer.node + "/kernel"][slot], kernel) < 1e-10
                assert relative(got["state"][layer.node + "/bias"][slot], bias) < 1e-10
        assert got["printed"].startswith(f"{project.name}: loss {record.loss_value:.6f} after step {record.iterations}")
        assert f"{record.layers[0].node}: |dL/dW| {np.linalg.norm(record.layers[0].dL_dW):.6g}" in got["printed"]
    print(f"NumPy export: worst relative difference from step() {worst:.1e}")


def test_export_carries_only_the_classes_the_network_uses():
    project = classifier({"name": "sgd"})
    x, y = batch(project)
    code = numpy_step_code(project, x, y, random_weights(project))
    for name in ("class Dense", "class Tanh(", "class Softmax(", "class SparseCategoricalCrossentropy(", "class SGD("):
        assert name in code
    for name in ("class ReLU(", "class Adam(", "class MeanSquaredError(", "class RMSprop("):
        assert name not in code
    assert "def forward" in code and "def backward" in code and "def update" in code and "def run()" in code
