"""The last step of an import: the project must describe the same model, or the import is refused.

`from_keras` writes each layer's settings and wiring; here the project is checked the way the editor
checks it, and what the check infers is compared with the Keras model itself: every layer's parameter
count, the model's totals (trainable and not) and its output shapes. A difference means the project
would build another model than the one imported, so the import stops there, naming the first node
that differs, instead of handing back a project that quietly changed meaning.
"""

from __future__ import annotations

from nnbuilder.bridge._layers import count_weights
from nnbuilder.bridge.to_keras import build
from nnbuilder.checking.checker import check
from nnbuilder.document.project import Project
from nnbuilder.document.validation import OP_LAYER
from nnbuilder.errors import BuildError, UnsupportedModelError


def _shape(shape) -> tuple:
    return tuple(None if dim is None else int(dim) for dim in shape)


def differences(project: Project, model, main: str) -> list[str]:
    """What the check of `project` says differently from the Keras `model` (imported as `main`);
    [] when they agree, or when the check itself finds errors (then the editor shows them)."""
    result = check(project)
    if not result.ok or main not in result.models:
        return []
    nodes = result.models[main]
    graph = project.models[main]
    found: list[str] = []
    for node in graph.nodes:
        entry = nodes.get(node.id)
        if entry is None or node.shares is not None or node.layer in ("Input", OP_LAYER):
            continue
        layer = _layer_named(model, node.id)
        if layer is None or not layer.built:
            continue
        expected = sum(count_weights(layer))
        counted = entry.trainable + entry.non_trainable
        if counted != expected:
            found.append(f"node {node.id!r} ({node.layer}) counts {counted:,} parameters, Keras {expected:,}")
    trainable, frozen = result.totals(main)
    keras_trainable, keras_frozen = count_weights(model)
    if not found and (trainable, frozen) != (keras_trainable, keras_frozen):
        found.append(
            f"the model counts {trainable:,} trainable and {frozen:,} non-trainable parameters, "
            f"Keras {keras_trainable:,} and {keras_frozen:,}"
        )
    for (node_id, output), tensor in zip(graph.output_refs(), model.outputs):
        entry = nodes.get(node_id)
        shapes = entry.output_shapes if entry is not None else []
        got = _shape(shapes[output]) if output < len(shapes) else None
        if got != _shape(tensor.shape):
            found.append(f"output {node_id!r} has shape {got}, Keras {_shape(tensor.shape)}")
    return found


def _layer_named(model, name: str):
    for layer in model.layers:
        if layer.name == name:
            return layer
    return None


def refuse_unfaithful(project: Project, model, main: str) -> None:
    """Raise UnsupportedModelError when the project would not build the same model as `model`.

    The check is compared first (cheap, and it is what the editor shows); only when it differs is the
    project built and compared, so a counting slip of the check alone never refuses a faithful import.
    A project that differs and does not build either is refused too, naming the difference and the build's error."""
    found = differences(project, model, main)
    if not found:
        return
    more = len(found) - 1
    refusal = f"the model {model.name!r} cannot be imported faithfully: {found[0]}" + (
        f" (and {more} more difference{'s' if more > 1 else ''})" if more else ""
    )
    try:
        rebuilt = build(project, main)
    except BuildError as exc:  # the project does not even build: the difference stands
        raise UnsupportedModelError(f"{refusal}; the project does not build either: {exc}") from exc
    same = (*count_weights(rebuilt), len(rebuilt.layers)) == (*count_weights(model), len(model.layers))
    if same and [_shape(t.shape) for t in rebuilt.outputs] == [_shape(t.shape) for t in model.outputs]:
        return
    raise UnsupportedModelError(refusal)
