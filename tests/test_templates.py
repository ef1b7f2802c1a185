"""The shipped templates: present, minimal configs, textbook descriptions, gallery entries with
pictures, and available from a built wheel."""

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest

from nnbuilder import Edge, Graph, Node, Project, __version__, check, load_template, templates
from nnbuilder.catalog import get_spec
from nnbuilder.errors import ProjectError
from nnbuilder.template_library import gallery_file, template_gallery, template_info
from nnbuilder.template_library.picture import CATEGORY_COLORS, project_picture

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = [
    "autoencoder",
    "feedforward",
    "gan",
    "image_cnn",
    "imdb_lstm",
    "lstm",
    "mnist_cnn",
    "mnist_mlp",
    "simple_rnn",
    "transfer_mobilenet",
]
TEACHING_ORDER = [
    "feedforward",
    "mnist_mlp",
    "mnist_cnn",
    "image_cnn",
    "transfer_mobilenet",
    "simple_rnn",
    "lstm",
    "imdb_lstm",
    "autoencoder",
    "gan",
]
SVG = "{http://www.w3.org/2000/svg}"
CHINESE = re.compile("[\u4e00-\u9fff]")


def test_template_names():
    assert templates() == EXPECTED
    with pytest.raises(ProjectError, match="no template called 'nope'; available: autoencoder, feedforward, gan"):
        load_template("nope")


@pytest.mark.parametrize("name", EXPECTED)
def test_configs_hold_only_values_that_differ_from_keras_defaults(name):
    project = load_template(name)
    for graph in project.models.values():
        for node in graph.nodes:
            spec = get_spec(node.layer)
            for key, value in node.config.items():
                if key == "trainable":  # every layer's argument, not a catalog parameter: Keras' default is true
                    assert value is False, f"{name}/{node.id}.trainable is Keras' default"
                    continue
                param = spec.param(key)
                assert param.required or param.default != value, f"{name}/{node.id}.{key} is Keras' default"
    assert check(project).ok


@pytest.mark.parametrize("name", EXPECTED)
def test_descriptions_read_like_a_textbook_in_both_languages(name):
    description = load_template(name).description
    assert sorted(description) == ["en", "zh"]
    sentences = re.findall(r"[.?!](?:\s|$)", description["en"])
    assert 3 <= len(sentences) <= 6, (name, len(sentences))
    assert "try " in description["en"].lower()  # one thing to try
    zh = description["zh"]
    assert 3 <= zh.count("。") <= 6 and len(CHINESE.findall(zh)) > 60, name
    assert "试" in zh and "," not in zh.replace("10,000", "")  # Chinese punctuation, not ASCII commas


@pytest.mark.parametrize(
    ("name", "layers"),
    [
        ("feedforward", [("Input", [10]), ("Dense", 20), ("Dense", 15), ("Dense", 1)]),
        ("mnist_mlp", [("Input", [784]), ("Dense", 128), ("Dropout", None), ("Dense", 10)]),
        (
            "mnist_cnn",
            [("Input", [28, 28, 1]), ("Conv2D", 32), ("MaxPooling2D", None), ("Conv2D", 64)]
            + [("MaxPooling2D", None), ("Flatten", None), ("Dropout", None), ("Dense", 10)],
        ),
        (
            "image_cnn",
            [("Input", [150, 150, 3]), ("Conv2D", 32), ("MaxPooling2D", None), ("Conv2D", 64)]
            + [("MaxPooling2D", None), ("Conv2D", 128), ("MaxPooling2D", None), ("Flatten", None)]
            + [("Dense", 512), ("Dense", 1)],
        ),
        (
            "transfer_mobilenet",
            [("Input", [96, 96, 3]), ("Rescaling", None), ("MobileNetV2", None), ("GlobalAveragePooling2D", None)]
            + [("Dropout", None), ("Dense", 1)],
        ),
        ("simple_rnn", [("Input", [100, 1]), ("SimpleRNN", 32), ("Dense", 1)]),
        ("lstm", [("Input", [100, 1]), ("LSTM", 64), ("LSTM", 32), ("Dense", 1)]),
        ("imdb_lstm", [("Input", [100]), ("Embedding", None), ("LSTM", 32), ("LSTM", 32), ("Dense", 1)]),
        ("autoencoder", [("Input", [784]), ("Dense", 32), ("Dense", 784)]),
    ],
)
def test_networks_are_the_textbook_ones(name, layers):
    graph = load_template(name).graph
    found = [(n.layer, n.config.get("shape", n.config.get("units", n.config.get("filters")))) for n in graph.nodes]
    assert found == layers
    assert [(e.source, e.target) for e in graph.edges] == [(a.id, b.id) for a, b in zip(graph.nodes, graph.nodes[1:])]


def test_settings_that_the_descriptions_promise():
    cnn = load_template("mnist_cnn").graph
    assert all(n.config.get("kernel_size") == [3, 3] and n.config["activation"] == "relu" for n in cnn.nodes[1:4:2])
    assert cnn.nodes[6].config == {"rate": 0.5} and cnn.nodes[-1].config["activation"] == "softmax"
    image = load_template("image_cnn")
    assert image.data == {"dataset": "image_folder", "options": {"image_size": [150, 150], "path": None}}
    assert image.training["loss"] == "binary_crossentropy" and image.graph.nodes[-1].config["activation"] == "sigmoid"
    transfer = load_template("transfer_mobilenet")
    assert transfer.graph.node("backbone").config == {"alpha": 0.35, "trainable": False}  # frozen, ImageNet weights
    assert transfer.graph.node("scale").config == {"scale": 2.0, "offset": -1.0}  # 0..1 pixels to MobileNetV2's -1..1
    assert transfer.data["dataset"] == "image_folder" and transfer.training["loss"] == "binary_crossentropy"
    assert check(transfer).totals("model") == (1281, 410_208)  # only the head trains
    imdb = load_template("imdb_lstm")
    assert imdb.data == {"dataset": "imdb", "options": {"maxlen": 100}}
    assert imdb.graph.node("embedding").config == {"input_dim": 10000, "output_dim": 32}
    assert imdb.graph.node("lstm1").config["return_sequences"] is True
    assert (imdb.training["loss"], imdb.training["metrics"]) == ("binary_crossentropy", ["accuracy"])
    rnn = load_template("simple_rnn")
    assert (rnn.data["dataset"], rnn.training["loss"], rnn.training["metrics"]) == ("sine_windows", "mse", ["mae"])
    feedforward = load_template("feedforward")
    assert feedforward.data == {"dataset": "gaussian_mixture", "options": {"classes": 2, "features": 10, "noise": 2.0}}
    assert feedforward.training["loss"] == "binary_crossentropy"
    gan = load_template("gan").training["optimizer"]
    assert gan == {"name": "adam", "learning_rate": 0.0002, "beta_1": 0.5}
    mlp = load_template("mnist_mlp").training
    assert (mlp["optimizer"]["name"], mlp["epochs"]) == ("adam", 5)


def test_files_are_saved_canonically():
    for path in [*sorted((ROOT / "templates").glob("*.nnb.json")), ROOT / "templates" / "gallery.json"]:
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n", path.name


def test_gallery_lists_every_template_in_teaching_order():
    gallery = template_gallery()
    assert [entry["name"] for entry in gallery] == TEACHING_ORDER
    assert sorted(gallery_file()["templates"]) == EXPECTED
    keys = ["dataset", "description", "name", "picture", "recipe", "summary", "title"]
    assert all(sorted(entry) == keys for entry in gallery)


@pytest.mark.parametrize("name", EXPECTED)
def test_gallery_entry_has_titles_summaries_and_the_project_facts(name):
    info = template_info(name)
    project = load_template(name)
    assert info["name"] == name and info["title"]["en"] == project.name
    assert info["description"] == project.description
    assert info["dataset"] == project.data["dataset"] and info["recipe"] == project.training["recipe"]
    for key in ("title", "summary"):
        assert sorted(info[key]) == ["en", "zh"] and CHINESE.search(info[key]["zh"]), (name, key)
    summary = info["summary"]
    assert 40 <= len(summary["en"]) <= 140 and "\n" not in summary["en"], summary["en"]
    assert summary["en"].endswith(".") and summary["zh"].endswith("。")
    assert len(summary["zh"]) <= 70


def test_template_info_refuses_unknown_names():
    with pytest.raises(ProjectError, match="no template called 'nope'"):
        template_info("nope")


def _parsed(svg: str):
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


@pytest.mark.parametrize("name", EXPECTED)
def test_pictures_are_svg_with_a_coloured_box_per_layer(name):
    project = load_template(name)
    root = _parsed(template_info(name)["picture"])
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("160", "120", "0 0 160 120")
    boxes = root.findall(f".//{SVG}rect")
    nodes = [node for graph in project.models.values() for node in graph.nodes]
    assert len(boxes) == len(nodes)
    colours = [CATEGORY_COLORS[get_spec(node.layer).category] for node in nodes]
    assert [box.get("fill") for box in boxes] == colours
    assert len(root.findall(f".//{SVG}line")) == sum(len(g.edges) for g in project.models.values())
    for box in boxes:
        x, y, w, h = (float(box.get(k)) for k in ("x", "y", "width", "height"))
        assert 0 <= x < x + w <= 160 and 0 <= y < y + h <= 120


def test_layers_go_top_to_bottom_and_models_side_by_side():
    root = _parsed(template_info("gan")["picture"])
    captions = [t.text for t in root.findall(f"{SVG}text")]
    assert captions == ["discriminator", "generator"]
    boxes = root.findall(f".//{SVG}rect")
    discriminator, generator = boxes[:7], boxes[7:]
    for column in (discriminator, generator):
        tops = [float(b.get("y")) for b in column]
        assert tops == sorted(tops) and len(set(tops)) == len(tops)
    assert max(float(b.get("x")) + float(b.get("width")) for b in discriminator) < min(
        float(b.get("x")) for b in generator
    )
    labels = [t.text for t in _parsed(template_info("mnist_cnn")["picture"]).iter(f"{SVG}text")]
    assert labels[:3] == ["Input 28\u00d728\u00d71", "Conv2D 32", "MaxPooling2D"]


HOSTILE = "</title><script>alert('x')</script> & \"quotes\" \x00\x07 ]]>"


def test_picture_text_from_the_file_is_escaped():
    project = Project(
        name=HOSTILE,
        models={
            "main": Graph(
                [Node(HOSTILE, "Input", {"shape": [4]}), Node("b", "Dense", {"units": 2}), Node("c", "Unknown")],
                [],
            ),
            "second": Graph([Node("x", "Input", {"shape": [3]})], []),
        },
    )
    svg = project_picture(project)
    assert "<script" not in svg and "\x00" not in svg
    root = _parsed(svg)
    assert root.find(f"{SVG}title").text == HOSTILE.replace("\x00", "\ufffd").replace("\x07", "\ufffd")
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert titles[1].startswith("</title><script>") and titles[1].endswith(": Input 4")
    assert root.get("aria-label").startswith("</title><script>alert('x')</script> & \"quotes\"")
    assert root.findall(f".//{SVG}rect")[2].get("fill") == CATEGORY_COLORS["other"]
    assert [t.text for t in root.findall(f"{SVG}text")] == ["main", "second"]


def test_crowded_projects_still_fit_the_picture():
    wide = Graph(
        [Node("x", "Input", {"shape": [4]}), *[Node(f"d{i}", "Dense", {"units": 1}) for i in range(30)]],
        [Edge("x", f"d{i}") for i in range(30)],
    )
    models = {"wide": wide, **{f"m{i}": Graph([Node("x", "Input", {"shape": [2]})], []) for i in range(14)}}
    root = _parsed(project_picture(Project(name="crowded", models=models)))
    boxes = root.findall(f".//{SVG}rect")
    assert len(boxes) == 31 + 14
    for box in boxes:
        x, y, w, h = (float(box.get(k)) for k in ("x", "y", "width", "height"))
        assert 0 <= x < x + w <= 160 and 0 <= y < y + h <= 120


def test_picture_sizes_are_checked():
    with pytest.raises(ValueError, match="width: expected a whole number of pixels from 40 to 4000, got 0"):
        project_picture(load_template("lstm"), width=0)
    with pytest.raises(TypeError, match="expected a nnbuilder.Project"):
        project_picture({"models": {}})
    big = _parsed(project_picture(load_template("lstm"), width=320, height=240))
    assert big.get("viewBox") == "0 0 320 240"


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
    assert wheel.name.startswith(f"nnbuilder-{__version__}-")  # the version written in nnbuilder/__init__.py
    names = zipfile.ZipFile(wheel).namelist()
    assert "nnbuilder/templates_data/mnist_cnn.nnb.json" in names
    assert "nnbuilder/templates_data/gallery.json" in names
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
        "print(nnbuilder.load_template('gan').name); from nnbuilder.template_library import template_gallery; "
        "print(','.join(e['name'] for e in template_gallery()))"
    )
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True).stdout
    location, names_line, gan, gallery = out.splitlines()
    assert location.startswith(str(target))
    assert names_line.split(",") == EXPECTED
    assert gan == "MNIST GAN"
    assert gallery.split(",") == TEACHING_ORDER


@pytest.mark.parametrize("path", sorted((ROOT / "templates").glob("*.nnb.json")), ids=lambda p: p.name)
def test_each_template_written_as_version_1_loads_and_checks_the_same(path):
    """Every project file written before version 2 reads as it did: the same document and the same check."""
    data = json.loads(path.read_text(encoding="utf-8"))
    older = {**data, "version": 1}
    assert Project.from_dict(older).to_dict() == Project.from_dict(data).to_dict()
    assert check(Project.from_dict(older)).to_dict() == check(Project.from_dict(data)).to_dict()
