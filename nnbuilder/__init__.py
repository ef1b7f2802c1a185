"""nnbuilder: build, check, train and export Keras networks visually.

Importing nnbuilder imports neither Keras/TensorFlow nor any widget library;
the functions that need Keras import it when called.
"""

from __future__ import annotations

import importlib

from nnbuilder.bridge import introspect as _introspect
from nnbuilder.bridge import operations as _operations
from nnbuilder.bridge.from_keras import from_keras as _from_keras
from nnbuilder.bridge.to_keras import build as _build
from nnbuilder.catalog import document_rules as _document_rules
from nnbuilder.checking import keras_layers as _keras_layers
from nnbuilder.checking.checker import Checker, check
from nnbuilder.checking.fixes import apply_fix
from nnbuilder.checking.result import CheckResult, Diagnostic, NodeCheck
from nnbuilder.codegen import export_code
from nnbuilder.codegen.search_script import search_script as _search_script
from nnbuilder.document import layer_rules as _layer_rules
from nnbuilder.document.files import write_atomic as _write_atomic
from nnbuilder.document.project import Edge, Graph, Node, Project
from nnbuilder.errors import BuildError, NNBuilderError, ProjectError, UnsupportedModelError
from nnbuilder.template_library.loading import load_template, template_gallery, template_info, templates
from nnbuilder.training.headless import train as _train

# The lower layers get what they need from the ones above them here, once: reading a project asks
# the catalog about layer arguments, and checking asks Keras (through the bridge) about layers
# outside the catalog.
_layer_rules.use(_document_rules)
_keras_layers.use(_introspect.introspect, _introspect.infer_with_keras, _operations.infer_op_with_keras)

__version__ = "0.1.0"


def build(project, model: str | None = None):
    """Build the project's Keras model (a dict of models when it has several)."""
    return _build(project, model)


def from_keras(model, name: str | None = None, weights: bool = False):
    """Turn a Keras Functional or Sequential model into a Project; with `weights`, it keeps the model's weights."""
    return _from_keras(model, name, weights)


def train(project, data=None, **options):
    """Train a project (or project file) headless and return its history.

    Options: `epochs`, `out` (folder for the model files and history.json/csv),
    `formats`, `devices`, `progress`, `runs` (the runs folder the run is recorded in; False: none).
    See `nnbuilder.training.headless.train`.
    """
    return _train(project, data, **options)


def export_search(project, path=None) -> str:
    """The project's hyperparameter search as a standalone Optuna script (str), also written to `path` when
    given. See docs/search.md#exporting-the-search."""
    code = _search_script(project)
    if path is not None:
        _write_atomic(path, code)
    return code


def export_numpy_step(project, x, y, path=None, **options) -> str:
    """One training step of the project's small dense network on (x, y) as a standalone NumPy script (str),
    also written to `path` when given; `options` as for `nnbuilder.step` (weights, model, state). See
    docs/step.md#export-as-numpy."""
    from nnbuilder.codegen.numpy_step import numpy_step_code

    code = numpy_step_code(project, x, y, **options)
    if path is not None:
        _write_atomic(path, code)
    return code


def __getattr__(name):
    # `nnbuilder.ui` and the app load the widget libraries, so they are imported on first use only.

    if name == "ui":
        return importlib.import_module("nnbuilder.ui")
    if name == "Builder":
        return importlib.import_module("nnbuilder.app.builder").Builder
    if name == "runs":  # the run history: list_runs, load_run, compare, ... (see docs/runs.md)
        return importlib.import_module("nnbuilder.training.runs")
    if name in ("search", "cross_validate"):  # the hyperparameter search (see docs/search.md); loads Optuna
        return getattr(importlib.import_module("nnbuilder.training.search"), name)
    if name == "searched_nodes":
        return importlib.import_module("nnbuilder.document.search_section").searched_nodes
    if name == "activations":  # every node's output on a sample (see docs/activations.md)
        return importlib.import_module("nnbuilder.views.activations").activations
    if name == "step":  # one training step in numbers (see docs/step.md)
        return importlib.import_module("nnbuilder.views.one_step").step
    if name == "views":  # the course's curves, decision regions, forecasts (see docs/course-curves.md)
        return importlib.import_module("nnbuilder.views")
    raise AttributeError(f"module 'nnbuilder' has no attribute {name!r}")


__all__ = [
    "BuildError",
    "Builder",
    "CheckResult",
    "Checker",
    "Diagnostic",
    "Edge",
    "Graph",
    "NNBuilderError",
    "Node",
    "NodeCheck",
    "Project",
    "ProjectError",
    "UnsupportedModelError",
    "apply_fix",
    "build",
    "check",
    "cross_validate",
    "export_code",
    "export_search",
    "from_keras",
    "load_template",
    "runs",
    "search",
    "searched_nodes",
    "template_gallery",
    "template_info",
    "templates",
    "train",
]
