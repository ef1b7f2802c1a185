"""Layers nested in a file's configuration (a wrapper's layer, an RNN's cells) are built by the same
safe rules as nodes, and objects nested under a role come from that role's Keras module."""

from __future__ import annotations

import pytest

from nnbuilder import Project, build, check
from nnbuilder.errors import ProjectError


def _project(layer, config, shape):
    nodes = [{"id": "x", "layer": "Input", "config": {"shape": shape}}, {"id": "w", "layer": layer, "config": config}]
    model = {"nodes": nodes, "edges": [{"source": "x", "target": "w"}]}
    return Project.from_dict({"format": "nnbuilder", "version": 1, "models": {"model": model}})


CELL = {"class_name": "SimpleRNNCell", "config": {"units": 3}}


@pytest.mark.parametrize(
    ("layer", "config", "shape", "params"),
    [
        ("TimeDistributed", {"layer": {"class_name": "Dense", "config": {"units": 3}}}, [5, 4], 15),
        ("RNN", {"cell": CELL}, [5, 4], 4 * 3 + 3 * 3 + 3),
        ("RNN", {"cell": [CELL, {"class_name": "GRUCell", "config": {"units": 2}}]}, [5, 4], 24 + 42),
    ],
)
def test_nested_layers_check_and_build_alike(layer, config, shape, params):
    project = _project(layer, config, shape)
    result = check(project)
    assert result.ok, [str(p) for p in result.errors]
    model = build(project)
    assert model.count_params() == params == result.totals("model")[0]
    assert tuple(model.output_shape) == result.models["model"]["w"].output_shape


@pytest.mark.parametrize(
    "nested",
    [
        {"layer": {"class_name": "TFSMLayer", "config": {"filepath": "/tmp/model"}}},
        {"layer": {"class_name": "Lambda", "config": {"function": "print"}}},
        {"layer": {"class_name": "Dense", "module": "keras.initializers", "config": {"units": 3}}},
    ],
)
def test_a_wrapper_cannot_smuggle_a_layer_in(nested):
    with pytest.raises(ProjectError, match="node 'w' is refused"):
        _project("TimeDistributed", nested, [5, 4])


def test_an_initializer_must_come_from_keras_initializers():
    smuggled = {"units": 2, "kernel_initializer": {"class_name": "Identity", "module": "keras.layers", "config": {}}}
    with pytest.raises(ProjectError, match="not keras.initializers"):
        _project("Dense", smuggled, [4])
    fine = {"units": 2, "kernel_initializer": {"class_name": "GlorotUniform", "module": "keras.initializers"}}
    assert check(_project("Dense", fine, [4])).ok
