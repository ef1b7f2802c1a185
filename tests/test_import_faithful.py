"""An import that would build another model than the one imported is refused, naming the node; a slip of
the check's own counting alone never refuses an import whose rebuilt model is the same."""

from __future__ import annotations

import pytest

from nnbuilder import build, from_keras
from nnbuilder.bridge import from_keras as from_keras_module
from nnbuilder.checking.result import NodeCheck
from nnbuilder.errors import UnsupportedModelError


def _model():
    import keras

    x = keras.Input((4,), name="x")
    hidden = keras.layers.Dense(3, use_bias=False, name="hidden")(x)
    out = keras.layers.Dense(2, name="out")(hidden)
    return keras.Model(x, out, name="small")


def test_a_setting_lost_on_the_way_refuses_the_import(monkeypatch):
    """Were a setting ever dropped while writing the project (here `use_bias`, by a broken writer), the
    project would build a model with more parameters: the import says so instead of returning it."""
    real = from_keras_module.compact_config

    def losing_use_bias(layer):
        config = real(layer)
        config.pop("use_bias", None)
        return config

    monkeypatch.setattr(from_keras_module, "compact_config", losing_use_bias)
    with pytest.raises(UnsupportedModelError) as caught:
        from_keras(_model())
    message = str(caught.value)
    assert "cannot be imported faithfully" in message and "'hidden' (Dense)" in message
    assert "counts 15 parameters, Keras 12" in message


def test_a_lost_output_shape_refuses_the_import(monkeypatch):
    real = from_keras_module.compact_config

    def other_units(layer):
        config = real(layer)
        if layer.name == "out":
            config["units"] = 5
        return config

    monkeypatch.setattr(from_keras_module, "compact_config", other_units)
    with pytest.raises(UnsupportedModelError, match="cannot be imported faithfully"):
        from_keras(_model())


def test_a_counting_slip_of_the_check_alone_does_not_refuse(monkeypatch):
    """When only the check miscounts, the rebuilt model is compared and found the same: the import stands."""
    real = NodeCheck.count_weights

    def miscount(self, trainable, non_trainable, frozen):
        real(self, trainable + 1, non_trainable, frozen)

    monkeypatch.setattr(NodeCheck, "count_weights", miscount)
    original = _model()
    project = from_keras(original)
    assert build(project).count_params() == original.count_params()
