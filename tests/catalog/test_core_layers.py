import pytest

from nnbuilder.catalog import LayerProblem, get_spec
from tests.catalog.keras_compare import assert_matches_keras


@pytest.mark.parametrize(
    "config, shapes",
    [
        ({"units": 10}, [(None, 784)]),
        ({"units": 3, "use_bias": False}, [(None, 5)]),
        ({"units": 7}, [(None, 12, 5)]),
    ],
)
def test_dense_matches_keras(config, shapes):
    assert_matches_keras("Dense", config, shapes)


def test_dense_on_feature_map_warns_and_suggests_flatten():
    spec = get_spec("Dense")
    result = spec.infer(spec.full_config({"units": 10}), [(None, 26, 26, 32)])
    assert result.shape == (None, 26, 26, 10)
    (problem,) = result.warnings
    assert problem.severity == "warning"
    assert problem.code == "rank"
    assert [f["layer"] for f in problem.fixes] == ["Flatten", "GlobalAveragePooling2D"]
    assert "(None, 26, 26, 32)" in problem.message


@pytest.mark.parametrize("config, shapes", [({"input_dim": 100, "output_dim": 8}, [(None, 20)])])
def test_embedding_matches_keras(config, shapes):
    assert_matches_keras("Embedding", config, shapes)


def test_input_without_shape_is_reported():
    spec = get_spec("Input")
    with pytest.raises(LayerProblem) as info:
        spec.infer(spec.full_config({}), [])
    assert info.value.code == "missing_shape"
