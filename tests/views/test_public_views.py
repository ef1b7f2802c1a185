"""The views' public names on the package: `nnbuilder.activations`, `nnbuilder.step`,
`nnbuilder.export_numpy_step` and the `nnbuilder.views` modules, reached without importing them first."""

from __future__ import annotations

import numpy as np

import nnbuilder


def test_the_public_names_give_the_views(tmp_path):
    project = nnbuilder.load_template("feedforward")
    x, y = np.linspace(-1, 1, 20).reshape(2, 10), np.array([[0.5], [-0.5]])
    record = nnbuilder.step(project, x, y)
    outputs = nnbuilder.activations(nnbuilder.build(project), x, project=project)
    shapes = {node: tuple(check.output_shape) for node, check in nnbuilder.check(project).models["model"].items()}
    assert {node: array.shape for node, array in outputs.items()} == {
        node: (2, *shape[1:]) for node, shape in shapes.items()
    }
    path = tmp_path / "one_step.py"
    code = nnbuilder.export_numpy_step(project, x, y, path, state=None, weights=record_weights(record))
    assert path.read_text() == code and "import numpy as np" in code
    assert nnbuilder.views.__name__ == "nnbuilder.views"
    from nnbuilder.views.course_curves import activation_curve

    assert activation_curve("relu", points=3)["y"] == [0.0, 0.0, 5.0]


def record_weights(record):
    """The record's starting weights as `weights=` takes them: node id -> [kernel, bias]."""
    return {layer.node: [np.asarray(layer.W), np.asarray(layer.b)] for layer in record.layers}
