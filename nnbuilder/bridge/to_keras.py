"""`build(project)`: Keras Functional models from a project's graphs."""

from __future__ import annotations

from nnbuilder.bridge._layers import call_kwargs, call_layer, make_input, make_layer, outputs_of
from nnbuilder.bridge.operations import call_op
from nnbuilder.bridge.weights import restore_weights
from nnbuilder.checking.checker import check
from nnbuilder.document import graph as _graph
from nnbuilder.document.models import dependency_order, top_level_models
from nnbuilder.document.names import layer_names, model_names
from nnbuilder.document.trust import is_trusted
from nnbuilder.document.validation import MODEL_LAYER, OP_LAYER
from nnbuilder.errors import BuildError, first_line


def build(project, model: str | None = None):
    """The Keras model of `project` (or of its model called `model`).

    A project with several top-level models (a GAN's generator and
    discriminator) gives a dict of them by name. Raises BuildError, naming the
    node, when the project has errors or Keras refuses a layer.
    """
    result = check(project)
    if result.errors:
        first = result.errors[0]
        more = f" (and {len(result.errors) - 1} more problems)" if len(result.errors) > 1 else ""
        raise BuildError(first.message + more, node=first.node, model=first.model)
    if model is not None and model not in project.models:
        raise BuildError(f"no model called {model!r}; this project has {', '.join(project.models)}")
    built: dict = {}
    for name in dependency_order(project):
        built[name] = _build_graph(project, name, built)
        restore_weights(project, name, built[name])  # weights the project keeps (an import, a saved file)
    if model is not None:
        return built[model]
    top = top_level_models(project)
    if len(top) == 1:
        return built[top[0]]
    return {name: built[name] for name in top}


def _build_graph(project, name, built):
    import keras

    graph = project.models[name]
    order, _ = _graph.topological_order(graph)
    models = model_names(project.models)
    names = layer_names(graph, models)
    tensors, layers = {}, {}  # node id -> the list of its outputs; root id -> its layer object
    for node_id in order:
        node = graph.node(node_id)
        try:
            if node.layer == "Input":
                tensors[node_id] = [make_input(node.config, names[node_id])]
                continue
            inputs, by_arg = _graph.fed_into(graph, node_id, tensors)
            if node.layer == OP_LAYER:  # keras.ops.<op> on its tensors by argument, named after the node
                tensors[node_id] = call_op(node.op, node.config, by_arg, names[node_id])
                continue
            if node.layer == MODEL_LAYER:
                obj = built[node.model]
                if node.config.get("trainable") is False:
                    obj.trainable = False  # a frozen Model node freezes the model it calls (one Keras object)
            else:
                root = graph.node(node.shares) if node.shares else node  # one layer object per shared layer
                if root.id not in layers:
                    layers[root.id] = make_layer(root.layer, root.config, names[root.id], trust=is_trusted(project))
                obj = layers[root.id]
            tensors[node_id] = outputs_of(call_layer(node.layer, obj, inputs, call_kwargs(node.call, by_arg)))
        except BuildError as exc:
            raise BuildError(exc.detail, node=node_id, model=name) from None
        except Exception as exc:
            raise BuildError(f"Keras refused {node.layer}: {first_line(exc)}", node=node_id, model=name) from exc
    ins = [tensors[i][0] for i in graph.input_ids()]
    outs = [tensors[i][k] for i, k in graph.output_refs()]
    try:
        return keras.Model(
            inputs=ins[0] if len(ins) == 1 else ins, outputs=outs[0] if len(outs) == 1 else outs, name=models[name]
        )
    except Exception as exc:
        raise BuildError(f"Keras could not assemble the model: {first_line(exc)}", model=name) from exc
