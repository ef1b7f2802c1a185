"""The shipped templates: present, minimal configs, and available from a built wheel."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from nnbuilder import check, load_template, templates
from nnbuilder.catalog import get_spec
from nnbuilder.errors import ProjectError

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ["autoencoder", "gan", "lstm", "mnist_cnn", "mnist_mlp"]


def test_template_names():
    assert templates() == EXPECTED
    with pytest.raises(ProjectError, match="no template called 'nope'; available: autoencoder, gan"):
        load_template("nope")


@pytest.mark.parametrize("name", EXPECTED)
def test_configs_hold_only_values_that_differ_from_keras_defaults(name):
    project = load_template(name)
    for graph in project.models.values():
        for node in graph.nodes:
            spec = get_spec(node.layer)
            for key, value in node.config.items():
                param = spec.param(key)
                assert param.required or param.default != value, f"{name}/{node.id}.{key} is Keras' default"
    assert project.description["en"] and project.description["zh"]
    assert check(project).ok


def test_files_are_saved_canonically():
    for path in sorted((ROOT / "templates").glob("*.nnb.json")):
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n", path.name


def test_templates_work_from_a_built_wheel(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("nnbuilder-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "nnbuilder/templates_data/mnist_cnn.nnb.json" in names
    # The editor's bundled browser side ships inside the wheel, cytoscape.js included.
    assert "nnbuilder/static/editor.css" in names
    assert "nnbuilder/static/training.js" in names and "nnbuilder/static/training.css" in names
    bundle = zipfile.ZipFile(wheel).read("nnbuilder/static/editor.js").decode()
    assert "cytoscape" in bundle and len(bundle) > 200_000
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    # Only the wheel and numpy (a declared dependency) are importable: not the source checkout.
    numpy_site = str(Path(np.__file__).resolve().parent.parent)
    code = (
        f"import sys; sys.path.insert(0, {str(target)!r}); sys.path.append({numpy_site!r}); import nnbuilder; "
        "print(nnbuilder.__file__); print(','.join(nnbuilder.templates())); "
        "print(nnbuilder.load_template('gan').name)"
    )
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True).stdout
    location, names_line, gan = out.splitlines()
    assert location.startswith(str(target))
    assert names_line.split(",") == EXPECTED
    assert gan == "MNIST GAN"
