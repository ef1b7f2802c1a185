"""An import that would build another model than the one imported is refused, naming the node; a slip of
the check's own counting alone never refuses an import whose rebuilt model is the same."""

from __future__ import annotations

import pytest

from nnbuilder import build, from_keras
from nnbuilder.bridge import from_keras as from_keras_module
from nnbuilder.bridge.import_check import differences
from nnbuilder.checking.result import NodeCheck
from nnbuilder.errors import UnsupportedModelError


def _model():
    import keras

    x = keras.Input((4,), name="x")
    hidden = keras.layers.Dense(3, use_bias=False, name="hidden")(x)
    out = keras.layers.Dense(2, name="out")(hidden)
    return keras.Model(x, out, name="small")


def _refusal() -> str:
    """What importing the small model is refused with."""
    with pytest.raises(UnsupportedModelError) as caught:
        from_keras(_model())
    return str(caught.value)


def _miscount_weights(monkeypatch) -> None:
    """Make the check count one trainable weight too many on every node."""
    real = NodeCheck.count_weights

    def miscount(self, trainable, non_trainable, frozen):
        real(self, trainable + 1, non_trainable, frozen)

    monkeypatch.setattr(NodeCheck, "count_weights", miscount)


def test_a_setting_lost_on_the_way_refuses_the_import(monkeypatch):
    """Were a setting ever dropped while writing the project (here `use_bias`, by a broken writer), the
    project would build a model with more parameters: the import says so instead of returning it."""
    real = from_keras_module.compact_config

    def losing_use_bias(layer):
        config = real(layer)
        config.pop("use_bias", None)
        return config

    monkeypatch.setattr(from_keras_module, "compact_config", losing_use_bias)
    message = _refusal()
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
    message = _refusal()
    assert "cannot be imported faithfully: node 'out'" in message
    assert message.endswith("(and 1 more difference)")  # the output's shape, after its parameters


def test_a_counting_slip_of_the_check_alone_does_not_refuse(monkeypatch):
    """When only the check miscounts, the rebuilt model is compared and found the same: the import stands."""
    _miscount_weights(monkeypatch)
    original = _model()
    project = from_keras(original)
    assert differences(project, original, "small")  # the check does miscount: the rebuilt model settled it
    assert build(project).count_params() == original.count_params()


def test_a_difference_whose_project_does_not_build_refuses_the_import(monkeypatch):
    """When the check differs and building the project to confirm it fails, the import is still refused
    with one UnsupportedModelError naming the difference, never the build's own error."""
    from nnbuilder.bridge import import_check
    from nnbuilder.errors import BuildError

    def failing_build(project, model=None):
        raise BuildError("Keras refused Dense: no room", node="hidden", model=model)

    _miscount_weights(monkeypatch)
    monkeypatch.setattr(import_check, "build", failing_build)
    message = _refusal()
    assert "cannot be imported faithfully" in message and "'hidden' (Dense)" in message
    assert "counts 13 parameters, Keras 12" in message
    assert "does not build" in message and "no room" in message
