"""ONNX export: the templates' models run in ONNX Runtime and answer as Keras does; layers the converter
cannot translate are refused by name, in the app, the Python API and the command line alike."""

import subprocess
import sys

import numpy as np
import onnxruntime
import pytest

from nnbuilder import load_template
from nnbuilder.app._export import export_download, export_to, model_to_export
from nnbuilder.bridge.model_files import save_model
from nnbuilder.errors import NNBuilderError
from tests.helpers import chain


def _inputs(model, rng):
    """A batch of 3 for each input; whole numbers below 50 for inputs that feed an Embedding."""
    feeds = []
    for tensor in model.inputs:
        shape = [3 if d is None else d for d in tensor.shape]
        feeds.append(rng.random(shape).astype("float32"))
    if any(type(layer).__name__ == "Embedding" for layer in model.layers):
        feeds = [np.floor(f * 50).astype("float32") for f in feeds]
    return feeds


def _run_onnx(path, feeds):
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {item.name: value for item, value in zip(session.get_inputs(), feeds)})


@pytest.mark.parametrize(
    "template",
    [
        "mnist_mlp",
        "mnist_cnn",
        "simple_rnn",
        "lstm",
        "imdb_lstm",
        "autoencoder",
        "gan",
        pytest.param("image_cnn", marks=pytest.mark.slow),  # 9.5 million weights: the converter takes a while
    ],
)
def test_template_model_runs_in_onnx_runtime_as_in_keras(template, tmp_path):
    model, trained = model_to_export(load_template(template))
    assert not trained
    path = tmp_path / f"{template}.onnx"
    save_model(model, path, "onnx")
    feeds = _inputs(model, np.random.default_rng(7))
    got = _run_onnx(path, feeds)
    want = model.predict(feeds[0] if len(feeds) == 1 else feeds, verbose=0)
    want = want if isinstance(want, list) else [want]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.shape == w.shape
        np.testing.assert_allclose(g, w, atol=1e-4, rtol=1e-4)
    assert np.std(want[0]) > 0  # the comparison saw real answers, not a constant


def test_the_gan_exports_its_generator(tmp_path):
    path, trained = export_to(load_template("gan"), tmp_path / "gan.onnx")
    (noise,) = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"]).get_inputs()
    assert noise.name == "noise" and noise.shape[1:] == [100] and trained is False
    (images,) = _run_onnx(path, [np.random.default_rng(2).standard_normal((2, 100)).astype("float32")])
    assert images.shape[0] == 2 and np.all(np.isfinite(images))


def test_download_from_the_app_is_an_onnx_file(tmp_path):
    name, data, mime, trained = export_download(load_template("mnist_mlp"), "onnx")
    assert (name, mime, trained) == ("mnist_mlp.onnx", "application/octet-stream", False)
    (tmp_path / name).write_bytes(data)
    (probabilities,) = _run_onnx(tmp_path / name, [np.random.default_rng(1).random((4, 784)).astype("float32")])
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)


def _with(node):
    return chain(("image", "Input", {"shape": [8, 8, 3]}), node, ("flat", "Flatten", {}), ("y", "Dense", {"units": 2}))


@pytest.mark.parametrize(
    ("node", "reason"),
    [
        (("flip", "RandomFlip", {}), "ONNX has no operation for its StatelessRandomUniformV2"),
        (("norm", "Normalization", {"mean": 0.5, "variance": 0.25}), "constants into extra inputs"),
    ],
)
def test_a_layer_the_converter_cannot_translate_is_named_and_no_file_is_left(node, reason, tmp_path):
    target = tmp_path / "model.onnx"
    with pytest.raises(NNBuilderError) as caught:
        export_to(_with(node), target)
    message = str(caught.value)
    assert message.startswith(f"onnx export cannot convert layer {node[0]!r} ({node[1]}): ")
    assert reason in message and "choose keras, savedmodel or tflite" in message
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_says_the_same_in_one_line(tmp_path):
    path = _with(("flip", "RandomFlip", {})).save(tmp_path / "flip.nnb.json")
    proc = subprocess.run(
        [sys.executable, "-m", "nnbuilder", "export", str(path), "-o", str(tmp_path / "flip.onnx")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("nnbuilder: error: onnx export cannot convert layer 'flip' (RandomFlip): ")
    assert proc.stderr.count("\n") == 1 and not (tmp_path / "flip.onnx").exists()
