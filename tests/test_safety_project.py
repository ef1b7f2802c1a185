"""A project file is data: it never runs code, reads files or allocates huge weights on load or check."""

import dataclasses
import json
import math
import subprocess
import sys
import textwrap

import pytest

from nnbuilder import BuildError, Project, ProjectError, build, check
from nnbuilder.bridge._layers import make_layer
from tests.helpers import chain


def _doc(*nodes):
    """A one-model document whose nodes (id, layer, config) form a chain."""
    return {
        "format": "nnbuilder",
        "version": 1,
        "models": {
            "model": {
                "nodes": [{"id": i, "layer": layer, "config": cfg} for i, layer, cfg in nodes],
                "edges": [{"source": a[0], "target": b[0]} for a, b in zip(nodes, nodes[1:])],
            }
        },
    }


def _refused(doc, *words):
    with pytest.raises(ProjectError) as info:
        Project.from_dict(doc)
    message = str(info.value)
    for word in words:
        assert word in message, message
    return message


# ------------------------------------------------------------ a SavedModel that writes a file when loaded
@pytest.fixture(scope="module")
def malicious_saved_model(tmp_path_factory):
    """(SavedModel folder, the file its initialiser writes when TensorFlow loads it)."""
    import tensorflow as tf

    folder = tmp_path_factory.mktemp("savedmodel")
    target = folder / "written-by-the-model.txt"

    class Writer(tf.saved_model.experimental.TrackableResource):
        def _create_resource(self):
            return tf.raw_ops.VarHandleOp(dtype=tf.float32, shape=[], shared_name="")

        def _initialize(self):
            tf.io.write_file(str(target), "written")

    class Model(tf.Module):
        def __init__(self):
            super().__init__()
            self.writer = Writer()

        @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
        def serve(self, x):
            return x * 2.0

    model = Model()
    tf.saved_model.save(model, str(folder / "model"), signatures={"serving_default": model.serve})
    tf.saved_model.load(str(folder / "model"))  # the sample is real: loading it writes the file
    assert target.exists()
    target.unlink()
    return folder / "model", target


def test_tfsmlayer_from_a_file_is_refused_and_never_loaded(malicious_saved_model, tmp_path):
    model, target = malicious_saved_model
    config = {"filepath": str(model), "call_endpoint": "serve"}
    doc = _doc(("x", "Input", {"shape": [4]}), ("saved", "TFSMLayer", config))
    message = _refused(doc, "'saved'", "TFSMLayer", "trust=True")
    assert "\n" not in message
    path = tmp_path / "attack.nnb.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ProjectError, match="attack.nnb.json"):
        Project.load(path)
    built_in_python = chain(("x", "Input", {"shape": [4]}), ("saved", "TFSMLayer", config))
    (problem,) = check(built_in_python).errors
    assert (problem.code, problem.node) == ("unsafe", "saved")
    with pytest.raises(BuildError, match="saved"):
        build(built_in_python)
    with pytest.raises(BuildError, match="TFSMLayer"):
        make_layer("TFSMLayer", config, "saved")
    assert not target.exists()


@pytest.mark.parametrize(
    ("layer", "config", "words"),
    [
        ("Lambda", {"function": "print"}, ["Lambda", "Python code"]),
        ("JaxLayer", {}, ["JaxLayer"]),
        ("TorchModuleWrapper", {}, ["TorchModuleWrapper"]),
        ("Layer", {}, ["Layer"]),
        ("SomeFutureLayer", {}, ["SomeFutureLayer", "known to be safe"]),
        ("EinsumDense", {"equation": "ab,bc->ac", "output_shape": 2, "weights_path": "/x"}, ["weights_path"]),
    ],
)
def test_layers_outside_the_allow_list_are_refused(layer, config, words):
    _refused(_doc(("x", "Input", {"shape": [4]}), ("n", layer, config)), "'n'", "trust=True", *words)


# ------------------------------------------------------------ vocabularies given as a path
@pytest.mark.parametrize("layer", ["StringLookup", "TextVectorization"])
def test_a_vocabulary_path_is_never_read_unless_trusted(layer, tmp_path):
    vocabulary = tmp_path / "vocabulary.txt"
    vocabulary.write_text("first-line-of-the-file\nsecond\n", encoding="utf-8")
    nodes = (("x", "Input", {"shape": [1], "dtype": "string"}), ("lookup", layer, {"vocabulary": str(vocabulary)}))
    message = _refused(_doc(*nodes), "'lookup'", "vocabulary", "trust=True")
    assert "first-line-of-the-file" not in message
    (problem,) = check(chain(*nodes)).errors
    assert problem.code == "unsafe" and "first-line-of-the-file" not in problem.message
    trusted = Project.from_dict(_doc(*nodes), trust=True)
    assert trusted.trust and check(trusted).ok  # opt-in from Python: Keras reads the file


def test_an_inline_vocabulary_is_data():
    nodes = (("x", "Input", {"shape": [1], "dtype": "string"}), ("lookup", "StringLookup", {"vocabulary": ["a", "b"]}))
    assert check(Project.from_dict(_doc(*nodes))).ok


# ------------------------------------------------------------ nested serialized objects
SMUGGLED = {
    "Lambda inside Bidirectional": (
        "Bidirectional",
        {"layer": {"class_name": "Lambda", "config": {"function": "print"}}},
        "config.layer",
    ),
    "TFSMLayer inside TimeDistributed": (
        "TimeDistributed",
        {"layer": {"class_name": "TFSMLayer", "config": {"filepath": "/tmp/m"}}},
        "config.layer",
    ),
    "initializer from another module": (
        "Dense",
        {"units": 2, "kernel_initializer": {"class_name": "Zeros", "config": {}, "module": "os"}},
        "config.kernel_initializer",
    ),
    "registered custom object": (
        "Dense",
        {"units": 2, "kernel_initializer": {"class_name": "Zeros", "config": {}, "registered_name": "evil>Zeros"}},
        "config.kernel_initializer",
    ),
    "unknown regularizer class": (
        "EinsumDense",
        {"equation": "ab,bc->ac", "output_shape": 2, "kernel_regularizer": {"class_name": "Evil", "config": {}}},
        "config.kernel_regularizer",
    ),
    "function as activation": (
        "EinsumDense",
        {
            "equation": "ab,bc->ac",
            "output_shape": 2,
            "activation": {"class_name": "function", "config": "system", "module": "os"},
        },
        "config.activation",
    ),
    "object in an unknown role": (
        "EinsumDense",
        {"equation": "ab,bc->ac", "output_shape": 2, "extra": {"class_name": "Zeros", "config": {}}},
        "config.extra",
    ),
    "lambda cell in a list": (
        "StackedRNNCells",
        {"cells": [{"class_name": "LSTMCell", "config": {"units": 2}}, {"class_name": "Lambda", "config": {}}]},
        "config.cells[1]",
    ),
    "file path inside a nested layer": (
        "TimeDistributed",
        {"layer": {"class_name": "StringLookup", "config": {"vocabulary": "/etc/hostname"}}},
        "config.layer.config.vocabulary",
    ),
}


@pytest.mark.parametrize("case", sorted(SMUGGLED))
def test_nested_objects_name_only_allowed_classes(case):
    layer, config, where = SMUGGLED[case]
    message = _refused(_doc(("x", "Input", {"shape": [3, 4]}), ("n", layer, config)), "'n'", "trust=True")
    assert f"models.model, node 'n' ({layer}), {where}" in message
    problems = check(chain(("x", "Input", {"shape": [3, 4]}), ("n", layer, config))).errors
    assert "unsafe" in [p.code for p in problems]


def test_allowed_nested_objects_still_load():
    nested = {"units": 2, "kernel_initializer": {"class_name": "Orthogonal", "config": {"gain": 2.0}}}
    Project.from_dict(_doc(("x", "Input", {"shape": [4]}), ("d", "Dense", nested)))
    wrapped = {"layer": {"class_name": "LSTM", "config": {"units": 2}, "module": "keras.layers"}}
    Project.from_dict(_doc(("x", "Input", {"shape": [3, 4]}), ("b", "Bidirectional", wrapped)))


# ------------------------------------------------------------ trust is given from Python only
def test_trust_and_folder_are_set_from_python_and_never_saved(tmp_path):
    doc = _doc(("x", "Input", {"shape": [4]}), ("n", "SomeFutureLayer", {}))
    doc["trust"] = True  # a file cannot trust itself
    with pytest.raises(ProjectError):
        Project.from_dict(doc)
    del doc["trust"]
    trusted = Project.from_dict(doc, trust=True)
    assert trusted.trust and trusted.copy().trust
    assert "trust" not in trusted.to_dict() and "folder" not in trusted.dumps()
    path = tmp_path / "p.nnb.json"
    trusted.save(path)
    loaded = Project.load(path, trust=True)
    assert loaded.folder == tmp_path.absolute() and loaded.copy().folder == loaded.folder
    assert loaded == dataclasses.replace(loaded, trust=False, folder=None)  # not part of equality
    assert Project.loads(path.read_text(encoding="utf-8"), trust=True).folder is None
    assert check(loaded).errors[0].code == "unknown_layer"  # trusted, but Keras has no such layer


def test_a_section_edit_keeps_trust_and_folder(tmp_path):
    from nnbuilder.app.builder import _with_data
    from nnbuilder.app.data_tab import DataTab

    path = tmp_path / "p.nnb.json"
    Project.from_dict(_doc(("x", "Input", {"shape": [4]}), ("f", "Lambda", {"function": "print"})), trust=True).save(
        path
    )
    trusted = Project.load(path, trust=True)
    edited = trusted.with_section("data", {"dataset": "digits", "options": {}})
    assert edited.trust and edited.folder == tmp_path.absolute() and edited.data["dataset"] == "digits"
    assert _with_data(trusted, {"dataset": "arrays", "options": {}}).folder == tmp_path.absolute()
    with pytest.raises(ProjectError):  # validated like from_dict: untrusted, the Lambda is refused
        dataclasses.replace(trusted, trust=False).with_section("data", {"dataset": "digits", "options": {}})

    seen = []
    tab = DataTab(trusted, on_change=seen.append, on_error=lambda exc, what: seen.append((exc, what)))
    field = tab.dataset_field
    field.control.value = field.choices.index("digits")  # the user picks a dataset on the Data tab
    assert len(seen) == 1 and isinstance(seen[0], Project), seen
    assert seen[0].data == {"dataset": "digits", "options": {}}
    assert seen[0].trust and seen[0].folder == tmp_path.absolute()


# ------------------------------------------------------------ huge weights: measured, never allocated
HOSTILE = {
    "einsum 20000x20000": (
        ("x", "Input", {"shape": [20000]}),
        ("e", "EinsumDense", {"equation": "ab,bc->ac", "output_shape": 20000}),
    ),
    "orthogonal 8000x8000": (
        ("x", "Input", {"shape": [8000]}),
        ("d", "Dense", {"units": 8000, "kernel_initializer": "orthogonal"}),
    ),
    "dense 10**4 -> 10**6": (("x", "Input", {"shape": [10**4]}), ("d", "Dense", {"units": 10**6})),
}

MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time, tracemalloc
    import keras
    from nnbuilder import Project, check
    warm = json.loads(sys.argv[2])
    check(Project.from_dict(warm))  # Keras imported and warmed up: measure check alone
    project = Project.load(sys.argv[1])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    result = check(project)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss
    print(json.dumps({"seconds": seconds, "python_peak": peak, "rss_growth_kb": grown,
                      "errors": [p.code for p in result.errors]}))
    """
)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_small_files_with_huge_weights_check_without_allocating_them(case, tmp_path):
    path = tmp_path / "hostile.nnb.json"
    path.write_text(json.dumps(_doc(*HOSTILE[case])), encoding="utf-8")
    assert path.stat().st_size < 400
    warm = _doc(
        ("x", "Input", {"shape": [4]}),
        ("e", "EinsumDense", {"equation": "ab,bc->ac", "output_shape": 3}),
        ("d", "Dense", {"units": 3, "kernel_initializer": "orthogonal"}),
    )
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), json.dumps(warm)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    print(case, figures)
    # the weights would be 1.6 GB, 256 MB and 40 GB; a loose bound, far below any of them
    assert figures["rss_growth_kb"] < 150 * 1024 and figures["python_peak"] < 150 * 2**20, figures
    assert figures["errors"] == (["too_large"] if "10**6" in case else [])


def test_build_refuses_weights_beyond_the_limit_before_making_them():
    project = chain(*HOSTILE["dense 10**4 -> 10**6"])
    (problem,) = check(project).errors
    assert problem.node == "d" and "37.3 GB" in problem.message
    with pytest.raises(BuildError, match="37.3 GB"):
        build(project)


def test_a_model_too_large_in_all_is_refused():
    nodes = [("x", "Input", {"shape": [16000]})]
    nodes += [(f"e{i}", "Dense", {"units": 16000}) for i in range(3)]  # 1 GB each, 3 GB in all
    problems = check(chain(*nodes)).errors
    assert [(p.code, p.node) for p in problems] == [("too_large", None)]


def test_an_initializer_that_does_not_fit_its_weight_is_still_reported():
    project = chain(
        ("x", "Input", {"shape": [8, 3]}),
        ("c", "Conv1D", {"filters": 3, "kernel_size": 3, "kernel_initializer": "identity"}),
    )
    (problem,) = check(project).errors
    assert problem.node == "c" and "2D" in problem.message


# ------------------------------------------------------------ JSON that cannot be read or saved again
HEADER = '{"format": "nnbuilder", "version": 1, "models": {"model": {"nodes": [%s], "edges": []}}}'


def _node(config_text: str, node_id: str = '"x"') -> str:
    return HEADER % f'{{"id": {node_id}, "layer": "Input", "config": {config_text}}}'


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" * 100_000 + "]" * 100_000, ["too deeply"]),
        (_node('{"shape": [4], "x": ' + "[" * 500 + "]" * 500 + "}"), ["models.model.nodes[0].config.x", "deep"]),
        (_node('{"shape": [1' + "0" * 5000 + "]}"), ["models.model.nodes[0].config.shape[0]", "5001 digits"]),
        (_node('{"shape": [4], "x": NaN}'), ["models.model.nodes[0].config.x", "NaN"]),
        (_node('{"shape": [4], "x": -Infinity}'), ["config.x", "-Infinity"]),
        (_node('{"shape": [4], "x": 1e999}'), ["config.x", "too large"]),
        (_node('{"shape": [4]}', '"\\ud800"'), ["models.model.nodes[0].id", "surrogate"]),
        (HEADER.replace('"model"', '"\\udfff"') % "", ["models", "surrogate"]),
    ],
)
def test_unreadable_or_unsavable_json_is_one_clear_error(tmp_path, text, words):
    path = tmp_path / "odd.nnb.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(ProjectError) as info:
        Project.load(path)
    message = str(info.value)
    assert "odd.nnb.json" in message and "\n" not in message
    for word in words:
        assert word in message, message
    with pytest.raises(ProjectError, match="upload.nnb.json"):
        Project.loads(text, source="upload.nnb.json")


def test_python_dicts_that_could_not_be_saved_are_refused():
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    odd_values = [deep, math.nan, math.inf, 10**5000, "\udc80", {1, 2}]
    for value in odd_values:
        doc = _doc(("x", "Input", {"shape": [4]}), ("g", "GaussianDropout", {"rate": 0.1, "seed": value}))
        with pytest.raises(ProjectError, match=r"nodes\[1\]\.config\.seed"):
            Project.from_dict(doc)
    doc = _doc(("x", "Input", {"shape": [4]}))
    doc["description"] = {"en": "ok", "zh": "\ud800"}
    with pytest.raises(ProjectError, match="description.zh"):
        Project.from_dict(doc)


def test_whatever_loads_saves_again():
    doc = _doc(("x", "Input", {"shape": [4]}), ("g", "GaussianDropout", {"rate": 0.1, "seed": 10**200}))
    doc["name"] = "名前 🙂"
    text = Project.from_dict(doc).dumps()
    assert Project.loads(text) == Project.from_dict(doc)


def test_a_huge_input_port_checks_in_bounded_memory():
    """A 300-byte file whose edge feeds input 10**30 once made check build a set of that many numbers."""
    script = textwrap.dedent(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: the old code needed far more
        from nnbuilder import Project, check
        nodes = [{"id": i, "layer": "Input", "config": {"shape": [4]}} for i in "ab"]
        nodes.append({"id": "sum", "layer": "Add"})
        edges = [{"source": "a", "target": "sum"}, {"source": "b", "target": "sum", "port": 10**30}]
        doc = {"format": "nnbuilder", "version": 1, "models": {"model": {"nodes": nodes, "edges": edges}}}
        result = check(Project.from_dict(doc))
        print([p.code for p in result.errors], result.errors[0].message)
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("['port_gap']") and "input 1 of 'sum' is not connected" in run.stdout, run.stdout
