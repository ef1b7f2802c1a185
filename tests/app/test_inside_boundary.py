"""The Inside tab's decision regions, driven as the app drives them: a two-feature classifier before and after
training, and a network whose input is not two features."""

from __future__ import annotations

import base64
import html
import re
import struct
import zlib

import numpy as np

from nnbuilder import Project
from nnbuilder.app.inside.boundary_view import BoundaryView, point_classes
from nnbuilder.app.inside_tab import InsideTab
from nnbuilder.data import load_dataset
from nnbuilder.views.decision_regions import decision_regions
from tests.app.builder_support import make
from tests.helpers import chain


def moons_classifier() -> Project:
    project = chain(("xy", "Input", {"shape": [2]}), ("h", "Dense", {"units": 8, "activation": "tanh"}),
                    ("y", "Dense", {"units": 2, "activation": "softmax"}))  # fmt: skip
    return Project.from_dict({
        **project.to_dict(),
        "data": {"dataset": "moons", "options": {"samples": 120, "seed": 3}},
        "training": {"recipe": "supervised", "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"],
                     "epochs": 1, "batch_size": 32, "validation_split": 0.0, "callbacks": [],
                     "optimizer": {"name": "adam", "learning_rate": 0.05}},
    })  # fmt: skip


def picture(svg: str) -> np.ndarray:
    """The regions' PNG (RGBA, no filters) as an array, read back from its data URL."""
    url = re.search(r'class="nnb-inside-regions"[^>]* href="data:image/png;base64,([^"]+)"', svg).group(1)
    data = base64.b64decode(url)
    width, height = struct.unpack(">II", data[16:24])
    start = data.index(b"IDAT") + 4
    length = struct.unpack(">I", data[start - 8 : start - 4])[0]
    rows = np.frombuffer(zlib.decompress(data[start : start + length]), dtype=np.uint8)
    return rows.reshape(height, 1 + width * 4)[:, 1:].reshape(height, width, 4)


def test_a_two_feature_classifier_shows_its_regions_under_the_data_before_and_after_training(app_dir):
    app = make(moons_classifier())
    view = BoundaryView()
    tab = InsideTab(app, [view])
    tab.refresh("shown")
    data = load_dataset(app.editor.project.data)
    assert "starting weights" in view.status.value
    points = re.findall(r'<circle class="nnb-inside-point" data-class="(\d)"', view.chart.value)
    assert [int(c) for c in points] == point_classes(data.y_train).tolist()  # 120 points, coloured by class
    assert 'data-class-count="2"' in view.chart.value and ">class upper<" in view.chart.value
    before = view.regions

    tab.trainer_replaced()  # the tab listens to the trainer: its "end" redraws the regions
    app.panel.start()
    app.trainer.wait(120)
    assert app.trainer.epoch == 1, app.panel.state
    assert "after 1 epoch(s)" in view.status.value and "Training is running" not in view.status.value
    expected = decision_regions(app.trainer.model, data.x_train)
    assert view.regions["classes"] == expected["classes"] and view.regions != before
    image = picture(view.chart.value)
    assert image.shape == (60, 60, 4)
    classes, confidence = np.array(expected["classes"]), np.array(expected["confidence"])
    red, blue = image[::-1][..., 0] > 150, image[::-1][..., 2] > 150  # class 0 blue (#1f77b4), class 1 red
    assert np.array_equal(blue, classes == 0) and np.array_equal(red, classes == 1)
    surest = np.unravel_index(confidence.argmax(), confidence.shape)
    least = np.unravel_index(confidence.argmin(), confidence.shape)
    assert image[::-1][surest][3] > image[::-1][least][3]  # surer is more opaque
    shown = view.chart.value
    tab.refresh("project")  # nothing it shows changed: nothing is redrawn
    assert view.chart.value is shown


def test_a_network_without_two_features_gets_one_sentence_in_english_and_chinese(app_dir):
    project = chain(("image", "Input", {"shape": [784]}), ("y", "Dense", {"units": 10, "activation": "softmax"}))
    app = make(project)
    view = BoundaryView()
    tab = InsideTab(app, [view])
    tab.refresh("shown")
    assert "Decision regions need a network whose input is 2 features" in view.status.value
    assert "this network's input is (None, 784)." in html.unescape(view.status.value) and view.chart.value == ""
    tab.set_language("zh")
    assert "决策区域需要输入为 2 个特征的网络" in view.status.value and "(None, 784)" in view.status.value
    assert view.label("zh") == "决策区域" and view.label("en") == "Decision regions"
