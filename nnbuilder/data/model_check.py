"""Does the data fit the model? Compares example shapes, targets and the loss, and names the fix."""

from __future__ import annotations

import math

import numpy as np

from nnbuilder.data.targets import INDEX_LOSSES, ONE_HOT_LOSSES, class_count, encoding_problems, target_encoding
from nnbuilder.document.training_settings import loss_name

CLASS_LOSSES = {*ONE_HOT_LOSSES, *INDEX_LOSSES}


def _shape(tensor) -> tuple:
    return tuple(None if d is None else int(d) for d in tuple(tensor.shape)[1:])


def _ends(model) -> tuple:
    """(input shapes, output shapes) of a Keras model, without the batch axis; None when it is not built."""
    try:
        return [_shape(t) for t in model.inputs], [_shape(t) for t in model.outputs]
    except Exception:
        return None


def _fits(want: tuple, have: tuple) -> bool:
    return len(want) == len(have) and all(w is None or w == h for w, h in zip(want, have))


def _input_problem(dataset, want: tuple, who: str = "the model") -> str | None:
    """A message when examples of shape `have` cannot feed an input of shape `want`, with the fix."""
    have = tuple(dataset.x_train.shape[1:])
    if _fits(want, have):
        return None
    head = f"{who} expects input {want} but {dataset.name} gives {have}"
    has_flatten = "flatten" in dataset.options
    same_size = None not in want and math.prod(want) == math.prod(have)
    if len(want) == 1 and len(have) > 1 and same_size:
        if has_flatten:
            return f"{head}: set the data option flatten or add a Flatten layer"
        return f"{head}: add a Flatten layer after the Input"
    if len(have) == 1 and len(want) > 1 and same_size:
        if has_flatten and dataset.options.get("flatten"):
            return f"{head}: turn off the data option flatten or change the Input shape to {have}"
        return f"{head}: change the Input shape to {have} or add a Reshape layer"
    return f"{head}: set the Input shape to {list(have)}"


def _output_fix(out: tuple, want: tuple) -> str:
    if None not in out and math.prod(out) == math.prod(want):
        return f"add a Reshape layer to {list(want)} at the end"
    if len(out) == 1 and len(want) <= 1:
        return f"set the last Dense units to {math.prod(want)}"
    return f"make the last layer give {want}"


def _class_problems(dataset, out: tuple, loss: str | None) -> list:
    classes = class_count(dataset)
    units = out[-1] if out else 1
    if len(out) > 1:
        return [f"the model's output has shape {out} but the data has one class per example: end with a Dense layer"]
    encoding = encoding_problems(dataset, loss)
    if encoding:
        return encoding
    if loss == "binary_crossentropy":
        if classes > 2:
            return [
                f"binary_crossentropy is for 2 classes but the data has {classes}: use sparse_categorical_crossentropy"
            ]
        if units != 1:
            return [
                f"with binary_crossentropy the output needs 1 unit but has {units}: set the last Dense units to 1, "
                "or use sparse_categorical_crossentropy"
            ]
        return []
    if loss is not None and loss not in CLASS_LOSSES and target_encoding(dataset, loss) != "one_hot":
        best = "binary_crossentropy" if classes == 2 and units == 1 else "sparse_categorical_crossentropy"
        return [f"targets are class indices: use {best}"]
    if units != classes:
        head = f"the model's output has {units} unit{'s' if units != 1 else ''} but the data has {classes} classes"
        if classes == 2 and units == 1:
            return [f"{head}: set the last Dense units to 2, or use binary_crossentropy with a sigmoid"]
        return [f"{head}: set the last Dense units to {classes}"]
    return []


def _outside_unit(values: np.ndarray) -> bool:
    return values.size > 0 and (float(np.min(values)) < 0 or float(np.max(values)) > 1)


def _value_problems(out: tuple, loss: str | None, target: np.ndarray, autoencoder: bool) -> list:
    """Checks for real-valued targets: regression, forecasting, or an autoencoder's own input."""
    want = tuple(target.shape[1:])
    problems = []
    flat_match = None not in out and len(out) <= 1 and len(want) <= 1 and math.prod(out) == math.prod(want)
    if not _fits(out, want) and not flat_match:
        what = f"an autoencoder must rebuild its input, {want}" if autoencoder else f"each target is {want}"
        problems.append(f"the model's output is {out} but {what}: {_output_fix(out, want)}")
    if loss in ("sparse_categorical_crossentropy", "categorical_crossentropy") and not autoencoder:
        problems.append("the targets are real numbers, not class indices: use mean_squared_error")
    elif loss == "binary_crossentropy" and _outside_unit(target):
        what = "inputs" if autoencoder else "targets"
        problems.append(f"the {what} go outside [0, 1], so binary_crossentropy cannot fit them: use mean_squared_error")
    return problems


def _pick(model, recipe: str):
    """(input model, output model) for a single model or a dict of models; None when unsuitable."""
    if not isinstance(model, dict):
        return model, model
    if "encoder" in model and "decoder" in model and recipe == "autoencoder":
        return model["encoder"], model["decoder"]
    if len(model) == 1:
        only = next(iter(model.values()))
        return only, only
    if "model" in model:
        return model["model"], model["model"]
    return None


def _gan_problems(dataset, models) -> list:
    if not isinstance(models, dict) or not {"generator", "discriminator"} <= set(models):
        return ["a GAN needs two models named generator and discriminator"]
    have = tuple(dataset.x_train.shape[1:])
    problems = []
    ends = _ends(models["discriminator"])
    if ends:
        if len(ends[0]) != 1:
            problems.append(f"the discriminator has {len(ends[0])} inputs but the data gives one kind of example")
        else:
            problems += filter(None, [_input_problem(dataset, ends[0][0], "the discriminator")])
        if ends[1] and ends[1][0] not in ((1,), (None,)):
            problems.append(f"the discriminator's output is {ends[1][0]}: set its last Dense units to 1")
    ends = _ends(models["generator"])
    if ends and ends[1] and not _fits(ends[1][0], have):
        problems.append(
            f"the generator makes {ends[1][0]} but {dataset.name} examples are {have}: make its last layer give {have}"
        )
    return problems


def check_data_against_model(dataset, model, training=None) -> list:
    """Problems between a Dataset and a Keras model (or {"generator", "discriminator"} for a GAN) under the
    training settings; each message names the fix. An empty list means they fit."""
    training = training or {}
    recipe = training.get("recipe") or "supervised"
    loss = loss_name(training.get("loss"))
    if recipe == "gan":
        return _gan_problems(dataset, model)
    picked = _pick(model, recipe)
    if picked is None:
        return [f"expected one model for the {recipe} recipe, got several ({', '.join(map(str, model))})"]
    first, last = _ends(picked[0]), _ends(picked[1])
    if first is None or last is None:
        return []
    (inputs, _), (_, outputs) = first, last
    if len(inputs) != 1:
        return [f"the model has {len(inputs)} inputs but {dataset.name} gives one array per example"]
    problems = list(filter(None, [_input_problem(dataset, inputs[0])]))
    if len(outputs) != 1:
        return problems + [f"the model has {len(outputs)} outputs but {dataset.name} gives one target per example"]
    out = outputs[0]
    if recipe == "autoencoder":
        if loss in ("sparse_categorical_crossentropy", "categorical_crossentropy"):
            return problems + ["an autoencoder compares its output with its input: use mean_squared_error"]
        return problems + _value_problems(out, loss, dataset.x_train, autoencoder=True)
    if dataset.y_train is None:
        return problems + [f"{dataset.name} has no targets: use the autoencoder or gan recipe, or give targets"]
    if dataset.task in ("classification", "binary"):
        return problems + _class_problems(dataset, out, loss)
    return problems + encoding_problems(dataset, loss) + _value_problems(out, loss, dataset.y_train, autoencoder=False)
