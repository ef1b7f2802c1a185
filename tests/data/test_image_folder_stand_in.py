"""An image folder without a path: generated circles and squares stand in, made once per seed."""

from __future__ import annotations

import numpy as np
import pytest

from nnbuilder.codegen.data_code import data_source_code
from nnbuilder.data import load_dataset

SECTION = {"dataset": "image_folder", "options": {"image_size": [24, 24], "samples": 20}}


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    return tmp_path


def test_without_a_path_generated_circles_and_squares_stand_in(keras_home):
    data = load_dataset(SECTION)
    folder = keras_home / "datasets" / "circles_and_squares_seed0"
    assert data.note == (
        f"No image folder was given, so a generated folder of circles and squares stands in for it ({folder})."
    )
    assert data.stand_in == "circles_and_squares" and data.task == "binary"
    assert data.class_names == ["circles", "squares"]
    assert data.x_train.shape == (20, 24, 24, 3) and data.x_train.dtype == np.float32
    assert data.x_train.min() >= 0 and data.x_train.max() <= 1
    assert set(np.unique(data.y_train)) == {0, 1}
    for name in ("circles", "squares"):
        assert len(list((folder / name).glob("*.png"))) == 60
    assert [p.name for p in keras_home.joinpath("datasets").iterdir()] == ["circles_and_squares_seed0"]


def test_the_folder_is_made_once_per_seed_and_repeats(keras_home, tmp_path_factory, monkeypatch):
    first = load_dataset(SECTION)
    picture = keras_home / "datasets" / "circles_and_squares_seed0" / "circles" / "circle_00.png"
    made = picture.stat().st_mtime_ns
    again = load_dataset(SECTION)
    assert picture.stat().st_mtime_ns == made and np.array_equal(first.x_train, again.x_train)
    other = load_dataset({**SECTION, "options": {**SECTION["options"], "seed": 1}})
    assert not np.array_equal(first.x_train, other.x_train)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.setenv("KERAS_HOME", str(elsewhere))
    load_dataset(SECTION)
    assert (elsewhere / "datasets" / "circles_and_squares_seed0" / "circles" / "circle_00.png").read_bytes() == (
        picture.read_bytes()
    )


def test_pictures_show_a_light_circle_or_square_on_a_dark_ground(keras_home):
    image = pytest.importorskip("PIL.Image")
    load_dataset(SECTION)
    folder = keras_home / "datasets" / "circles_and_squares_seed0"
    for name, corners_filled in (("circles", False), ("squares", True)):
        for path in sorted((folder / name).glob("*.png"))[:10]:
            pixels = np.asarray(image.open(path))
            assert pixels.shape == (64, 64, 3) and pixels.dtype == np.uint8
            shape = pixels.min(axis=2) >= 150
            rows, cols = np.flatnonzero(shape.any(axis=1)), np.flatnonzero(shape.any(axis=0))
            assert 20 <= len(rows) <= 42 and rows.min() > 0 and rows.max() < 63, path.name
            corners = shape[[rows[0], rows[0], rows[-1], rows[-1]], [cols[0], cols[-1], cols[0], cols[-1]]]
            assert corners.all() == corners_filled and corners.any() == corners_filled, path.name


def test_the_exported_loader_makes_the_same_folder_and_prints_the_note(keras_home, capsys):
    namespace = {"__name__": "exported"}
    exec(compile(data_source_code(SECTION), "<exported>", "exec"), namespace)
    (x, y), (xt, yt) = namespace["load_data"]()
    printed = capsys.readouterr().out
    assert printed.startswith("No image folder was given, so a generated folder of circles and squares stands in")
    data = load_dataset(SECTION)
    assert np.array_equal(x, data.x_train) and np.array_equal(y, data.y_train)
    assert np.array_equal(xt, data.x_test) and np.array_equal(yt, data.y_test)
