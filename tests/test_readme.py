"""The README's Python example runs and prints what its comments say."""

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks():
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_editor_example_runs():
    editor_block = next(b for b in python_blocks() if "Editor(" in b)
    scope = {}
    exec(compile(editor_block, "README.md", "exec"), scope)
    assert scope["editor"].project.to_dict() == scope["nnbuilder"].load_template("mnist_cnn").to_dict()


def test_readme_python_example_runs_as_documented():
    block = next(b for b in python_blocks() if "export_code" in b)
    scope = {}
    exec(compile(block, "README.md", "exec"), scope)
    assert scope["result"].node("conv2").output_shape == (None, 11, 11, 64)
    assert scope["result"].totals("model") == (34826, 0)
    assert "def build_model():" in scope["code"]
    assert scope["back"].graph.nodes[1].config == scope["project"].graph.nodes[1].config


def test_readme_training_example_runs():
    block = next(b for b in python_blocks() if "Trainer(" in b)
    scope = {}
    exec(compile(block, "README.md", "exec"), scope)
    trainer = scope["trainer"]
    assert trainer.epoch == 1 and not trainer.running
    assert trainer.last_event["kind"] == "end" and trainer.last_event["reason"] == "finished"
    assert scope["panel"].state["status"] == "finished"
    assert "accuracy" in trainer.evaluate()["metrics"]


def test_readme_app_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    block = next(b for b in python_blocks() if "Builder(" in b)
    scope = {}
    exec(compile(block, "README.md", "exec"), scope)
    assert scope["app"].project.to_dict() == scope["load_template"]("mnist_mlp").to_dict()


def test_readme_links_point_at_files():
    root = README.parent
    for target in re.findall(r"\]\(((?:docs|examples)/[^)#]+)\)", README.read_text(encoding="utf-8")):
        assert (root / target).exists(), target
