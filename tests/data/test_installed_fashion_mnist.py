"""Fashion-MNIST from the folder Debian's dataset-fashion-mnist installs: idx files read without a download,
a clear refusal naming the package when they are missing, and the Keras set reading them before downloading."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np
import pytest

import nnbuilder
from nnbuilder.data import DatasetUnavailable, dataset_info, load_dataset
from nnbuilder.locale.error_words import said_error
from nnbuilder.verbatim import loaders as _loaders
from nnbuilder.verbatim import loaders_keras as _loaders_keras

INSTALLED = Path("/usr/share/datasets/fashion-mnist")


def _idx(path: Path, array: np.ndarray, *, compress: bool = True) -> None:
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    data = header + array.astype(np.uint8).tobytes()
    if compress:
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)


def _folder(root: Path, train=30, test=10, compress=True) -> Path:
    """A tiny copy of the installed folder: four idx files (gzipped as Debian ships them, or not)."""
    rng = np.random.default_rng(0)
    root.mkdir(parents=True, exist_ok=True)
    _idx(root / "train-images-idx3-ubyte", rng.integers(0, 256, (train, 28, 28)), compress=compress)
    _idx(root / "train-labels-idx1-ubyte", np.arange(train) % 10, compress=compress)
    _idx(root / "t10k-images-idx3-ubyte", rng.integers(0, 256, (test, 28, 28)), compress=compress)
    _idx(root / "t10k-labels-idx1-ubyte", (np.arange(test) + 3) % 10, compress=compress)
    return root


@pytest.fixture
def installed_in(monkeypatch):
    """Point the registry's installed Fashion-MNIST at another folder."""

    def point(folder: Path) -> None:
        def loader(**values):
            return _loaders_keras.load_fashion_mnist_installed(**values, folder=str(folder))

        monkeypatch.setitem(_loaders.LOADERS, "fashion_mnist_installed", loader)

    return point


def test_the_registry_describes_it_as_installed_real_data():
    info = dataset_info("fashion_mnist_installed")
    assert info.source == "installed" and info.stand_in is None and info.num_classes == 10
    assert info.input_shape == (28, 28, 1) and "dataset-fashion-mnist" in info.description


@pytest.mark.parametrize("compress", [True, False])
def test_idx_files_are_read_as_unit_floats_with_the_class_names(tmp_path, installed_in, compress):
    installed_in(_folder(tmp_path / "fm", compress=compress))
    data = load_dataset("fashion_mnist_installed")
    assert data.x_train.shape == (30, 28, 28, 1) and data.x_test.shape == (10, 28, 28, 1)
    assert data.x_train.dtype == np.float32 and data.x_train.min() >= 0.0 and data.x_train.max() <= 1.0
    assert data.y_train.tolist() == [i % 10 for i in range(30)] and data.y_test[0] == 3
    assert data.class_names[0] == "T-shirt/top" and data.class_names[9] == "Ankle boot"
    assert data.note is None and data.stand_in is None
    flat = load_dataset({"dataset": "fashion_mnist_installed", "options": {"flatten": True, "samples": 12}})
    assert flat.x_train.shape == (12, 784) and len(flat.x_test) == 4


def test_a_missing_folder_names_the_package_to_install(tmp_path, installed_in):
    installed_in(tmp_path / "absent")
    with pytest.raises(DatasetUnavailable) as err:
        load_dataset("fashion_mnist_installed")
    message = str(err.value)
    assert message.startswith("Fashion-MNIST is not installed in ") and str(tmp_path / "absent") in message
    assert "apt-get install dataset-fashion-mnist" in message
    assert said_error(message, "zh").startswith("Fashion-MNIST 没有安装在")


@pytest.mark.parametrize(
    ("content", "english", "chinese"),
    [
        (
            gzip.compress(b"\x00\x00\x08\x01\x00\x00\x00\x1e" + b"\x01", mtime=0),
            "is cut short: its header says 30 bytes of data",
            "不完整：文件头写明数据有 30 字节",
        ),
        (
            gzip.compress(b"PK\x03\x04 a zip file", mtime=0),
            "is not an idx file of unsigned bytes",
            "不是无符号字节的 idx 文件",
        ),
        (b"not gzipped at all", "could not be read", "无法读取"),
    ],
)
def test_a_damaged_file_is_refused_in_one_sentence(tmp_path, installed_in, content, english, chinese):
    folder = _folder(tmp_path / "fm")
    (folder / "train-labels-idx1-ubyte.gz").write_bytes(content)
    installed_in(folder)
    with pytest.raises(nnbuilder.NNBuilderError, match=english) as err:
        load_dataset("fashion_mnist_installed")
    message = str(err.value)
    assert "train-labels-idx1-ubyte.gz" in message and "\n" not in message
    assert chinese in said_error(message, "zh")


def test_the_keras_set_reads_the_installed_files_before_any_download(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(_loaders_keras, "data_keras_fetch", lambda name, **kw: calls.append(name))
    result = _loaders_keras.load_fashion_mnist(folder=str(_folder(tmp_path / "fm")))
    assert calls == [] and result["x_train"].shape == (30, 28, 28, 1) and result["note"] is None


def test_the_exported_script_reads_the_same_folder():
    code = nnbuilder.export_code(
        nnbuilder.load_template("mnist_mlp").with_section("data", {"dataset": "fashion_mnist_installed"})
    )
    assert "def data_idx_array(path):" in code and "load_fashion_mnist_installed(" in code
    assert "/usr/share/datasets/fashion-mnist" in code and "targets=" not in code


@pytest.mark.skipif(not INSTALLED.is_dir(), reason="Debian's dataset-fashion-mnist is not installed")
def test_the_installed_package_gives_the_whole_set():
    data = load_dataset("fashion_mnist_installed")
    assert data.x_train.shape == (60000, 28, 28, 1) and data.x_test.shape == (10000, 28, 28, 1)
    assert np.bincount(data.y_train).tolist() == [6000] * 10 and np.bincount(data.y_test).tolist() == [1000] * 10
    assert os.path.isfile(INSTALLED / "train-images-idx3-ubyte.gz")
