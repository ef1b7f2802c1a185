"""keras.applications models survive from_keras -> document -> build, and export as standalone code.

Slow (whole ImageNet architectures, a fresh Python process per export): run with
`python -m pytest -m slow tests/test_applications.py` (or `make test-all`).
"""

from __future__ import annotations

import functools

import pytest

from nnbuilder import export_code, from_keras
from tests.roundtrip import assert_round_trip, layer_signature
from tests.standalone import ruff_format_changes, run_exports

pytestmark = pytest.mark.slow

# Random weights; inputs smaller than the default 224x224 keep the runs short (all accept >= 32x32).
APPLICATIONS = {
    "MobileNetV2": (96, 96, 3),
    "ResNet50": (64, 64, 3),
    "DenseNet121": (64, 64, 3),
    "EfficientNetV2B0": (32, 32, 3),  # a Constant(0) bias initializer, Dropout called with training=False
    "MobileNetV3Small": (32, 32, 3),  # hard sigmoids written as operations: 9 `x + 3.0` and 9 `x * (1 / 6)`
}


@functools.cache
def application(name):
    import keras

    return getattr(keras.applications, name)(weights=None, input_shape=APPLICATIONS[name])


@pytest.mark.parametrize("name", list(APPLICATIONS))
def test_application_round_trips(name):
    model = application(name)
    project = assert_round_trip(model)  # same classes, configs, links, parameter count and outputs
    assert len(project.models) == 1
    assert len(project.graph.nodes) == len(model.operations)  # its layers and operations (`x + 3.0`)


@pytest.mark.parametrize("name", list(APPLICATIONS))
def test_application_export_runs_without_nnbuilder(name, tmp_path):
    import keras

    model = application(name)
    code = export_code(from_keras(model))
    script = tmp_path / f"{name.lower()}.py"
    script.write_text(code, encoding="utf-8")
    assert not ruff_format_changes(script), f"ruff format would change the export of {name}"
    (report,) = run_exports([{"script": str(script), "functions": ["build_model"], "out": str(tmp_path)}])
    assert report["error"] is None, report
    loaded = keras.saving.load_model(report["saved"]["build_model"])
    assert layer_signature(loaded) == layer_signature(model)
    assert loaded.count_params() == model.count_params()


def test_convnext_round_trips_and_exports_with_its_helper_layers(tmp_path):
    """ConvNeXtTiny: 18 LayerScale helper layers, 18 residual additions and 4 nested Sequential models."""
    import keras

    model = keras.applications.ConvNeXtTiny(input_shape=(32, 32, 3), weights=None)
    project = assert_round_trip(model)
    assert len(project.models) == 5
    main = project.models[next(iter(project.models))]
    assert sum(node.layer == "LayerScale" for node in main.nodes) == 18
    code = export_code(from_keras(model))
    assert "class LayerScale(keras.layers.Layer):" in code and "keras.src" not in code
    script = tmp_path / "convnext_tiny.py"
    script.write_text(code, encoding="utf-8")
    assert not ruff_format_changes(script)
    (report,) = run_exports([{"script": str(script), "functions": ["build_model"], "out": str(tmp_path)}])
    assert report["error"] is None, report
    loaded = keras.saving.load_model(report["saved"]["build_model"])
    assert layer_signature(loaded) == layer_signature(model)
    assert loaded.count_params() == model.count_params()


def test_mobilenet_v3_hard_sigmoids_are_operations():
    """MobileNetV3Small computes its hard sigmoids with operations, which import as Op nodes."""
    from collections import Counter

    model = application("MobileNetV3Small")
    project = from_keras(model)
    ops = Counter((node.op, tuple(node.config.items())) for node in project.graph.nodes if node.layer == "Op")
    assert ops == {("add", (("x2", 3.0),)): 9, ("multiply", (("x2", 1.0 / 6.0),)): 9}
