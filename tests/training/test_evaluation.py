"""evaluate(): metrics, confusion matrix, gallery and regression pairs on tiny Keras models."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest

from nnbuilder.errors import NNBuilderError
from nnbuilder.training.evaluation import (
    confusion_matrix,
    evaluate,
    gallery_indices,
    image_view,
    per_class_accuracy,
    predicted_classes,
    regression_pairs,
    true_classes,
)


def toy(x, y=None, *, task="classification", names=None, kind="images", shape=None):
    info = SimpleNamespace(preview_kind=kind, input_shape=shape or tuple(x.shape[1:]), task=task)
    return SimpleNamespace(name="toy", x_test=x, y_test=y, class_names=names, task=task, note="toy data", info=info)


def jsonable(result):
    gallery = dict(result["gallery"], images=None)
    json.dumps({**result, "gallery": gallery}, allow_nan=False)


# -- pure pieces -----------------------------------------------------------------------


def test_confusion_matrix_counts_rows_as_true_and_columns_as_predicted():
    m = confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    assert m.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert confusion_matrix([0, 5, -1], [0, 0, 0], 2).tolist() == [[1, 0], [0, 0]]  # unknown labels left out
    with pytest.raises(NNBuilderError, match="2 true labels but 3 predictions"):
        confusion_matrix([0, 1], [0, 1, 1], 2)


def test_per_class_accuracy_is_the_diagonal_share_and_none_without_samples():
    assert per_class_accuracy([[3, 1, 0], [0, 0, 0], [1, 1, 2]]) == [0.75, None, 0.5]


def test_class_decisions_argmax_sigmoid_threshold_and_logits():
    pred, conf = predicted_classes([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
    assert pred.tolist() == [1, 0] and conf.tolist() == pytest.approx([0.7, 0.5])
    pred, conf = predicted_classes([[0.2], [0.5], [0.9]])
    assert pred.tolist() == [0, 1, 1] and conf.tolist() == pytest.approx([0.8, 0.5, 0.9])
    assert predicted_classes([[-0.3], [0.2]], from_logits=True)[0].tolist() == [0, 1]
    assert true_classes(np.eye(3)[[2, 0, 1]]).tolist() == [2, 0, 1]
    assert true_classes(np.array([[1.0], [0.0]])).tolist() == [1, 0]


def test_regression_pairs_are_capped_and_gallery_mixes_mistakes():
    pairs = regression_pairs(np.arange(2000.0), np.arange(2000.0) + 1)
    assert len(pairs["true"]) == len(pairs["predicted"]) == 500
    assert pairs["true"][0] == 0.0 and pairs["true"][-1] == 1999.0 and pairs["predicted"][0] == 1.0
    correct = np.array([True] * 90 + [False] * 10)
    chosen = gallery_indices(correct, 16)
    assert len(chosen) == 16 and (~correct[chosen]).sum() == 8 and list(chosen) == sorted(chosen)
    assert len(gallery_indices(np.ones(5, bool), 16)) == 5


def test_image_view_unflattens_images_and_refuses_sequences():
    flat = np.random.rand(3, 64).astype("float32")
    assert image_view(flat, toy(flat, shape=(8, 8, 1))).shape == (3, 8, 8, 1)
    assert image_view(np.random.rand(3, 30, 1), toy(flat, kind="sequence")) is None
    scaled = image_view(np.linspace(-1, 1, 2 * 36).reshape(2, 6, 6, 1), None)
    assert scaled.min() == 0.0 and scaled.max() == 1.0


# -- with Keras --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keras():
    import keras

    return keras


def test_classification_result_matches_the_predictions(keras):
    rng = np.random.default_rng(0)
    x = rng.random((60, 8, 8, 1)).astype("float32")
    y = rng.integers(0, 3, 60)
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(3, "softmax")])
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    result = evaluate(model, toy(x, y, names=["cat", "dog", "fox"]), {"batch_size": 16}, gallery_size=10)
    pred = np.argmax(model.predict(x, verbose=0), axis=1)
    assert result["task"] == "classification" and result["class_names"] == ["cat", "dog", "fox"]
    assert set(result["metrics"]) >= {"loss", "accuracy"}
    assert result["metrics"]["accuracy"] == pytest.approx(float(np.mean(pred == y)), abs=1e-6)
    assert result["confusion"] == confusion_matrix(y, pred, 3).tolist()
    assert sum(map(sum, result["confusion"])) == 60
    assert result["per_class_accuracy"] == pytest.approx(per_class_accuracy(result["confusion"]))
    g = result["gallery"]
    assert g["images"].shape == (10, 8, 8, 1) and len(g["true"]) == len(g["predicted"]) == len(g["correct"]) == 10
    assert all((t == p) == c for t, p, c in zip(g["true"], g["predicted"], g["correct"]))
    assert set(g["true"]) <= {"cat", "dog", "fox"} and result["regression"] is None
    jsonable(result)


def test_binary_sigmoid_uses_a_half_threshold(keras):
    x = np.concatenate([np.linspace(-2, -0.5, 20), np.linspace(0.5, 2, 20)]).reshape(-1, 1).astype("float32")
    y = (x[:, 0] > 0).astype("int64")
    y[0] = 1  # one mistake: predicted 0
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, "sigmoid")])
    model.set_weights([np.array([[10.0]], "float32"), np.array([0.0], "float32")])
    model.compile(loss="binary_crossentropy", metrics=["accuracy"])
    result = evaluate(model, toy(x, y, task="binary", kind="table"), {"batch_size": 8}, gallery_size=4)
    assert result["class_names"] == ["0", "1"]
    assert result["confusion"] == [[19, 0], [1, 20]]
    assert result["per_class_accuracy"] == pytest.approx([1.0, 20 / 21])
    assert result["gallery"]["images"] is None and False in result["gallery"]["correct"]
    jsonable(result)


def test_regression_gives_predicted_vs_true_pairs(keras):
    x = np.linspace(-1, 1, 800).reshape(-1, 1).astype("float32")
    y = 2 * x + 1
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.set_weights([np.array([[2.0]], "float32"), np.array([1.0], "float32")])
    model.compile(loss="mse", metrics=["mae"])
    result = evaluate(model, toy(x, y, task="regression", kind="table"), {}, gallery_size=5)
    assert result["confusion"] is None and result["metrics"]["loss"] == pytest.approx(0.0, abs=1e-8)
    pairs = result["regression"]
    assert len(pairs["true"]) == 500
    assert pairs["predicted"] == pytest.approx(pairs["true"], abs=1e-5)
    assert len(result["gallery"]["true"]) == 5 and result["gallery"]["correct"] == []
    jsonable(result)


def test_autoencoder_pairs_inputs_with_reconstructions(keras):
    x = np.random.default_rng(1).random((12, 8, 8, 1)).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(64, "sigmoid"),
            keras.layers.Reshape((8, 8, 1)),
        ]
    )
    model.compile(loss="mse")
    result = evaluate(model, toy(x), {"recipe": "autoencoder"}, gallery_size=4)
    assert result["task"] == "reconstruction" and set(result["metrics"]) == {"loss"}
    g = result["gallery"]
    assert g["pairs"] is True and g["images"].shape == (8, 8, 8, 1) and len(g["error"]) == 4
    assert np.allclose(g["images"][0], x[0])  # inputs first, then their reconstructions
    jsonable(result)


def test_gan_gallery_and_clear_errors(keras):
    generator = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(36, "sigmoid"), keras.layers.Reshape((6, 6, 1))]
    )
    x = np.zeros((5, 6, 6, 1), "float32")
    result = evaluate({"generator": generator}, toy(x), {"recipe": "gan"}, gallery_size=3)
    assert result["task"] == "generation" and result["gallery"]["images"].shape == (3, 6, 6, 1)
    with pytest.raises(NNBuilderError, match="no test data"):
        evaluate(generator, toy(np.zeros((0, 4))), {})
    with pytest.raises(NNBuilderError, match="no targets"):
        evaluate(generator, toy(np.zeros((3, 4))), {})
    with pytest.raises(NNBuilderError, match="gallery_size"):
        evaluate(generator, toy(x), {}, gallery_size=-1)
