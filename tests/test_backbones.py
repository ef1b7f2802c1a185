"""Pretrained backbones (a MobileNetV2 node): shapes and counts as Keras has them, clear refusals, the ImageNet
weights from the Keras cache when it holds them (never a download), and export, import and kept weights."""

from __future__ import annotations

import numpy as np
import pytest

from nnbuilder import Project, build, check, export_code, from_keras
from tests.helpers import chain


def _keras_counts(model) -> tuple[int, int]:
    return (
        sum(int(np.prod(w.shape)) for w in model.trainable_weights),
        sum(int(np.prod(w.shape)) for w in model.non_trainable_weights),
    )


def _backbone_project(shape=(96, 96, 3), **config) -> Project:
    return chain(("image", "Input", {"shape": list(shape)}), ("backbone", "MobileNetV2", config))


@pytest.mark.parametrize(
    ("alpha", "shape", "pooling"),
    [(0.35, (96, 96, 3), None), (1.0, (33, 45, 3), "avg"), (1.4, (64, 64, 3), "max"), (0.5, (None, None, 3), None)],
)
def test_shapes_and_counts_are_keras_own(alpha, shape, pooling):
    import keras

    reference = keras.applications.MobileNetV2(
        input_shape=shape, alpha=alpha, include_top=False, weights=None, pooling=pooling
    )
    config = {"alpha": alpha, "weights": None} | ({"pooling": pooling} if pooling else {})
    result = check(_backbone_project(shape, **config))
    assert result.ok, [str(p) for p in result.problems]
    node = result.node("backbone")
    assert node.output_shape == tuple(reference.output.shape)
    assert (node.trainable, node.non_trainable) == _keras_counts(reference)
    frozen = check(_backbone_project(shape, **config, trainable=False)).node("backbone")
    assert (frozen.trainable, frozen.non_trainable) == (0, sum(_keras_counts(reference)))


def test_built_backbone_counts_as_checked_and_freezes():
    project = _backbone_project(alpha=0.35, weights=None, trainable=False)
    model = build(project)
    assert _keras_counts(model) == check(project).totals("model") == (0, 410_208)
    assert not model.get_layer("backbone").backbone.trainable  # its batch norms run in inference mode


@pytest.mark.parametrize(
    ("shape", "config", "code", "words"),
    [
        ((96, 96, 1), {}, "input_mismatch", "with ImageNet weights takes colour images (3 channels)"),
        ((16, 96, 3), {"weights": None}, "too_small", "takes images of at least 32x32 pixels"),
        ((96, 3), {}, "rank", "expects an image"),
    ],
)
def test_inputs_it_cannot_take_are_refused_by_name(shape, config, code, words):
    (problem,) = check(_backbone_project(shape, **config)).errors
    assert (problem.code, problem.node) == (code, "backbone") and words in problem.message, problem.message
    zh = problem.say("zh")
    assert zh != problem.message and "MobileNetV2" in zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh


def test_one_channel_images_work_with_random_weights():
    assert check(_backbone_project((96, 96, 1), weights=None)).ok


def _cached_imagenet(home, alpha=0.35, rows=96):
    """A stand-in for the ImageNet file in a Keras cache at `home`: a MobileNetV2 of known weights saved where
    keras.applications keeps its download."""
    import h5py
    import keras
    from keras.src.legacy.saving import legacy_h5_format

    source = keras.applications.MobileNetV2(input_shape=(rows, rows, 3), alpha=alpha, include_top=False, weights=None)
    for variable in source.weights:
        variable.assign(np.random.default_rng(len(variable.path)).normal(0, 0.1, variable.shape).astype("float32"))
    (home / "models").mkdir(parents=True)
    path = home / "models" / f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{rows}_no_top.h5"
    with h5py.File(path, "w") as fh:
        legacy_h5_format.save_weights_to_hdf5_group(fh, source)
    return source


def test_imagenet_weights_come_from_the_keras_cache_when_it_has_them(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    x = np.random.default_rng(0).uniform(-1, 1, (2, 96, 96, 3)).astype("float32")
    without = build(_backbone_project(alpha=0.35)).predict(x, verbose=0)  # nothing cached: random weights
    source = _cached_imagenet(tmp_path / "keras")
    expected = source.predict(x, verbose=0)
    assert not np.allclose(without, expected, atol=1e-3)
    built = build(_backbone_project(alpha=0.35, trainable=False))
    np.testing.assert_allclose(built.predict(x, verbose=0), expected, atol=1e-5)
    random = build(_backbone_project(alpha=0.35, weights=None)).predict(x, verbose=0)  # weights none: never the cache
    assert not np.allclose(random, expected, atol=1e-3)


def test_exported_script_takes_the_cached_weights_without_nnbuilder(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    source = _cached_imagenet(tmp_path / "keras")
    code = export_code(_backbone_project(alpha=0.35, trainable=False))
    assert "import nnbuilder" not in code and "class MobileNetV2(keras.layers.Layer):" in code
    namespace: dict = {}
    exec(compile(code, "export", "exec"), namespace)
    model = namespace["build_model"]()
    x = np.random.default_rng(1).uniform(-1, 1, (1, 96, 96, 3)).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), source.predict(x, verbose=0), atol=1e-5)
    assert _keras_counts(model) == (0, 410_208)


def test_a_built_backbone_imports_back_with_its_weights(tmp_path):
    project = chain(
        ("image", "Input", {"shape": [64, 64, 3]}),
        ("backbone", "MobileNetV2", {"alpha": 0.35, "weights": None, "pooling": "avg", "trainable": False}),
        ("label", "Dense", {"units": 2}),
    )
    model = build(project)
    imported = from_keras(model, weights=True)
    node = imported.graph.node("backbone")
    assert (node.layer, node.config) == (
        "MobileNetV2",
        {"alpha": 0.35, "weights": None, "pooling": "avg", "trainable": False},
    )
    loaded = Project.load(imported.save(tmp_path / "back.nnb.json"))
    x = np.random.default_rng(2).uniform(-1, 1, (2, 64, 64, 3)).astype("float32")
    np.testing.assert_allclose(build(loaded).predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-5)
