"""preview(): a few examples for the UI in one of three kinds."""

from __future__ import annotations

import numpy as np

from nnbuilder.data import from_arrays, load_dataset, preview


def _common(out, name):
    assert out["name"] == name and out["title"] and out["description"] and "note" in out


def test_images_are_unit_floats_with_labels(offline):
    out = preview({"dataset": "mnist", "options": {"flatten": True}}, n=6)
    _common(out, "mnist")
    assert out["kind"] == "images" and out["images"].shape == (6, 28, 28, 1) and out["images"].dtype == np.float32
    assert out["images"].min() >= 0 and out["images"].max() <= 1
    assert len(out["labels"]) == 6 and all(label in [str(i) for i in range(10)] for label in out["labels"])
    assert "stand in" in out["note"]


def test_sequences_and_their_targets():
    out = preview("sine_windows", n=3)
    _common(out, "sine_windows")
    assert out["kind"] == "sequence" and len(out["series"]) == 3 and len(out["series"][0]) == 100
    assert all(isinstance(v, float) for v in out["series"][0]) and len(out["targets"]) == 3
    assert out["note"] is None


def test_tables_name_columns_and_classes():
    out = preview(load_dataset("iris"), n=5)
    assert out["kind"] == "table" and out["columns"][-1] == "class" and len(out["columns"]) == 5
    assert len(out["rows"]) == 5 and out["rows"][0][-1] in ("setosa", "versicolor", "virginica")


def test_word_sequences_show_as_text_cells(offline):
    out = preview(load_dataset("imdb", {"samples": 10}), n=2)
    assert out["kind"] == "table" and out["columns"] == ["words (as numbers)", "sentiment"]
    assert out["rows"][0][-1] in ("negative", "positive") and isinstance(out["rows"][0][0], str)


def test_user_images_outside_unit_range_are_rescaled_per_image():
    x = np.random.default_rng(0).integers(0, 256, (4, 9, 9, 3)).astype(np.uint8)
    x[0] //= 4  # a dark picture: rescaled on its own, it still spans [0, 1]
    out = preview(from_arrays(x, [0, 1, 0, 1], test_fraction=0), n=10)
    assert out["kind"] == "images" and out["images"].shape == (4, 9, 9, 3) and out["title"] == "Your arrays"
    flat = out["images"].reshape(4, -1)
    assert (flat.min(axis=1) == 0).all() and (flat.max(axis=1) == 1).all()
