"""Loading a project's `data` section into a Dataset (its checks are `nnbuilder.document.data_section`)."""

from __future__ import annotations

import dataclasses

from nnbuilder.data._paths import PathRule, confine_options, default_rule
from nnbuilder.data.dataset import Dataset
from nnbuilder.document.data_errors import DataError, DatasetUnavailable
from nnbuilder.document.data_options import loader_values
from nnbuilder.document.data_section import read_section
from nnbuilder.document.datasets import OPTION_SPECS, dataset_info
from nnbuilder.errors import first_line
from nnbuilder.verbatim.loaders import LOADERS

ARRAYS_HINT = (
    "the 'arrays' dataset is data passed in Python: use nnbuilder.data.from_arrays(x, y), "
    "or pass data=(x, y) when training"
)


def run_loader(name: str, values: dict) -> dict:
    """Call the loader of `name`, turning its plain exceptions into one-sentence nnbuilder errors."""
    where = "" if name in ("csv", "image_folder", "fashion_mnist_installed") else f"{name}: "
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
    given = loader_values(confine_options(OPTION_SPECS[name], values, rule))
    return make_dataset(name, run_loader(name, given), values)
