import pytest

from nnbuilder.catalog import LayerProblem
from tests.catalog.keras_compare import ours

# keras_compare calls a layer with a list of tensors; MultiHeadAttention takes
# (query, value, key) as separate arguments, so these helpers call it that way.


def _keras(config, shapes):
    import keras

    from nnbuilder.bridge._layers import count_weights, make_layer

    layer = make_layer("MultiHeadAttention", config, None)
    out = layer(*[keras.KerasTensor(tuple(s)) for s in shapes])
    return (tuple(out.shape), *count_weights(layer))


def assert_mha_matches_keras(config, shapes):
    assert ours("MultiHeadAttention", config, shapes) == _keras(config, shapes)


def assert_mha_both_refuse(config, shapes, code):
    with pytest.raises(LayerProblem) as info:
        ours("MultiHeadAttention", config, shapes)
    assert info.value.code == code
    with pytest.raises(Exception):  # noqa: B017 - any Keras failure will do
        _keras(config, shapes)
    return info.value


BASE = {"num_heads": 2, "key_dim": 16}


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({}, [(None, 10, 32), (None, 10, 32)]),
        ({}, [(None, 10, 32), (None, 7, 24)]),
        ({}, [(None, 10, 32), (None, 7, 24), (None, 7, 12)]),
        ({"value_dim": 8, "output_shape": [5]}, [(None, 10, 32), (None, 7, 24)]),
        ({"output_shape": 5}, [(None, 10, 32), (None, 7, 24)]),
        ({"output_shape": [5, 3]}, [(None, 10, 32), (None, 7, 24)]),
        ({"use_bias": False}, [(None, 10, 32), (None, 7, 24), (None, 7, 12)]),
        ({"use_gate": True}, [(None, 10, 32), (None, 7, 24)]),
        ({"use_gate": True, "value_dim": 4, "use_bias": False}, [(None, 10, 32), (None, 7, 24)]),
        ({}, [(None, None, 32), (None, None, 32)]),
        ({}, [(None, 4, 4, 32), (None, 4, 4, 32)]),
        ({"attention_axes": [1]}, [(None, 4, 5, 32), (None, 6, 5, 32)]),
        ({"attention_axes": 2}, [(None, 4, 5, 32), (None, 4, 6, 32)]),
        ({"dropout": 0.1, "seed": 3, "sliding_window": 3}, [(None, 10, 32), (None, 10, 32)]),
        ({"num_heads": 8, "key_dim": 64}, [(None, 50, 512), (None, 50, 512)]),
    ],
)
def test_multi_head_attention_matches_keras(config, shapes):
    assert_mha_matches_keras({**BASE, **config}, shapes)


def test_starter_matches_keras():
    from nnbuilder.catalog import get_spec

    spec = get_spec("MultiHeadAttention")
    assert_mha_matches_keras(spec.starter, list(spec.sample_inputs))


def test_key_and_value_must_agree():
    problem = assert_mha_both_refuse(BASE, [(None, 10, 32), (None, 7, 24), (None, 6, 12)], "merge_shape")
    assert problem.port == 2
    assert "(None, 6, 12)" in problem.message and "(None, 7, 24)" in problem.message


@pytest.mark.parametrize(
    "shapes, port", [([(None, 10, None), (None, 7, 3)], 0), ([(None, 10, 32), (None, 7, None)], 1)]
)
def test_unknown_feature_size(shapes, port):
    assert assert_mha_both_refuse(BASE, shapes, "unknown_size").port == port


def test_dropout_with_flash_attention():
    problem = assert_mha_both_refuse(
        {**BASE, "dropout": 0.1, "flash_attention": True}, [(None, 10, 32), (None, 10, 32)], "param"
    )
    assert problem.param == "dropout"


def test_attention_axes_out_of_range():
    problem = assert_mha_both_refuse({**BASE, "attention_axes": [5]}, [(None, 4, 5, 32), (None, 4, 6, 32)], "param")
    assert problem.param == "attention_axes"


def _refuse(config, shapes):
    with pytest.raises(LayerProblem) as info:
        ours("MultiHeadAttention", {**BASE, **config}, shapes)
    return info.value


def test_vector_query_suggests_reshape():
    problem = _refuse({}, [(None, 32), (None, 10, 32)])
    assert problem.code == "rank" and problem.port == 0
    assert problem.fixes[0]["label"] == "Insert Reshape to (None, 32, 1)"


def test_ranks_must_match_and_unattended_axes_agree():
    assert _refuse({}, [(None, 10, 32), (None, 7, 3, 3)]).port == 1
    problem = _refuse({"attention_axes": [1]}, [(None, 4, 5, 32), (None, 3, 6, 32)])
    assert problem.code == "merge_shape" and "axis 2" in problem.message


def test_input_count():
    assert _refuse({}, [(None, 10, 32)]).code == "inputs"
