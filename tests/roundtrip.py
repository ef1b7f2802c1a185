"""The round-trip check: Keras model -> project -> Keras model, compared piece by piece."""

from __future__ import annotations

import numpy as np

from nnbuilder import Project, build, check, from_keras
from nnbuilder.bridge.from_keras import _call_tensors


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "name"}
    return value


def layer_signature(model):
    """Class, config (names aside) and inbound connectivity of every layer and operation (`x + y`,
    `ops.mean`), nested models inlined. An operation is known by its class and place, not by its
    name: the names Keras gives operations depend on what the process made before."""
    import keras

    everything = getattr(model, "operations", None) or model.layers
    known = {id(op): _operation_key(op, everything) for op in everything}
    out = []
    for layer in everything:
        if isinstance(layer, keras.layers.InputLayer):
            continue  # Sequential models do not list theirs
        if isinstance(layer, keras.Model):
            out.append(("model", layer.name, layer_signature(layer)))
            continue
        inbound = []
        for node in layer._inbound_nodes:  # tensors in call-signature order (query, value, key...)
            sources = [known.get(id(t._keras_history[0]), t._keras_history[0].name) for t in _call_tensors(layer, node)]
            inbound.append(sources if isinstance(layer, keras.layers.Layer) else [*sources, _call_values(layer, node)])
        # a loaded Sequential calls its layers twice on the same tensors: compare distinct links
        links = sorted({tuple(map(repr, i)) for i in inbound})
        out.append((type(layer).__name__, known[id(layer)], _plain(layer.get_config()), links))
    return out


def _operation_key(op, everything):
    """A layer's name; an operation's class and its place among the operations of that class."""
    import keras

    if isinstance(op, keras.layers.Layer):
        return op.name
    same = [o for o in everything if type(o) is type(op)]
    return f"{type(op).__name__}#{same.index(op)}"


def _call_values(op, node):
    """The non-tensor arguments of an operation's call (`x * 0.5` holds 0.5), tensors as their place."""
    import inspect

    import keras

    bound = inspect.signature(type(op).call).bind(None, *node.arguments.args, **node.arguments.kwargs).arguments
    values = dict(list(bound.items())[1:])

    def plain(value):  # a tensor as its place; a NumPy number as the number it holds
        if isinstance(value, keras.KerasTensor):
            return "tensor"
        return value.item() if isinstance(value, np.generic) else value

    return _plain(keras.tree.map_structure(plain, values))


def sample_inputs(model, batch=2, seed=0):
    rng = np.random.default_rng(seed)
    data = []
    for tensor in model.inputs:
        shape = [batch] + [d if d is not None else 5 for d in tensor.shape[1:]]
        data.append(rng.normal(size=shape).astype("float32"))
    return data


def padded_ids(rows=4, steps=7, vocabulary=20, seed=0):
    """Token ids with zero padding at the end of each row, as text models get them."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(1, vocabulary, size=(rows, steps))
    for row, length in enumerate(rng.integers(2, steps, size=rows)):
        ids[row, length:] = 0
    return ids


def assert_round_trip(model, atol=1e-5) -> Project:
    """from_keras -> file form -> build: same layers, configs, links, parameters and outputs."""
    project = Project.from_dict(from_keras(model).to_dict())  # through the document format
    result = check(project)
    assert result.ok, [str(p) for p in result.errors]
    rebuilt = build(project)
    assert rebuilt.count_params() == model.count_params()
    assert layer_signature(rebuilt) == layer_signature(model)
    rebuilt.set_weights(model.get_weights())
    data = sample_inputs(model)
    feed = data[0] if len(data) == 1 else data
    expected = model.predict(feed, verbose=0)
    got = rebuilt.predict(feed, verbose=0)
    for a, b in zip(
        np.atleast_1d(expected) if not isinstance(expected, list) else expected,
        np.atleast_1d(got) if not isinstance(got, list) else got,
    ):
        np.testing.assert_allclose(b, a, atol=atol, rtol=1e-5)
    return project
