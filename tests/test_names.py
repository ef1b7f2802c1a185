"""Names from user text: node ids Keras would refuse, model names that would clobber generated code."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnbuilder
from nnbuilder import Edge, Graph, Node, Project, build, check, export_code
from nnbuilder.document.names import is_keras_name, keras_name, layer_names, python_name
from tests.helpers import chain
from tests.standalone import ruff_format_changes, run_exports

AWKWARD = ["隐藏层", "hidden layer", "a-b", "-lead", "1st", "😀", ".", "a.b", "_x", "x y z", "输出 层", "!!"]


def _mlp(hidden: str, out: str = "out", inp: str = "x", name: str = "model") -> Project:
    return chain(
        (inp, "Input", {"shape": [4]}),
        (hidden, "Dense", {"units": 8, "activation": "relu"}),
        (out, "Dense", {"units": 3, "activation": "softmax"}),
        name=name,
    )


def _two_models(first: str, second: str) -> Project:
    """Two top-level models, each a small chain."""
    a, b = _mlp("h", name=first), _mlp("h", name=second)
    return Project(name="two", models={first: a.models[first], second: b.models[second]})


def _defined_functions(code: str) -> list[str]:
    return [n.name for n in ast.parse(code).body if isinstance(n, ast.FunctionDef)]


def _run_main(script, tmp_path) -> subprocess.CompletedProcess:
    """Run a script as __main__ in a fresh process in which nnbuilder cannot be imported."""
    runner = (
        "import runpy, sys, os; os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'; sys.modules['nnbuilder'] = None; "
        f"runpy.run_path({str(script)!r}, run_name='__main__')"
    )
    return subprocess.run(
        [sys.executable, "-c", runner], capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False
    )


def _run_mains(scripts, tmp_path) -> list[str]:
    """Run each script as __main__, one after another in one fresh process in which nnbuilder cannot be
    imported; each script's output (or its error)."""
    runner = (
        "import runpy, sys, os, traceback; os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'; sys.modules['nnbuilder'] = None\n"
        "for script in sys.argv[1:]:\n"
        "    print('=== SCRIPT', flush=True)\n"
        "    try:\n"
        "        runpy.run_path(script, run_name='__main__')\n"
        "    except BaseException:\n"
        "        traceback.print_exc(file=sys.stdout)\n"
    )
    proc = subprocess.run([sys.executable, "-c", runner, *map(str, scripts)], capture_output=True, text=True,
                          timeout=600, cwd=tmp_path, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.split("=== SCRIPT\n")[1:]


def test_valid_ids_keep_their_text():
    for text in ["dense", "conv2d_1", "Dense", "1x1", "a.b", ".", "x-y", "a>b", "lstm_call2"]:
        assert is_keras_name(text) and keras_name(text) == text
    project = nnbuilder.load_template("mnist_cnn")
    graph = next(iter(project.models.values()))
    assert all(name == node_id for node_id, name in layer_names(graph).items())


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_ids_get_readable_ascii_keras_names(text):
    name = keras_name(text)
    assert is_keras_name(name) and name.isascii() and name == keras_name(text)
    assert python_name(text, set()).isidentifier() and python_name(text, set()).isascii()


def test_different_chinese_ids_stay_apart_and_spaces_become_underscores():
    assert keras_name("隐藏层") != keras_name("输出层")
    assert keras_name("hidden layer") == "hidden_layer"


def test_derived_names_are_unique_in_a_model():
    graph = Graph(
        [
            Node("x", "Input", {"shape": [4]}),
            Node("a b", "Dense", {"units": 2}),
            Node("a_b", "Dense", {"units": 2}),
            Node("a  b", "Dense", {"units": 2}),
        ],
        [Edge("x", "a b"), Edge("a b", "a_b"), Edge("a_b", "a  b")],
    )
    names = layer_names(graph)
    assert names["a_b"] == "a_b"  # a valid id keeps its name; the derived ones move aside
    assert len(set(names.values())) == 4 and all(is_keras_name(n) for n in names.values())
    model = build(Project(name="t", models={"model": graph}))
    assert sorted(layer.name for layer in model.layers) == sorted(names.values())


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_ids_check_and_build(text):
    project = _mlp(text, inp=f"in {text}")
    assert not check(project).errors
    model = build(project)
    names = layer_names(project.models["model"])
    assert model.get_layer(names[text]).units == 8
    assert model.input.name.startswith(names[f"in {text}"])


_ID = st.text(st.characters(blacklist_characters="/", blacklist_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ID, min_size=3, max_size=3, unique=True))
def test_any_id_text_builds_with_unique_names(ids):
    project = _mlp(ids[1], out=ids[2], inp=ids[0])
    names = layer_names(project.models["model"])
    assert len(set(names.values())) == 3 and all(is_keras_name(n) for n in names.values())
    model = build(project)
    assert {layer.name for layer in model.layers} == set(names.values())


def test_chinese_mlp_trains_one_epoch():
    project = Project.from_dict(
        {
            **_mlp("隐藏层", out="输出 层", inp="输入").to_dict(),
            "data": {"dataset": "arrays", "options": {}},
            "training": {
                "loss": "sparse_categorical_crossentropy",
                "metrics": ["accuracy"],
                "epochs": 1,
                "batch_size": 8,
                "validation_split": 0.0,
                "optimizer": {"name": "adam", "learning_rate": 0.01},
                "callbacks": [],
            },
        }
    )
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(32, 4)).astype("float32"), rng.integers(0, 3, 32)
    history = nnbuilder.train(project, (x, y), progress=False)
    assert len(history["loss"]) == 1 and np.isfinite(history["loss"][0])


def test_exported_awkward_ids_run_and_match_build(tmp_path):
    project = _mlp("隐藏层", out="out put", inp="1 输入")
    project.models["model"].nodes.append(Node("😀", "Dense", {"units": 2}))
    project.models["model"].edges.append(Edge("out put", "😀"))
    code = export_code(project)
    script = tmp_path / "names.py"
    script.write_text(code, encoding="utf-8")
    assert not ruff_format_changes(script)
    (report,) = run_exports([{"script": str(script), "functions": ["build_model"], "out": str(tmp_path)}])
    assert report["error"] is None, report["error"]
    import keras

    exported = keras.saving.load_model(report["saved"]["build_model"])

    def named(model):
        return [layer.name for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]

    assert named(exported) == named(build(project))
    assert f'keras.Input(shape=(4,), name="{layer_names(project.models["model"])["1 输入"]}")' in code


COLLIDING = [("Block", "block"), ("build_model", "model"), ("main", "keras"), ("layers", "np"), ("隐藏层", "输出层")]


@pytest.mark.parametrize("first, second", COLLIDING)
def test_colliding_model_names_get_their_own_functions(first, second):
    functions = _defined_functions(export_code(_two_models(first, second)))
    assert len(functions) == len(set(functions)) == 2


def test_colliding_model_names_build_and_run_as_scripts(tmp_path):
    """Every colliding pair's export, in one fresh Python: each function builds its own model, and each script run
    as __main__ summarises both."""
    jobs, scripts = [], []
    for i, (first, second) in enumerate(COLLIDING):
        out = tmp_path / f"pair{i}"
        out.mkdir()
        code = export_code(_two_models(first, second))
        script = out / "two.py"
        script.write_text(code, encoding="utf-8")
        jobs.append({"script": str(script), "functions": _defined_functions(code), "out": str(out)})
        scripts.append(script)
    import keras

    for (first, second), report in zip(COLLIDING, run_exports(jobs), strict=True):
        assert report["error"] is None, (first, second, report["error"])
        built = {keras.saving.load_model(path).name for path in report["saved"].values()}
        assert built == {m.name for m in build(_two_models(first, second)).values()}
    outputs = _run_mains(scripts, tmp_path)
    assert [text.count("Total params") for text in outputs] == [2] * len(COLLIDING), outputs


def test_a_nested_model_called_model_does_not_clobber_build_model(tmp_path):
    inner = _mlp("h", name="model").models["model"]
    outer = Graph(
        [
            Node("x", "Input", {"shape": [4]}),
            Node("inner", "Model", {}, model="model"),
            Node("y", "Dense", {"units": 1}),
        ],
        [Edge("x", "inner"), Edge("inner", "y")],
    )
    project = Project(name="nested", models={"outer": outer, "model": inner})
    code = export_code(project)
    functions = _defined_functions(code)
    assert len(functions) == len(set(functions)) == 2 and "build_model" in functions
    script = tmp_path / "nested.py"
    script.write_text(code, encoding="utf-8")
    (report,) = run_exports([{"script": str(script), "functions": ["build_model"], "out": str(tmp_path)}])
    assert report["error"] is None, report["error"]
    import keras

    assert keras.saving.load_model(report["saved"]["build_model"]).name == "outer"


def test_training_script_names_avoid_its_own_definitions(tmp_path):
    inner = chain(("x", "Input", {"shape": [4]}), ("h", "Dense", {"units": 8}), name="load_data").models["load_data"]
    outer = Graph(
        [Node("x", "Input", {"shape": [4]}), Node("np", "Model", {}, model="load_data"), Node("keras", "Dense", {})],
        [Edge("x", "np"), Edge("np", "keras")],
    )
    outer.node("keras").config = {"units": 3, "activation": "softmax"}
    project = Project(
        name="clash",
        models={"train": outer, "load_data": inner},
        data={"dataset": "iris", "options": {}},
        training={"epochs": 1, "batch_size": 16, "loss": "sparse_categorical_crossentropy", "metrics": []},
    )
    code = export_code(project)
    names = _defined_functions(code)
    assert len(names) == len(set(names)) and {"train", "load_data", "build_model"} <= set(names)
    script = tmp_path / "clash.py"
    script.write_text(code, encoding="utf-8")
    proc = _run_main(script, tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "test:" in proc.stdout


def test_python_names_never_shadow_the_script():
    taken = set()
    made = [python_name(t, taken) for t in ["keras", "layers", "np", "print", "class", "match", "Model", "model"]]
    assert len(set(made)) == len(made)
    assert not {"keras", "layers", "np", "print", "class", "match", "model"} & set(made)


def test_custom_layer_model_file_names_the_class(tmp_path):
    script = tmp_path / "make.py"
    path = tmp_path / "custom.keras"
    script.write_text(
        "import os\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'\nimport keras\n\n"
        "class Twice(keras.layers.Layer):\n    def call(self, x):\n        return x * 2\n\n"
        "x = keras.Input((3,))\n"
        f"keras.Model(x, keras.layers.Dense(2)(Twice()(x))).save({json.dumps(str(path))})\n",
        encoding="utf-8",
    )
    subprocess.run([sys.executable, str(script)], check=True, capture_output=True, timeout=300)
    from nnbuilder.bridge.model_files import load_model
    from nnbuilder.errors import NNBuilderError

    with pytest.raises(NNBuilderError) as info:
        load_model(path)
    message = str(info.value)
    assert "Twice" in message and "built-in Keras layers" in message and "\n" not in message
