"""Property test: mutated project documents load or raise ProjectError, never anything else;
a document that loads checks without crashing and round-trips."""

from __future__ import annotations

import copy
import math
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from nnbuilder import (
    Project,
    ProjectError,
    check,
    load_template,
)
from nnbuilder.catalog import specs
from nnbuilder.data._paths import DATA_ROOT_VAR
from tests.fuzz_support import FUZZ, HOSTILE, FileTouches, assert_problems_well_formed

DOCUMENT_EXAMPLES = 600


def _every_field_document() -> dict:
    """A valid document using every optional field: shares, Model nodes, inputs/outputs, labels."""

    def node(node_id, layer, config=None, **extra):
        return {"id": node_id, "layer": layer, "config": config or {}, "pos": [0, 0], **extra}

    return {
        "format": "nnbuilder",
        "version": 1,
        "name": "every field",
        "description": {"en": "all optional fields", "zh": "所有字段"},
        "models": {
            "encoder": {
                "nodes": [node("x", "Input", {"shape": [6]}), node("h", "Dense", {"units": 3}, label="hidden")],
                "edges": [{"source": "x", "target": "h", "port": 0}],
            },
            "model": {
                "nodes": [
                    node("a", "Input", {"shape": [6]}),
                    node("b", "Input", {"shape": [6]}),
                    node("enc", "Model", model="encoder"),
                    node("enc2", "Model", model="encoder"),
                    node("d", "Dense", {"units": 2, "activation": "relu"}),
                    node("d2", "Dense", shares="d"),
                    node("sum", "Add"),
                ],
                "edges": [
                    {"source": "a", "target": "enc", "port": 0},
                    {"source": "b", "target": "enc2"},
                    {"source": "enc", "target": "d", "port": 0},
                    {"source": "enc2", "target": "d2", "port": 0},
                    {"source": "d", "target": "sum", "port": 0},
                    {"source": "d2", "target": "sum", "port": 1},
                ],
                "inputs": ["b", "a"],
                "outputs": ["sum"],
            },
        },
        "data": {"dataset": "mnist", "options": {"flatten": True}},
        "training": {"epochs": 1, "optimizer": {"name": "sgd"}},
    }


def _rich_config_document() -> dict:
    """A valid one-model document whose layers use nested and structured arguments."""
    init = {"class_name": "RandomNormal", "config": {"stddev": 0.1}}
    layers = [
        ("x", "Input", {"shape": [8, 8, 3], "batch_size": 2}),
        (
            "c",
            "Conv2D",
            {
                "filters": 4,
                "kernel_size": [3, 3],
                "strides": [1, 1],
                "padding": "same",
                "activation": "relu",
                "kernel_initializer": init,
                "kernel_constraint": "max_norm",
                "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0.01, "l2": 0.01}},
            },
        ),
        ("r", "Reshape", {"target_shape": [64, -1]}),
        (
            "b",
            "Bidirectional",
            {"layer": {"class_name": "GRU", "config": {"units": 3, "return_sequences": True}}, "merge_mode": "sum"},
        ),
        ("p", "Permute", {"dims": [2, 1]}),
        ("n", "LayerNormalization", {"axis": [-1], "epsilon": 0.01}),
        ("g", "GlobalAveragePooling1D", {"keepdims": False}),
        ("dr", "Dropout", {"rate": 0.2, "seed": 1}),
        ("d", "Dense", {"units": 2, "bias_initializer": {"class_name": "Constant", "config": {"value": 0.1}}}),
    ]
    nodes = [
        {"id": i, "layer": layer, "config": config, "pos": [0, 90 * k]} for k, (i, layer, config) in enumerate(layers)
    ]
    edges = [{"source": a[0], "target": b[0], "port": 0} for a, b in zip(layers, layers[1:])]
    return {"format": "nnbuilder", "version": 1, "name": "rich", "models": {"model": {"nodes": nodes, "edges": edges}}}


BASES = [load_template(name).to_dict() for name in ("mnist_mlp", "mnist_cnn", "lstm", "gan", "autoencoder")]
BASES += [_every_field_document(), _rich_config_document()]
CATALOG = sorted(specs())
FIELD_NAMES = [
    "format",
    "version",
    "name",
    "description",
    "models",
    "data",
    "training",
    "nodes",
    "edges",
    "inputs",
    "outputs",
    "id",
    "layer",
    "config",
    "pos",
    "label",
    "shares",
    "model",
    "source",
    "target",
    "port",
    "units",
    "activation",
    "shape",
    "kernel_size",
    "filters",
    "trainable",
    "dtype",
    "class_name",
    "en",
]
MUTATIONS = ["delete", "replace", "hostile", "number", "add_key", "duplicate", "layer", "wrap"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 12),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(HOSTILE),
    st.sampled_from(CATALOG),
    st.sampled_from(FIELD_NAMES),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8), st.sampled_from(HOSTILE))  # JSON: text keys
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=12
)


def _paths(value, prefix=()):
    """Every location in a JSON-like value, as a tuple of keys and indices."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, prefix + (i,))


def _mutate(doc, path, op, draw):
    """Apply one mutation at `path`; returns the (possibly replaced) document."""
    if not path:
        return draw(json_values) if op in ("replace", "delete") else doc
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    target = parent[last]
    if op == "delete":
        del parent[last]
    elif op == "replace":
        parent[last] = draw(json_values)
    elif op == "hostile":
        parent[last] = draw(st.sampled_from(HOSTILE) | st.text(max_size=30))
    elif op == "number":
        parent[last] = draw(st.sampled_from([-1, 0, 7, 10**30, -(10**30), 1.5, -0.0, math.nan, math.inf, True]))
    elif op == "add_key" and isinstance(target, dict):
        target[draw(keys)] = draw(json_values)
    elif op == "duplicate" and isinstance(target, list) and target:
        target.append(copy.deepcopy(target[draw(st.integers(0, len(target) - 1))]))
    elif op == "layer" and isinstance(target, dict) and "layer" in target:
        target["layer"] = draw(st.sampled_from(CATALOG + ["Model", "NoSuchLayer", "Lambda", "Identity", "layers"]))
    elif op == "wrap":
        parent[last] = [target] if draw(st.booleans()) else {"value": target}
    return doc


@st.composite
def documents(draw):
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(list(_paths(doc))))
        doc = _mutate(doc, path, draw(st.sampled_from(MUTATIONS)), draw)
    return doc


def test_base_documents_are_valid():
    for doc in BASES:
        project = Project.from_dict(doc)
        assert check(project).ok, [str(p) for p in check(project).problems]


@settings(FUZZ, max_examples=DOCUMENT_EXAMPLES)
@given(documents())
def test_mutated_documents_load_or_raise_project_error(doc):
    before = repr(doc)
    try:
        project = Project.from_dict(doc)
    except ProjectError as exc:
        event("ProjectError")
        assert str(exc).strip()
        return
    event("loaded")
    assert isinstance(project, Project)
    assert repr(doc) == before  # from_dict leaves its argument alone
    assert_problems_well_formed(check(project))
    first = project.to_dict()
    again = Project.from_dict(first)
    assert repr(again.to_dict()) == repr(first)  # repr: NaN equals NaN, 1 differs from 1.0 and True
    doc.clear()
    assert repr(project.to_dict()) == repr(first)  # the project shares no state with the document


# ---------------------------------------------------------------- served mode: the data section

DATA_EXAMPLES = int(os.environ.get("NNBUILDER_DATA_FUZZ_EXAMPLES", "60"))
TOUCHES = FileTouches()
PATHS = [
    "d.csv",
    "./d.csv",
    "sub/../d.csv",
    "{root}/d.csv",
    "pics",
    "{root}/pics",
    "{root}",
    "/etc/passwd",
    "/etc",
    "/",
    "//etc/passwd",
    "/proc/self/environ",
    "..",
    ".",
    "../secret/s.csv",
    "sub/../../secret/s.csv",
    "../secret",
    "out.csv",
    "outdir/s.csv",
    "outdir",
    "loop",
    "{secret}/s.csv",
    "{secret}",
    "~",
    "~/.bashrc",
    "file:///etc/passwd",
    "%2e%2e/secret/s.csv",
    "d.csv/",
    "x" * 5000,
    "\u202e.csv",
]
OPTION_VALUES = ["label", "a", "nope", [8, 8], [0, 5], "grayscale", "rgb", 2, 10, None, 0.5, 0.0, True, "regression"]
OPTION_KEYS = ["path", "target", "task", "image_size", "color_mode", "samples", "test_fraction", "seed", "bogus"]
GOOD_VALUES = {
    "target": ["label", "a", "nope"],
    "task": [None, "classification", "regression", "binary"],
    "image_size": [[8, 8], [4, 6]],
    "color_mode": ["rgb", "grayscale"],
    "samples": [None, 2, 10],
    "test_fraction": [0.0, 0.25, 0.5],
    "seed": [0, 1],
}
OWN_KEYS = {
    "csv": ["path", "target", "task", "test_fraction", "seed"],
    "image_folder": ["path", "image_size", "color_mode", "samples", "test_fraction", "seed"],
}


@pytest.fixture(scope="module")
def served_folder(tmp_path_factory):
    """A served folder with a CSV file, a picture folder and links out; a secret folder beside it."""
    from nnbuilder.verbatim.loaders_files import data_png_bytes

    base = tmp_path_factory.mktemp("served")
    root, secret = base / "root", base / "secret"
    for folder in (root / "sub", root / "pics" / "cats", root / "pics" / "dogs", secret / "pics" / "x"):
        folder.mkdir(parents=True)
    for folder in (root, secret):
        (folder / ("d.csv" if folder == root else "s.csv")).write_text("a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n")
    pixels = np.full((4, 4, 3), 200, np.uint8)
    for i, folder in enumerate(["cats", "dogs", "cats", "dogs"]):
        (root / "pics" / folder / f"{i}.png").write_bytes(data_png_bytes(pixels))
    (root / "out.csv").symlink_to(secret / "s.csv")
    (root / "outdir").symlink_to(secret, target_is_directory=True)
    (root / "loop").symlink_to(root / "loop")
    saved = os.environ.get(DATA_ROOT_VAR)
    os.environ[DATA_ROOT_VAR] = str(root)
    yield root, secret
    if saved is None:
        os.environ.pop(DATA_ROOT_VAR, None)
    else:
        os.environ[DATA_ROOT_VAR] = saved


def _path_values(root, secret):
    named = [p.format(root=root, secret=secret) for p in PATHS]
    return st.sampled_from(named) | st.sampled_from(HOSTILE) | st.text(max_size=20)


@st.composite
def data_sections(draw, root, secret):
    """Mostly well-formed csv and image-folder sections with fuzzed paths; now and then anything at all."""
    name = draw(st.sampled_from(["csv"] * 4 + ["image_folder"] * 4 + ["arrays", "nope"]))
    keys = OPTION_KEYS if draw(st.integers(0, 9)) == 0 else OWN_KEYS.get(name, OPTION_KEYS)
    options = {"path": draw(_path_values(root, secret))} if draw(st.integers(0, 9)) else {}
    for key in draw(st.lists(st.sampled_from(keys), max_size=3)):
        fitting = st.sampled_from(GOOD_VALUES.get(key, OPTION_VALUES))
        options[key] = draw(fitting if draw(st.integers(0, 4)) else st.sampled_from(OPTION_VALUES))
    if name == "csv" and draw(st.integers(0, 4)):
        options["target"] = "label"
    section = {"dataset": name, "options": options}
    return section if draw(st.integers(0, 9)) else draw(json_values | st.just({"dataset": name}))


def _forbidden(path: str, secret: Path) -> bool:
    real = os.path.realpath(path)
    return real in ("/", "/etc", "/etc/passwd", "/proc/self/environ") or Path(real).is_relative_to(secret.resolve())


def test_served_data_sections_load_or_refuse_and_never_read_outside_the_root(served_folder):
    from nnbuilder.app.data_tab import DataTab

    root, secret = served_folder
    tried = {"loaded": 0, "refused": 0, "previewed": 0}

    @settings(FUZZ, max_examples=DATA_EXAMPLES)
    @given(section=data_sections(root, secret))
    def one(section):
        try:
            project = Project.from_dict({**Project().to_dict(), "data": section})
        except ProjectError as exc:
            event("ProjectError")
            tried["refused"] += 1
            assert str(exc).strip()
            return
        tried["loaded"] += 1
        errors = []
        with TOUCHES as touched:
            tab = DataTab(project, on_error=lambda exc, what: errors.append(exc))
            worker = tab.preview()
            if worker is not None:
                worker.join(120)
                assert not worker.is_alive()
                tried["previewed"] += 1
        assert errors == []  # anything but a DataError would have gone to on_error
        outside = [p for p in touched.paths if _forbidden(p, secret)]
        assert outside == [], (section, outside)
        event("refused outside" if "outside the data folder" in tab.preview_area.value else "previewed")

    one()
    print(f"data sections tried: {sum(tried.values()) - tried['previewed']} {tried}")
    assert tried["loaded"] and tried["refused"]
