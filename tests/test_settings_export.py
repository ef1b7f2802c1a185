"""Settings objects (initializers, regularizers, constraints) are exported with every factor Keras needs."""

from __future__ import annotations

import pytest

from nnbuilder import build, export_code
from tests.helpers import chain

SETTINGS = {
    "units": 2,
    "bias_initializer": {"class_name": "Constant", "config": {}},
    "kernel_initializer": {"class_name": "Constant", "config": {"value": 0.5}},
    "kernel_regularizer": {"class_name": "L1L2", "config": {"l2": 0.1}},
    "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 3.0}},
}


def _exported_layer(config):
    namespace: dict = {}
    exec(
        compile(export_code(chain(("x", "Input", {"shape": [3]}), ("d", "Dense", config))), "export", "exec"), namespace
    )
    return namespace["build_model"]().get_layer("d")


def test_export_fills_in_the_factors_a_settings_object_leaves_out():
    code = export_code(chain(("x", "Input", {"shape": [3]}), ("d", "Dense", SETTINGS)))
    assert '{"class_name": "Constant", "config": {"value": 0.0}}' in code
    assert '"config": {"l1": 0.0, "l2": 0.1}' in code
    assert '"config": {"max_value": 3.0, "axis": 0}' in code


@pytest.mark.parametrize("make", ["export", "build"])
def test_exported_and_built_layers_carry_the_same_settings(make):
    layer = (
        _exported_layer(SETTINGS)
        if make == "export"
        else build(chain(("x", "Input", {"shape": [3]}), ("d", "Dense", SETTINGS))).get_layer("d")
    )
    assert layer.bias_initializer.get_config() == {"value": 0.0}
    assert layer.kernel_initializer.get_config() == {"value": 0.5}
    assert layer.kernel_regularizer.get_config() == {"l1": 0.0, "l2": pytest.approx(0.1)}
    assert layer.kernel_constraint.get_config() == {"max_value": 3.0, "axis": 0}


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"class_name": "L2", "config": {"l2": -0.1}}, "l2 of L2: expected a non-negative number"),
        ({"class_name": "L1L2", "config": {"l1": "0.1"}}, "l1 of L1L2: expected a non-negative number"),
    ],
)
def test_a_factor_that_cannot_be_is_refused_naming_node_and_factor(value, words):
    from nnbuilder import Project
    from nnbuilder.errors import ProjectError

    project = chain(("x", "Input", {"shape": [3]}), ("d", "Dense", {"units": 2, "kernel_regularizer": value}))
    with pytest.raises(ProjectError, match=r"node 'd' \(Dense\), config\.kernel_regularizer") as info:
        Project.from_dict(project.to_dict())
    assert words in str(info.value)
