"""export_code(): deterministic, formatted, standalone code that builds the same model."""

import ast

import pytest

from nnbuilder import Project, build, export_code, from_keras, load_template, templates
from tests.helpers import chain, graph
from tests.roundtrip import layer_signature
from tests.standalone import ruff_format_changes, run_exports


def _functions(project):
    from nnbuilder.document.models import top_level_models

    top = top_level_models(project)
    return ["build_model"] if len(top) == 1 else [f"build_{name}" for name in top]


def _branchy():
    import keras
    from keras import layers

    a = keras.Input((10,), name="a")
    b = keras.Input((6, 3), name="b")
    shared = layers.Dense(4, name="shared")
    x = shared(a)
    y = layers.LSTM(4, name="rnn")(b)
    z = layers.Concatenate(name="cat")([x, shared(layers.Dense(10, name="widen")(y))])
    q = layers.Reshape((2, 4), name="seq")(z)
    att = layers.MultiHeadAttention(2, 3, name="att")(q, q)
    out = layers.Dense(1, activation="sigmoid", name="out")(layers.Flatten(name="flat")(att))
    return keras.Model([a, b], [out, z], name="branchy")


def _projects():
    cases = {name: load_template(name) for name in templates()}
    cases["branchy"] = from_keras(_branchy())
    return cases


def test_export_is_deterministic_and_ruff_formatted(tmp_path):
    for name, project in _projects().items():
        code = export_code(project)
        assert code == export_code(Project.from_dict(project.to_dict())), name
        path = tmp_path / f"{name}.py"
        path.write_text(code, encoding="utf-8")
        assert not ruff_format_changes(path), f"ruff format would change the export of {name}:\n{code}"


def test_chain_is_sequential_and_graph_is_functional():
    assert "keras.Sequential(" in export_code(load_template("mnist_cnn"))
    code = export_code(_projects()["branchy"])
    assert "keras.Sequential(" not in code and "keras.Model(" in code
    assert 'shared_layer = layers.Dense(4, name="shared")' in code


def test_exports_run_without_nnbuilder_and_build_the_same_models(tmp_path):
    jobs, expected = [], {}
    for name, project in _projects().items():
        script = tmp_path / f"{name}.py"
        script.write_text(export_code(project), encoding="utf-8")
        out = tmp_path / name
        out.mkdir()
        jobs.append({"script": str(script), "functions": _functions(project), "out": str(out)})
        built = build(project)
        expected[str(script)] = built if isinstance(built, dict) else {"model": built}
    import keras

    for entry in run_exports(jobs):
        assert entry["error"] is None, entry
        ours = expected[entry["script"]]
        for fn, path in entry["saved"].items():
            theirs = keras.saving.load_model(path)
            mine = ours["model"] if fn == "build_model" else ours[fn[len("build_") :]]
            assert layer_signature(theirs) == layer_signature(mine), fn
            assert theirs.count_params() == mine.count_params()


HOSTILE = [
    "a'b\"c",
    "x\ny = __import__('os').system('touch PWNED')",
    "'); open('PWNED', 'w'); ('",
    '"""; open("PWNED", "w"); """',
    "\\'; open('PWNED', 'w') #",
    "\r__import__('os').system('touch PWNED')",
    "\u2028open('PWNED','w')",
    "{open('PWNED','w')}",
    "名字 ünïcode \x00\x07 tab\there",
]


def _hostile_project(payload: str):
    project = graph(
        [(f"in{payload}", "Input", {"shape": [4]}), (payload, "Dense", {"units": 2}), ("out", "Dense", {"units": 1})],
        [(f"in{payload}", payload), (payload, "out")],
    )
    project.name = payload
    project.description = {"en": payload, "zh": payload}
    project.models["model"].nodes[1].label = payload
    return project


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_stays_data(payload):
    code = export_code(_hostile_project(payload))
    tree = ast.parse(code)
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert called <= {"build_model", "float"}, called
    assert "PWNED" not in "".join(n.id for n in ast.walk(tree) if isinstance(n, ast.Name))


def test_hostile_text_exports_run_as_data(tmp_path):
    """Every hostile export run, in one fresh Python: nothing it holds runs, and every id gets a Keras name."""
    jobs = []
    for i, payload in enumerate(HOSTILE):
        out = tmp_path / f"case{i}"
        out.mkdir()
        script = out / "hostile.py"
        script.write_text(export_code(_hostile_project(payload)), encoding="utf-8")
        jobs.append({"script": str(script), "functions": ["build_model"], "out": str(out)})
    reports = run_exports(jobs)
    assert not list(tmp_path.rglob("PWNED")) and not list(tmp_path.parent.glob("PWNED"))
    import keras

    from nnbuilder.document.names import layer_names

    for payload, report in zip(HOSTILE, reports, strict=True):
        assert report["error"] is None, (payload, report["error"])  # every id is given a name Keras accepts
        model = keras.saving.load_model(report["saved"]["build_model"])
        project = _hostile_project(payload)
        assert layer_names(project.models["model"])[payload] in [layer.name for layer in model.layers]


def test_string_parameters_are_rendered_as_data(tmp_path):
    payload = "') or open('PWNED', 'w') or ('"
    project = chain(
        ("x", "Input", {"shape": [5, 3]}), ("pad", "ZeroPadding1D", {"padding": payload}), ("y", "Dense", {"units": 1})
    )
    code = export_code(project)
    strings = [n.value for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert payload in strings  # the payload survives as one string constant
    script = tmp_path / "hostile.py"
    script.write_text(code, encoding="utf-8")
    (report,) = run_exports([{"script": str(script), "functions": ["build_model"], "out": str(tmp_path)}])
    assert report["error"]  # Keras refuses the padding when the model is built...
    assert not list(tmp_path.glob("PWNED")) and not list(tmp_path.parent.glob("PWNED"))  # ...and nothing ran


def test_names_that_would_be_code_are_refused():
    from nnbuilder import BuildError, ProjectError

    nested = chain(
        ("x", "Input", {"shape": [5, 3]}),
        ("bi", "Bidirectional", {"layer": {"class_name": "LSTM", "config": {"units": 2}}}),
    ).to_dict()
    nested["models"]["model"]["nodes"][1]["config"]["layer"]["class_name"] = "LSTM(1)); __import__('os'"
    with pytest.raises(ProjectError, match=r"models\.model, node 'bi' \(Bidirectional\), config\.layer") as info:
        Project.from_dict(nested)
    assert info.value.path.startswith("models.model.nodes[1].config.layer")
    edited = chain(("x", "Input", {"shape": [4]}), ("d", "Dense", {"units": 2}))
    edited.models["model"].node("d").layer = "Dense(1) or __import__('os').system('x') or layers.Dense"
    with pytest.raises(BuildError, match="is not a valid name"):
        export_code(edited)
    edited = chain(("x", "Input", {"shape": [4]}), ("d", "Dense", {"units": 2}))
    edited.models["model"].node("d").config["units=1, x=__import__('os')"] = 1
    with pytest.raises(BuildError, match="is not a valid name"):
        export_code(edited)
