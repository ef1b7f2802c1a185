"""`activations(model_or_trainer, sample)`: what every node of a network outputs on a sample, by node id.

The arrays keep the batch axis (1 for one example), so each one's shape is check's output shape with the batch
axis filled in. A node's first output is under its id, its output k under "<id>:<k>" (an LSTM's states).
See docs/activations.md.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbuilder.document.models import top_level_models
from nnbuilder.document.names import model_names
from nnbuilder.document.project import Project
from nnbuilder.views._activation_probe import imported_project, probe_for, view_error
from nnbuilder.views._activation_sample import sample_batches


def activations(
    model_or_trainer: Any, sample: Any, *, project: Project | None = None, model_name: str | None = None
) -> dict[str, np.ndarray[Any, Any]]:
    """Every node's output on `sample`, keyed by node id, in inference mode (Dropout passes values through).

    `model_or_trainer` is a Keras model built from `project` (`nnbuilder.build`), a trainer (anything with
    `.model` and `.project`: its trained model), or a Project (built here, so with fresh weights unless it
    keeps its own). A Keras model given without `project` is read back with `from_keras`, its layer names as
    node ids. `model_name` picks one model of a project with several (a GAN's "generator"), or a model used
    inside another (an autoencoder's "encoder").

    `sample` is one example (no batch axis) or a batch; for a model with several inputs, a dict by input node
    id or a list in the inputs' order. Every array keeps the batch axis: one example gives arrays of batch 1.
    Input nodes give back the sample itself (as the model's input dtype). Raises NNBuilderError (English and
    Chinese) for a sample whose shape does not fit, naming the input node and the shape expected.

    The probe model that computes all outputs in one call is cached on the Keras model (weakly), so later
    calls on the same model only run it.
    """
    model, project, name = _target(model_or_trainer, project, model_name)
    probe = probe_for(model, project, name)
    batches = sample_batches(sample, probe.inputs)
    values: dict[str, np.ndarray[Any, Any]] = {key: batches[k] for key, k in probe.passed}
    if probe.runner is not None:  # compiled on the first call, so later calls (a click, an epoch) only run it
        outputs = probe.runner.predict_on_batch(batches)
        for key, array in zip(probe.keys, outputs):
            values[key] = np.asarray(array)
    return values


def _target(target: Any, project: Project | None, model_name: str | None) -> tuple[Any, Project, str]:
    """(the Keras model, the project it comes from, the name of its graph in that project)."""
    import keras  # type: ignore[import-untyped]

    if isinstance(target, Project):
        from nnbuilder.bridge.to_keras import build

        name = _graph_name(target, model_name, None)
        return build(target, model=name), target, name
    if not isinstance(target, keras.Model) and hasattr(target, "model") and hasattr(target, "project"):
        project = target.project if project is None else project
        models = getattr(target, "models", None)
        trained = target.model
        if model_name is not None and isinstance(models, dict) and model_name in models:
            trained = models[model_name]
        if trained is None:
            raise view_error("not_built")
        target = trained
    if not isinstance(target, keras.Model):
        raise view_error("not_a_model", found=type(target).__name__)
    if project is None:
        project = imported_project(target)
        if model_name is None:
            return target, project, next(iter(project.models))  # from_keras puts the model itself first
    name = _graph_name(project, model_name, target.name)
    keras_name = model_names(project.models)[name]
    if target.name != keras_name:
        inner = _model_inside(target, keras_name)
        if inner is None and model_name is not None:
            raise view_error("not_inside", keras_name=target.name, name=name)
        target = inner if inner is not None else target
    return target, project, name


def _graph_name(project: Project, model_name: str | None, keras_name: str | None) -> str:
    """The project model meant: `model_name`, else the one the Keras model is named after, else the only
    top-level one."""
    listed = ", ".join(repr(n) for n in project.models)
    if model_name is not None:
        if model_name not in project.models:
            raise view_error("no_model", name=model_name, names=listed)
        return model_name
    if keras_name is not None:
        for name, keras in model_names(project.models).items():
            if keras == keras_name:
                return name
    top = top_level_models(project)
    if len(top) == 1:
        return top[0]
    raise view_error("pick_model", names=", ".join(repr(n) for n in top))


def _model_inside(model: Any, keras_name: str) -> Any:
    """The model called `keras_name` that `model` uses as a layer (at any depth), or None."""
    import keras

    stack = list(model.operations)
    while stack:
        op = stack.pop()
        if isinstance(op, keras.Model):
            if op.name == keras_name:
                return op
            stack.extend(op.operations)
    return None
