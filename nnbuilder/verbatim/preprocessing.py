"""Preparing preprocessing layers before training: Normalization learns its statistics.

Self-contained on purpose: exported scripts carry a copy of these functions' source.
"""

import keras


def adapt_normalization(model, x, batch_size=256):
    """Let every Normalization layer of `model` given no mean and variance learn them from
    `x` (the rows it trains on) with `layer.adapt`, in the order data flows, so each
    sees what reaches it; layers inside nested models too. Returns their names."""
    adapted = []
    for layer in model.layers:  # a Functional or Sequential model lists them in order
        fresh = isinstance(layer, keras.layers.Normalization)
        fresh = fresh and layer.input_mean is None
        nested = isinstance(layer, keras.Model) and adapt_normalization_wanted(layer)
        if not fresh and not nested:
            continue
        data = adapt_normalization_data(model, layer, x, batch_size)
        if fresh:
            layer.adapt(data)
            adapted.append(layer.name)
        else:
            adapted += adapt_normalization(layer, data, batch_size)
    return adapted


def adapt_normalization_wanted(model):
    """Whether `model` (or a model nested in it) has a Normalization layer to adapt."""
    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization) and layer.input_mean is None:
            return True
        if isinstance(layer, keras.Model) and adapt_normalization_wanted(layer):
            return True
    return False


def adapt_normalization_data(model, layer, x, batch_size):
    """What reaches `layer` inside `model` when `x` goes in: `x` itself, or what the
    layers before it make of it."""
    # one inbound node per call of the layer; the one inside `model` counts
    for node in layer._inbound_nodes:
        tensors = list(node.input_tensors)
        if len(tensors) == 1 and any(tensors[0] is t for t in model.inputs):
            return x
        try:
            upstream = keras.Model(model.inputs, tensors[0])
        except ValueError:  # a call inside another model
            continue
        return upstream.predict(x, batch_size=batch_size, verbose=0)
    raise ValueError(f"the layer {layer.name!r} is not called inside {model.name!r}")
