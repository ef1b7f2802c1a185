"""Reading a project's `data` section: checking it without loading, and loading it into a Dataset."""

from __future__ import annotations

import dataclasses

from nnbuilder.data import _loaders_builtin as builtin
from nnbuilder.data import _loaders_files as files
from nnbuilder.data import _loaders_keras as keras_sets
from nnbuilder.data._errors import DataError, DatasetUnavailable
from nnbuilder.data._options import check_options, normalized
from nnbuilder.data._paths import PathRule, confine_options, default_rule
from nnbuilder.data.dataset import Dataset
from nnbuilder.data.registry import OPTION_SPECS, dataset_info, datasets
from nnbuilder.errors import first_line

# Dataset name -> the self-contained loader that makes it (also copied into exported scripts).
LOADERS = {
    "mnist": keras_sets.load_mnist,
    "fashion_mnist": keras_sets.load_fashion_mnist,
    "cifar10": keras_sets.load_cifar10,
    "imdb": keras_sets.load_imdb,
    "digits": builtin.load_digits,
    "iris": builtin.load_iris,
    "breast_cancer": builtin.load_breast_cancer,
    "wine": builtin.load_wine,
    "sine_windows": builtin.load_sine_windows,
    "two_spirals": builtin.load_two_spirals,
    "moons": builtin.load_moons,
    "gaussian_mixture": builtin.load_gaussian_mixture,
    "csv": files.load_csv,
    "image_folder": files.load_image_folder,
}

ARRAYS_HINT = (
    "the 'arrays' dataset is data passed in Python: use nnbuilder.data.from_arrays(x, y), "
    "or pass data=(x, y) when training"
)


def data_problems(section) -> list:
    """Problems with a project `data` section, found without loading anything: (path, message) pairs."""
    if section is None:
        return []
    if not isinstance(section, dict):
        return [
            ("data", f"expected an object like {{'dataset': 'mnist', 'options': {{}}}}, got {type(section).__name__}")
        ]
    problems = [
        (f"data.{key}", "unknown key; a data section has only 'dataset' and 'options'")
        for key in section
        if key not in ("dataset", "options")
    ]
    name = section.get("dataset")
    if name is None:
        return problems
    if not isinstance(name, str) or name not in OPTION_SPECS:
        problems.append(("data.dataset", f"unknown dataset {name!r}; known datasets: {', '.join(datasets())}"))
        return problems
    return problems + check_options(name, OPTION_SPECS[name], section.get("options"))


def read_section(spec, options=None) -> tuple:
    """(name, options) from a dataset name or a project `data` dict, with `options` laid over; checked."""
    if isinstance(spec, str):
        section = {"dataset": spec, "options": {}}
    elif isinstance(spec, dict):
        section = dict(spec)
    else:
        raise DataError(f"expected a dataset name or a data section dict, got {type(spec).__name__}")
    if options:
        merged = section.get("options")
        section["options"] = {**(merged if isinstance(merged, dict) else {}), **options}
    problems = data_problems(section)
    if problems:
        path, message = problems[0]
        raise DataError(f"{path}: {message}")
    name = section.get("dataset")
    if name is None:
        raise DataError("data.dataset: no dataset is chosen; pick one of " + ", ".join(datasets()))
    return name, normalized(OPTION_SPECS[name], section.get("options") or {})


def run_loader(name: str, values: dict) -> dict:
    """Call the loader of `name`, turning its plain exceptions into one-sentence nnbuilder errors."""
    where = "" if name in ("csv", "image_folder") else f"{name}: "
    try:
        return LOADERS[name](**values)
    except FileNotFoundError as exc:
        raise DatasetUnavailable(f"{where}{first_line(exc)}") from None
    except ImportError as exc:
        top = (exc.name or "").split(".")[0]
        package = {"sklearn": "scikit-learn", "": "a package it needs"}.get(top, top)
        if dataset_info(name).stand_in:
            raise DatasetUnavailable(
                f"{name} could not be loaded from the Keras cache or downloaded, "
                f"and its offline stand-in needs {package}, which is not installed"
            ) from None
        raise DatasetUnavailable(f"{name}: loading it needs {package}, which is not installed") from None
    except (ValueError, KeyError, OSError) as exc:
        raise DataError(f"{where}{first_line(exc)}") from None


def make_dataset(name: str, result: dict, values: dict) -> Dataset:
    """A Dataset from a loader's result; its info carries the shapes actually loaded."""
    info = dataset_info(name)
    task = result.get("task") or info.task
    x, y = result["x_train"], result["y_train"]
    classes = result.get("class_names")
    info = dataclasses.replace(
        info,
        task=task,
        input_shape=tuple(x.shape[1:]),
        target_shape=info.target_shape if y is None else tuple(y.shape[1:]),
        num_classes=len(classes) if classes and task in ("classification", "binary") else info.num_classes,
    )
    return Dataset(name=name, info=info, options=values, **{**result, "task": task})


_DEFAULT_RULE = "default"


def load_dataset(spec, options=None, *, paths: PathRule | None | str = _DEFAULT_RULE) -> Dataset:
    """Load a dataset by name or from a project `data` section; `options` override the section's.

    `paths` is the rule for file and folder options (see `_paths.project_rule`); by default paths are
    confined to the served folder when the app is served and taken as given otherwise.

    Keras sets come from the Keras cache or the network, and when neither works an offline stand-in of
    the same shapes is used and `note` says so. Arrays from the notebook go through `as_dataset`.
    """
    name, values = read_section(spec, options)
    if name == "arrays":
        raise DataError(ARRAYS_HINT)
    rule = default_rule() if isinstance(paths, str) else paths
    return make_dataset(name, run_loader(name, confine_options(OPTION_SPECS[name], values, rule)), values)
