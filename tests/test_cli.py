"""The nnbuilder command line: one-line errors, exit codes, real files."""

import json
import subprocess
import sys

import pytest

from nnbuilder import Project, load_template
from nnbuilder.cli import main
from nnbuilder.template_library import template_gallery


def run(*args):
    """Run the CLI in a fresh process; (exit code, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "nnbuilder", *args], capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def test_templates_lists_every_template(capsys):
    assert main(["templates"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [e["name"] for e in template_gallery()]
    assert lines[0].startswith("feedforward  Feed-forward network - The simplest deep network")


def test_check_clean_project(tmp_path, capsys):
    path = load_template("mnist_cnn").save(tmp_path / "cnn.nnb.json")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "(None, 5, 5, 64)" in out and "34,826" in out and "0 error(s)" in out


def test_check_reports_errors_by_node_and_exits_1(tmp_path, capsys):
    project = load_template("mnist_mlp")
    project.models["model"].node("image").config["shape"] = [28, 28, 1]
    project.models["model"].node("hidden").layer = "LSTM"
    project.save(tmp_path / "bad.nnb.json")
    assert main(["check", str(tmp_path / "bad.nnb.json")]) == 1
    out = capsys.readouterr().out
    assert "error: model/hidden: LSTM expects a sequence" in out
    assert "[fix: Insert Reshape to (None, 28, 28)]" in out


@pytest.mark.parametrize(
    "args, words",
    [
        (["check", "missing.nnb.json"], "no such file: missing.nnb.json"),
        (["check"], "the following arguments are required: project"),
        (["export", "{tmp}/p.nnb.json", "-o", "{tmp}/out.xyz"], "cannot tell the format of out.xyz"),
        (["export", "{tmp}/gan.nnb.json", "-o", "{tmp}/g.keras"], "several models (discriminator, generator)"),
        (["import", "{tmp}/p.nnb.json", "-o", "{tmp}/q.nnb.json"], "expected a Keras model file"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["check", "{tmp}/broken.nnb.json"], "is not valid JSON (line 1, column 2"),
        (["check", "{tmp}/new.nnb.json"], "newer nnbuilder (format version 7)"),
        (["serve", "{tmp}/none.nnb.json", "--no-browser"], "no such project file"),
        (["serve", "--template", "nope", "--no-browser"], "no template called 'nope'"),
        (["serve", "{tmp}/no/dir/p.nnb.json", "--template", "gan"], "no such folder"),
    ],
)
def test_errors_are_one_line_without_traceback(tmp_path, capsys, args, words):
    load_template("mnist_mlp").save(tmp_path / "p.nnb.json")
    load_template("gan").save(tmp_path / "gan.nnb.json")
    (tmp_path / "broken.nnb.json").write_text("{oops", encoding="utf-8")
    newer = load_template("mnist_mlp").to_dict()
    newer["version"] = 7
    (tmp_path / "new.nnb.json").write_text(json.dumps(newer), encoding="utf-8")
    code = main([a.format(tmp=tmp_path) for a in args])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and err.startswith("nnbuilder: error: "), err
    assert words in err
    assert "Traceback" not in err


def test_export_python_and_keras_then_import_round_trip(tmp_path):
    project_path = load_template("mnist_cnn").save(tmp_path / "cnn.nnb.json")
    code, out, err = run("export", str(project_path), "-o", str(tmp_path / "cnn.py"))
    assert code == 0, err
    assert "def build_model():" in (tmp_path / "cnn.py").read_text()
    code, out, err = run("export", str(project_path), "-o", str(tmp_path / "cnn.keras"))
    assert code == 0, err
    code, out, err = run("import", str(tmp_path / "cnn.keras"), "-o", str(tmp_path / "back.nnb.json"))
    assert code == 0, err
    assert "1 model(s), 8 nodes" in out
    back = Project.load(tmp_path / "back.nnb.json")
    assert [(n.id, n.layer, n.config) for n in back.models["model"].nodes] == [
        (n.id, n.layer, n.config) for n in load_template("mnist_cnn").models["model"].nodes
    ]


def test_import_refuses_code_in_model_files(tmp_path):
    import keras

    x = keras.Input((3,))
    model = keras.Model(x, keras.layers.Lambda(lambda t: t + 1)(x))
    model.save(tmp_path / "lambda.keras")
    code, out, err = run("import", str(tmp_path / "lambda.keras"), "-o", str(tmp_path / "p.nnb.json"))
    assert code == 1
    assert err.startswith("nnbuilder: error: cannot load lambda.keras") and "Traceback" not in err
    assert not (tmp_path / "p.nnb.json").exists()


def test_export_model_formats_quietly(tmp_path):
    path = load_template("mnist_mlp").save(tmp_path / "mlp.nnb.json")
    code, out, err = run("export", str(path), "-o", str(tmp_path / "saved"), "--format", "savedmodel")
    assert (code, err) == (0, "") and (tmp_path / "saved" / "saved_model.pb").exists()
    assert out == f"wrote {tmp_path / 'saved'}\n"
    code, out, err = run("export", str(path), "-o", str(tmp_path / "mlp.tflite"))
    assert (code, err) == (0, "") and (tmp_path / "mlp.tflite").stat().st_size > 100_000
    code, out, err = run("export", str(path), "-o", str(tmp_path / "mlp.onnx"))
    assert (code, err) == (0, "") and (tmp_path / "mlp.onnx").stat().st_size > 100_000


HOSTILE = "a\x1b[2K\rb\nc\u202e"


def test_check_escapes_control_characters_from_the_project(tmp_path, capsys):
    from tests.helpers import chain

    graph = chain(("x", "Input", {"shape": [4]}), (HOSTILE, "LSTM", {"units": 2}), ("o", "Dense", {"units": 2}))
    document = {"format": "nnbuilder", "version": 1, "models": {"model": graph.graph.to_dict()}}
    Project.from_dict(document).save(tmp_path / "p.nnb.json")
    assert main(["check", str(tmp_path / "p.nnb.json")]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    assert "error: model/a\\x1b[2K\\rb\\nc\\u202e: LSTM expects" in out
    lines = out.splitlines()
    assert lines[-1] == "1 error(s), 0 warning(s)"
    assert not any(line.startswith(("b", "c")) for line in lines)  # no line was broken by the id


def test_one_line_errors_escape_control_characters(tmp_path, capsys):
    from nnbuilder.cli import _fail

    assert _fail(f"no node {HOSTILE!s}") == 1
    err = capsys.readouterr().err
    assert err == "nnbuilder: error: no node a\\x1b[2K\\rb\\nc\\u202e\n"


def test_train_prints_the_test_metrics_at_the_end(tmp_path, capsys):
    from tests.training import _projects

    project = _projects.classifier(epochs=1, batch_size=16).with_section("data", {"dataset": "iris", "options": {}})
    path = project.save(tmp_path / "iris.nnb.json")
    assert main(["train", str(path), "--out", str(tmp_path / "run")]) == 0
    lines = capsys.readouterr().out.splitlines()
    (test,) = [line for line in lines if line.startswith("test: ")]
    names = dict(part.rsplit(" ", 1) for part in test[len("test: ") :].split(", "))
    assert set(names) == {"loss", "accuracy"} and 0.0 <= float(names["accuracy"]) <= 1.0
    assert lines[-1].startswith("wrote the trained model") and lines.index(test) < len(lines) - 1
