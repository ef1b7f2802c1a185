import pytest

from nnbuilder.catalog import LayerProblem
from tests.catalog.keras_compare import assert_both_refuse, assert_matches_keras, ours

SEQ = [(None, 20, 16)]


@pytest.mark.parametrize("layer", ["SimpleRNN", "LSTM", "GRU"])
@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"units": 8}, SEQ),
        ({"units": 8, "return_sequences": True}, SEQ),
        ({"units": 8, "use_bias": False}, SEQ),
        ({"units": 1}, [(None, None, 3)]),
        ({"units": 5, "return_sequences": True}, [(4, None, 7)]),
        ({"units": 3, "stateful": True}, [(2, 10, 4)]),
        ({"units": 4, "dropout": 0.3, "recurrent_dropout": 0.2, "seed": 1}, SEQ),
        ({"units": 4, "go_backwards": True, "unroll": True}, SEQ),
    ],
)
def test_rnn_matches_keras(layer, config, shapes):
    assert_matches_keras(layer, config, shapes)


@pytest.mark.parametrize(
    "layer, config",
    [
        ("GRU", {"units": 8, "reset_after": False}),
        ("GRU", {"units": 8, "reset_after": False, "use_bias": False}),
        ("LSTM", {"units": 8, "unit_forget_bias": False}),
    ],
)
def test_rnn_variants_match_keras(layer, config):
    assert_matches_keras(layer, config, SEQ)


def test_rnn_weight_counts():
    assert ours("LSTM", {"units": 64}, SEQ)[1] == 4 * (16 * 64 + 64 * 64 + 64)
    assert ours("GRU", {"units": 64}, SEQ)[1] == 3 * (16 * 64 + 64 * 64) + 2 * 3 * 64
    assert ours("GRU", {"units": 64, "reset_after": False}, SEQ)[1] == 3 * (16 * 64 + 64 * 64 + 64)


@pytest.mark.parametrize("layer", ["SimpleRNN", "LSTM", "GRU"])
def test_rnn_on_vector_suggests_reshape(layer):
    problem = assert_both_refuse(layer, {"units": 8}, [(None, 784)], code="rank")
    assert "(None, 784)" in problem.message and "sequence" in problem.message
    assert problem.port == 0
    assert problem.fixes[0]["layer"] == "Reshape"
    assert problem.fixes[0]["config"] == {"target_shape": [784, 1]}
    assert problem.fixes[0]["label"] == "Insert Reshape to (None, 784, 1)"


def test_rnn_on_image_suggests_reshape_to_rows():
    problem = assert_both_refuse("LSTM", {"units": 8}, [(None, 28, 28, 1)], code="rank")
    assert problem.fixes[0]["config"] == {"target_shape": [28, 28]}
    assert "image" in problem.message


def test_rnn_on_image_with_free_width_has_no_fix():
    problem = assert_both_refuse("GRU", {"units": 8}, [(None, 28, None, 1)], code="rank")
    assert problem.fixes == []


@pytest.mark.parametrize("layer", ["SimpleRNN", "LSTM", "GRU"])
def test_rnn_refuses_unknown_features(layer):
    assert_both_refuse(layer, {"units": 8}, [(None, 10, None)], code="unknown_size")


def test_stateful_rnn_needs_batch_size():
    problem = assert_both_refuse("LSTM", {"units": 8, "stateful": True}, SEQ, code="param")
    assert problem.param == "stateful"
    assert problem.fixes[0] == {
        "action": "set",
        "param": "stateful",
        "value": False,
        "label": "Set stateful to False",
    }


def test_return_state_gives_the_states_as_more_outputs():
    from nnbuilder.catalog import get_spec

    lstm, gru = get_spec("LSTM"), get_spec("GRU")
    assert lstm.infer(lstm.full_config({"units": 8, "return_state": True}), SEQ).shapes == ((None, 8),) * 3
    config = gru.full_config({"units": 8, "return_state": True, "return_sequences": True})
    assert gru.infer(config, SEQ).shapes == ((*SEQ[0][:2], 8), (None, 8))


def _bi(inner, inner_config, **extra):
    return {"layer": {"class_name": inner, "config": inner_config}, **extra}


@pytest.mark.parametrize(
    "config, shapes",
    [
        (_bi("LSTM", {"units": 32}), SEQ),
        (_bi("LSTM", {"units": 8, "return_sequences": True}), SEQ),
        (_bi("GRU", {"units": 8}, merge_mode="sum"), SEQ),
        (_bi("GRU", {"units": 8, "reset_after": False}, merge_mode="mul"), SEQ),
        (_bi("SimpleRNN", {"units": 8, "return_sequences": True}, merge_mode="ave"), [(None, None, 5)]),
        (_bi("SimpleRNN", {"units": 4, "use_bias": False}), SEQ),
        (
            _bi(
                "GRU",
                {"units": 6},
                backward_layer={"class_name": "LSTM", "config": {"units": 6, "go_backwards": True}},
            ),
            SEQ,
        ),
        (_bi("LSTM", {"units": 3, "stateful": True}), [(2, 10, 4)]),
    ],
)
def test_bidirectional_matches_keras(config, shapes):
    assert_matches_keras("Bidirectional", config, shapes)


def test_bidirectional_without_merge_mode_gives_both_directions():
    from nnbuilder.catalog import get_spec

    spec = get_spec("Bidirectional")
    assert spec.infer(spec.full_config(_bi("LSTM", {"units": 8}, merge_mode=None)), SEQ).shapes == ((None, 8),) * 2
    states = spec.infer(spec.full_config(_bi("LSTM", {"units": 8, "return_state": True}, merge_mode=None)), SEQ)
    assert states.shapes == ((None, 8),) * 6  # forward, backward, then h and c of each direction


def test_bidirectional_on_vector_suggests_reshape():
    problem = assert_both_refuse("Bidirectional", _bi("LSTM", {"units": 8}), [(None, 100)], code="rank")
    assert problem.message.startswith("Bidirectional expects a sequence")
    assert problem.fixes[0]["label"] == "Insert Reshape to (None, 100, 1)"


def test_bidirectional_refuses_a_non_recurrent_layer():
    problem = assert_both_refuse("Bidirectional", _bi("Dense", {"units": 8}), SEQ, code="param")
    assert problem.param == "layer"
    assert "Dense" in problem.message and "LSTM" in problem.message


@pytest.mark.parametrize(
    "config, param",
    [
        (
            _bi("LSTM", {"units": 8}, backward_layer={"class_name": "LSTM", "config": {"units": 8}}),
            "backward_layer",
        ),
        (_bi("LSTM", {"units": 8, "go_backwards": True}), "layer"),
        (
            _bi(
                "LSTM",
                {"units": 8},
                backward_layer={
                    "class_name": "LSTM",
                    "config": {"units": 8, "go_backwards": True, "return_sequences": True},
                },
            ),
            "backward_layer",
        ),
    ],
)
def test_bidirectional_refuses_mismatched_directions(config, param):
    problem = assert_both_refuse("Bidirectional", config, SEQ, code="param")
    assert problem.param == param


def test_bidirectional_refuses_backward_layer_of_other_size():
    # Keras builds it but computes the output shape from the forward layer only
    config = _bi(
        "GRU",
        {"units": 4},
        backward_layer={"class_name": "GRU", "config": {"units": 5, "go_backwards": True}},
    )
    with pytest.raises(LayerProblem) as info:
        ours("Bidirectional", config, SEQ)
    assert info.value.param == "backward_layer" and "units" in info.value.message


@pytest.mark.parametrize(
    "inner_config, text",
    [({}, "needs units"), ({"units": 0}, "units"), ({"units": 4, "colour": 1}, "colour")],
)
def test_bidirectional_checks_the_nested_config(inner_config, text):
    with pytest.raises(LayerProblem) as info:
        ours("Bidirectional", _bi("GRU", inner_config), SEQ)
    assert info.value.code == "param" and info.value.param == "layer"
    assert text in info.value.message


def test_bidirectional_refuses_a_malformed_layer_value():
    with pytest.raises(LayerProblem) as info:
        ours("Bidirectional", {"layer": "LSTM"}, SEQ)
    assert info.value.param == "layer"
