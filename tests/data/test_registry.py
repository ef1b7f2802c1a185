"""The dataset registry: names, descriptions, shapes and options."""

from __future__ import annotations

import dataclasses

import pytest

from nnbuilder.data import DataError, DatasetInfo, dataset_info, datasets
from nnbuilder.errors import NNBuilderError

BUILT_IN = [
    "mnist",
    "fashion_mnist",
    "fashion_mnist_installed",
    "cifar10",
    "imdb",
    "digits",
    "iris",
    "breast_cancer",
    "wine",
]
GENERATED = ["sine_windows", "two_spirals", "moons", "gaussian_mixture"]
USER = ["arrays", "csv", "image_folder"]


def test_names_are_the_built_in_generated_and_user_sets():
    assert datasets() == BUILT_IN + GENERATED + USER


@pytest.mark.parametrize("name", BUILT_IN + GENERATED + USER)
def test_every_entry_is_complete(name):
    info = dataset_info(name)
    assert isinstance(info, DatasetInfo) and info.name == name
    assert info.title and info.description.endswith(".") and "\n" not in info.description
    assert info.task in ("classification", "binary", "regression", "forecasting", None)
    assert info.source in ("keras", "installed", "package", "generated", "user")
    assert info.preview_kind in ("images", "sequence", "table")
    assert isinstance(info.input_shape, tuple) and isinstance(info.target_shape, tuple)
    assert (info.stand_in is not None) == (info.source == "keras")
    if info.task in ("classification", "binary") and info.source != "user":
        assert info.num_classes >= 2
    if info.preview_kind == "images" and info.source != "user":
        assert "flatten" in info.options and info.options["flatten"] is False


def test_shapes_that_templates_rely_on():
    assert dataset_info("mnist").input_shape == (28, 28, 1)
    assert dataset_info("fashion_mnist").input_shape == (28, 28, 1)
    assert dataset_info("cifar10").input_shape == (32, 32, 3)
    assert dataset_info("sine_windows").input_shape == (100, 1)
    assert dataset_info("imdb").input_shape == (dataset_info("imdb").options["maxlen"],)


def test_options_have_defaults():
    assert dataset_info("mnist").options == {"flatten": False, "samples": None, "seed": 0, "targets": "auto"}
    assert dataset_info("two_spirals").options["noise"] > 0
    assert dataset_info("csv").options["path"] is None


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(DataError, match="unknown dataset 'mnits'; known datasets: mnist, fashion_mnist") as err:
        dataset_info("mnits")
    assert isinstance(err.value, NNBuilderError)


def test_info_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        dataset_info("mnist").title = "x"


def test_importing_the_data_package_stays_light():
    import subprocess
    import sys

    code = "import sys, nnbuilder.data; print(sorted({m.split('.')[0] for m in sys.modules}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for heavy in ("keras", "tensorflow", "jax", "torch", "sklearn", "pandas"):
        assert f"'{heavy}'" not in out


def test_every_option_is_a_named_param_with_chinese_help():
    from nnbuilder.document.datasets import OPTION_SPECS
    from nnbuilder.document.params import Param
    from nnbuilder.locale.problem_patterns import has_chinese

    for name, specs in OPTION_SPECS.items():
        for key, param in specs.items():
            assert isinstance(param, Param) and param.name == key, (name, key)
            assert param.help and has_chinese(param.help_zh), f"{name}.{key}: no Chinese help for {param.help!r}"
            assert param.to_dict()["help_zh"] == param.help_zh


def test_option_defaults_are_valid_values():
    from nnbuilder.document.datasets import OPTION_SPECS
    from nnbuilder.document.params import validate_value

    for name, specs in OPTION_SPECS.items():
        for key, param in specs.items():
            if not param.required:
                assert validate_value(param, param.default) is None, (name, key)
    assert dataset_info("csv").options == {
        "path": None,
        "target": None,
        "task": None,
        "test_fraction": 0.2,
        "seed": 0,
        "targets": "auto",
    }
