"""The Evaluate tab's clickable confusion matrix: a click on a cell shows exactly that cell's test samples."""

from __future__ import annotations

import base64
import re
import struct
from types import SimpleNamespace

import numpy as np
import pytest

from nnbuilder import Project, load_template
from nnbuilder.app._confusion_cells import MAX_BUTTON_CLASSES, MAX_SHOWN, ConfusionCells, for_view
from nnbuilder.training.evaluation import cell_samples, confusion_matrix, predicted_classes
from tests.app.builder_support import make, tiny_classifier


def trained_and_evaluated(project: Project):
    app = make(project)
    app.panel.start()
    app.trainer.wait(180)
    assert app.trainer.epoch == 1, app.panel.state
    app.evaluate_tab.wait(180)
    assert app.evaluate_tab.cells.result is not None, app.messages.message
    return app


def model_cells(app):
    """True and predicted class and probability of every test sample, from the model itself."""
    dataset = app.trainer.dataset
    outputs = app.trainer.model.predict(dataset.x_test, verbose=0)
    pred, probability = predicted_classes(outputs)
    return np.asarray(dataset.y_test).astype(int).ravel(), pred, probability


def shown_indices(html: str) -> list[int]:
    return [int(k) for k in re.findall(r"#(\d+)", html)]


def shown_percents(html: str) -> list[float]:
    return [float(p) for p in re.findall(r"([\d.]+)%", html)]


def png_size(html: str) -> tuple[int, int]:
    """Width and height of the one PNG the samples panel holds, read from its header."""
    (encoded,) = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    return struct.unpack(">II", base64.b64decode(encoded)[16:24])


def test_clicking_each_cell_shows_exactly_its_test_samples(app_dir):
    app = trained_and_evaluated(tiny_classifier())
    tab, cells = app.evaluate_tab, app.evaluate_tab.cells
    true, pred, probability = model_cells(app)
    matrix = np.asarray(cells.result["confusion"])
    assert matrix.sum() == len(true) == 30 and matrix.shape == (3, 3)
    assert 'class="nnb-confusion"' not in tab.view.value  # drawn once: as the buttons
    assert cells.samples._dom_classes == ("nnb-eval-cell-samples",) and "Click a cell" in cells.hint.value
    names = cells.result["class_names"]
    for (i, j), button in cells.buttons.items():
        assert set(button._dom_classes) == {"nnb-confusion-cell", f"nnb-cell-{i}-{j}"}
        assert button.description == str(matrix[i, j])
        button.click()
        html = cells.samples.value
        expected = np.flatnonzero((true == i) & (pred == j))
        assert len(expected) == matrix[i, j], (i, j)
        assert cells.selected == (i, j) and "nnb-cell-selected" in button._dom_classes
        if not len(expected):
            assert f"true {names[i]}, predicted {names[j]}: no samples" in html and "<table" not in html
            continue
        s = "" if len(expected) == 1 else "s"
        assert f"true {names[i]}, predicted {names[j]}: {len(expected)} sample{s}" in html
        assert shown_indices(html) == expected[:MAX_SHOWN].tolist()
        assert shown_percents(html) == pytest.approx((100 * probability[expected[:MAX_SHOWN]]).tolist(), abs=0.06)
        assert html.count("<tr>") == 1 + min(len(expected), MAX_SHOWN)  # a header and one row per sample
        assert "sepal length (cm)" in html  # iris is a table: its feature values are shown
    selected = [b for b in cells.buttons.values() if "nnb-cell-selected" in b._dom_classes]
    assert selected == [cells.buttons[(2, 2)]]  # only the last clicked cell is marked


def test_an_image_cell_shows_its_digits_as_one_png_grid_and_speaks_chinese(app_dir):
    project = load_template("mnist_mlp").to_dict()
    project["data"]["options"] = {"flatten": True, "samples": 300}
    project["training"].update(epochs=1, batch_size=32)
    app = trained_and_evaluated(Project.from_dict(project))
    cells = app.evaluate_tab.cells
    true, pred, probability = model_cells(app)
    matrix = np.asarray(cells.result["confusion"])
    assert matrix.shape == (10, 10) and len(cells.buttons) == 100 and matrix.sum() == len(true)
    assert (matrix == confusion_matrix(true, pred, 10)).all()
    fullest = max(cells.buttons, key=lambda cell: matrix[cell])
    cells.buttons[fullest].click()
    html = cells.samples.value
    expected = np.flatnonzero((true == fullest[0]) & (pred == fullest[1]))
    assert shown_indices(html) == expected[:MAX_SHOWN].tolist() and len(expected) == matrix[fullest]
    assert shown_percents(html) == pytest.approx((100 * probability[expected[:MAX_SHOWN]]).tolist(), abs=0.06)
    count = min(len(expected), MAX_SHOWN)
    columns = min(8, count)
    rows = -(-count // columns)
    assert png_size(html) == (28 * columns + columns - 1, 28 * rows + rows - 1)  # 28x28 digits, a 1-pixel gap
    assert "<table" not in html

    app.language = "zh"
    html = cells.samples.value
    assert f"真实 {fullest[0]}，预测 {fullest[1]}：{len(expected)} 个样本" in html and "概率" in html
    assert (
        "混淆矩阵" in cells.title.value
        and "点击" in cells.hint.value
        and "准确率" in "".join(label.value for label in cells.grid.children[:12])
    )
    assert cells.buttons[fullest].tooltip.startswith(f"真实 {fullest[0]}，预测 {fullest[1]}")
    empty = next((cell for cell in cells.buttons if matrix[cell] == 0), None)
    assert empty is not None  # 10 x 10 cells and 75 test digits: some are empty
    cells.buttons[empty].click()
    assert (
        f"真实 {empty[0]}，预测 {empty[1]}：没有样本</div>" in cells.samples.value and "<img" not in cells.samples.value
    )


def test_a_new_model_clears_the_matrix_and_its_samples(app_dir):
    app = trained_and_evaluated(tiny_classifier())
    cells = app.evaluate_tab.cells
    button = next(iter(cells.buttons.values()))
    button.click()
    assert cells.widget.layout.display is None and cells.samples.value
    app.editor.set_param("h", "units", 6)
    assert cells.result is None and cells.widget.layout.display == "none" and cells.samples.value == ""
    assert not cells.buttons and not cells.grid.children and button.comm is None  # the old buttons are closed


# -- without training: results made by hand --------------------------------------------------------


def made(true, pred, names, probability=None) -> dict:
    n = len(names)
    return {
        "task": "classification",
        "confusion": confusion_matrix(true, pred, n).tolist(),
        "class_names": names,
        "per_class_accuracy": None,
        "cell_samples": cell_samples(true, pred, n),
        "predicted_probability": probability if probability is not None else [0.5] * len(true),
    }


def test_cell_samples_match_the_confusion_matrix():
    true, pred = [2, 0, 1, 2, 2, 0, 5, -1], [2, 1, 1, 0, 2, 1, 0, 0]
    cells = cell_samples(true, pred, 3)
    assert cells == [[[], [1, 5], []], [[], [2], []], [[3], [], [0, 4]]]
    assert [[len(c) for c in row] for row in cells] == confusion_matrix(true, pred, 3).tolist()


def test_a_crowded_cell_shows_the_first_32_images_and_names_are_escaped():
    rng = np.random.default_rng(0)
    x = rng.random((40, 8, 8, 1)).astype("float32")
    dataset = SimpleNamespace(x_test=x, info=SimpleNamespace(preview_kind="images", input_shape=(8, 8, 1)))
    view = ConfusionCells()
    view.show(made([0] * 40, [1] * 40, ["<b>cat</b>", "dog"], [0.25] * 40), dataset)
    view.buttons[(0, 1)].click()
    html = view.samples.value
    assert "true &lt;b&gt;cat&lt;/b&gt;, predicted dog: 40 samples (the first 32 shown)" in html
    assert shown_indices(html) == list(range(32)) and shown_percents(html) == [25.0] * 32
    assert png_size(html) == (8 * 8 + 7, 8 * 4 + 3) and "<b>cat</b>" not in html
    view.buttons[(1, 0)].click()
    assert "true dog, predicted &lt;b&gt;cat&lt;/b&gt;: no samples" in view.samples.value


def test_many_classes_keep_the_html_matrix_and_pick_the_cell_from_two_lists():
    n = MAX_BUTTON_CLASSES + 1
    true, pred = list(range(n)) * 2, list(range(n)) + [0] * n
    result = made(true, pred, [f"c{k}" for k in range(n)])
    dataset = SimpleNamespace(x_test=np.arange(4.0 * 2 * n).reshape(2 * n, 4), feature_names=None)
    view = ConfusionCells(language="zh")
    view.show(result, dataset)
    assert for_view(result) is result and not view.buttons and view.picker.layout.display is None
    view.true_pick.value, view.pred_pick.value = 3, 0
    view.show_pick.click()
    assert "真实 c3，预测 c0：1 个样本" in view.samples.value and shown_indices(view.samples.value) == [n + 3]
    assert "<th>x1</th><th>x2</th>" in view.samples.value and "<td>96</td><td>97</td><td>98</td>" in view.samples.value
    with pytest.raises(ValueError, match=r"expected a true and a predicted class in 0..20, got \(21, 0\)"):
        view.select(n, 0)


def test_every_word_is_said_in_english_and_chinese():
    from nnbuilder.locale.confusion_words import WORDS

    assert set(WORDS["en"]) == set(WORDS["zh"])
    for key, chinese in WORDS["zh"].items():
        assert re.search(r"[\u4e00-\u9fff]", chinese) and chinese != WORDS["en"][key], key
        assert re.findall(r"{\w+}", chinese) == re.findall(r"{\w+}", WORDS["en"][key]), key
