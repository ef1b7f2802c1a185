"""The user's own data: arrays, DataFrames, CSV files and image folders."""

from __future__ import annotations

import numpy as np
import pytest

from nnbuilder.data import (
    DataError,
    Dataset,
    DatasetUnavailable,
    as_dataset,
    from_arrays,
    from_csv,
    from_image_folder,
    load_dataset,
    save_arrays,
)


def test_arrays_with_class_indices_are_split_for_testing():
    x = np.random.default_rng(0).normal(size=(50, 3))
    y = np.arange(50) % 3
    data = from_arrays(x, y)
    assert isinstance(data, Dataset) and data.name == "arrays" and data.info.source == "user"
    assert data.x_train.shape == (40, 3) and data.x_test.shape == (10, 3) and data.x_train.dtype == np.float32
    assert data.task == "classification" and data.class_names == ["0", "1", "2"] and data.y_train.dtype == np.int32
    assert data.info.input_shape == (3,) and data.info.num_classes == 3 and data.info.preview_kind == "table"


def test_given_test_arrays_are_kept_and_text_labels_become_classes():
    x, xt = np.ones((6, 2)), np.zeros((2, 2))
    data = from_arrays(x, ["cat", "dog", "cat", "cat", "dog", "dog"], xt, ["dog", "cat"])
    assert data.task == "binary" and data.class_names == ["cat", "dog"]
    assert data.y_train.tolist() == [0, 1, 0, 0, 1, 1] and data.y_test.tolist() == [1, 0]
    assert np.array_equal(data.x_test, xt)


def test_real_targets_make_regression_and_one_hot_targets_become_indices():
    x = np.ones((10, 2))
    assert from_arrays(x, np.linspace(0, 1, 10)).task == "regression"
    one_hot = np.eye(4)[np.arange(10) % 4]
    data = from_arrays(np.arange(10)[:, None], one_hot, test_fraction=0)
    assert data.task == "classification" and data.y_train.tolist() == (data.x_train[:, 0] % 4).tolist()
    assert len(data.x_test) == 0
    assert from_arrays(x, np.arange(10) % 2, task="regression").y_train.dtype == np.float32


def test_images_without_targets_for_autoencoders():
    data = from_arrays(np.random.default_rng(0).random((10, 12, 12)))
    assert data.y_train is None and data.task is None and data.info.preview_kind == "images"


def test_array_mistakes_are_named():
    with pytest.raises(DataError, match="x has 3 rows but y has 2"):
        from_arrays(np.ones((3, 2)), [0, 1])
    with pytest.raises(DataError, match="y_test is given without x_test"):
        from_arrays(np.ones((3, 2)), [0, 1, 1], y_test=[1])
    with pytest.raises(DataError, match="x_test has examples of shape"):
        from_arrays(np.ones((3, 2)), None, np.ones((2, 5)))
    with pytest.raises(DataError, match="holds <U1 values"):
        from_arrays(np.array([["a"], ["b"]]))
    with pytest.raises(DataError, match="x has missing values \\(NaN\\) in 1 row; fill or drop them first"):
        from_arrays(np.array([[1.0, np.nan], [2.0, 3.0]]), [0, 1])
    with pytest.raises(DataError, match="y has missing values"):
        from_arrays(np.ones((2, 2)), [0.5, np.nan])
    with pytest.raises(DataError, match="pass data=\\(x, y\\)"):
        load_dataset("arrays")


def test_as_dataset_takes_data_in_several_forms():
    x, y = np.ones((10, 2)), np.arange(10) % 2
    assert as_dataset((x, y)).x_train.shape == (8, 2)
    data = as_dataset(((x, y), (x[:3], y[:3])))
    assert len(data.x_train) == 10 and len(data.x_test) == 3
    data = as_dataset({"x_train": x, "y_train": y, "x_test": x, "y_test": y})
    assert len(data.x_test) == 10
    assert as_dataset(data) is data
    assert len(as_dataset((x, y, x[:4], y[:4])).x_test) == 4
    with pytest.raises(DataError, match="expected a Dataset"):
        as_dataset("data.csv")


def test_dataframes_keep_numeric_columns_and_name_the_rest():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"size": [1.0, 2, 3, 4, 5], "rooms": [1, 2, 3, 2, 1], "city": list("abcab")})
    price = pd.Series([10.0, 20, 30, 25, 15], name="price")
    data = from_arrays(frame, price, test_fraction=0.4)
    assert data.feature_names == ["size", "rooms"] and data.target_name == "price"
    assert data.x_train.shape == (3, 2) and data.task == "regression"
    assert data.note == "The text column 'city' was left out."
    test = from_arrays(frame, price, frame.iloc[:2], price.iloc[:2])
    assert test.x_test.shape == (2, 2)


CSV = "size,colour,rooms,kind\n1.5,red,2,flat\n2.5,blue,3,house\n,red,1,flat\n3.0,blue,4,house\n1.0,red,1,flat\n"


def test_csv_with_a_text_target(tmp_path):
    path = tmp_path / "homes.csv"
    path.write_text(CSV)
    data = from_csv(path, "kind", test_fraction=0.25)
    assert data.name == "csv" and data.task == "binary" and data.class_names == ["flat", "house"]
    assert data.feature_names == ["size", "rooms"] and data.target_name == "kind"
    assert len(data.x_train) + len(data.x_test) == 4 and data.x_train.dtype == np.float32
    assert data.note == f"Left out of {str(path)!r}: the text column 'colour' and 1 row with missing values."


def test_csv_numeric_targets_and_delimiters(tmp_path):
    path = tmp_path / "t.csv"
    rows = "\n".join(f"{i};{i * 0.5};{i % 3}" for i in range(30))
    path.write_text("a;b;label\n" + rows + "\n")
    data = load_dataset({"dataset": "csv", "options": {"path": str(path), "target": "label"}})
    assert data.task == "classification" and data.class_names == ["0", "1", "2"] and data.note is None
    data = from_csv(path, "b")
    assert data.task == "regression" and data.y_train.dtype == np.float32
    data = from_csv(path, "label", task="regression")
    assert data.task == "regression"


def test_csv_mistakes_are_one_clear_sentence(tmp_path):
    path = tmp_path / "homes.csv"
    path.write_text(CSV)
    with pytest.raises(DataError, match="has no column 'price'; its columns are: size, colour, rooms, kind"):
        from_csv(path, "price")
    with pytest.raises(DatasetUnavailable, match="the CSV file '.*nowhere.csv' does not exist"):
        from_csv(tmp_path / "nowhere.csv", "kind")
    with pytest.raises(DataError, match="holds text, so it cannot be a regression target"):
        from_csv(path, "kind", task="regression")
    (tmp_path / "latin.csv").write_bytes("a,b\n1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError, match="is not UTF-8 text"):
        from_csv(tmp_path / "latin.csv", "a")
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n3\n")
    with pytest.raises(DataError, match="row 3 of the CSV file .* has 1 cells but the header has 2"):
        from_csv(tmp_path / "bad.csv", "a")


def _write_pictures(folder, classes=("cats", "dogs"), each=5):
    from PIL import Image

    rng = np.random.default_rng(0)
    for k, name in enumerate(classes):
        (folder / name).mkdir(parents=True)
        for i in range(each):
            pixels = np.full((20, 30, 3), 60 + 120 * k, np.uint8) + rng.integers(0, 20, (20, 30, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(folder / name / f"{i}.png")


def test_image_folder_becomes_arrays_with_class_names(tmp_path):
    pytest.importorskip("PIL")
    _write_pictures(tmp_path / "pets")
    data = from_image_folder(tmp_path / "pets", image_size=(16, 12), test_fraction=0.2)
    assert data.class_names == ["cats", "dogs"] and data.task == "binary"
    assert data.x_train.shape == (8, 16, 12, 3) and data.x_test.shape == (2, 16, 12, 3)
    assert data.x_train.dtype == np.float32 and data.x_train.min() >= 0 and data.x_train.max() <= 1
    assert data.y_train.dtype == np.int32
    # Dogs are the brighter pictures: labels follow the subfolders.
    brightness = data.x_train.mean(axis=(1, 2, 3))
    assert (brightness[data.y_train == 1] > brightness[data.y_train == 0].max()).all()
    grey = from_image_folder(tmp_path / "pets", (8, 8), color_mode="grayscale", test_fraction=0, samples=4)
    assert grey.x_train.shape == (4, 8, 8, 1) and len(grey.x_test) == 0


def test_image_folder_mistakes(tmp_path):
    pytest.importorskip("PIL")
    _write_pictures(tmp_path / "broken", each=2)
    (tmp_path / "broken" / "cats" / "bad.png").write_bytes(b"not a picture")
    with pytest.raises(DataError, match="a picture in '.*broken' could not be read"):
        from_image_folder(tmp_path / "broken", test_fraction=0)
    with pytest.raises(DatasetUnavailable, match="the image folder '.*missing' does not exist"):
        from_image_folder(tmp_path / "missing")
    (tmp_path / "empty" / "cats").mkdir(parents=True)
    with pytest.raises(DataError, match="has no pictures in subfolders"):
        from_image_folder(tmp_path / "empty")
    with pytest.raises(
        DataError, match=r"^data\.options\.image_size: expected a list of 2 integers >= 1 and <= 4096, got \[0, 5\]$"
    ):
        from_image_folder(tmp_path, image_size=(0, 5))


def test_save_arrays_writes_the_four_arrays(tmp_path):
    data = from_arrays(np.ones((10, 2)), np.arange(10) % 2)
    path = save_arrays(data, tmp_path / "data.npz")
    with np.load(path) as saved:
        assert sorted(saved.files) == ["x_test", "x_train", "y_test", "y_train"]
        assert np.array_equal(saved["y_train"], data.y_train)
