"""The example notebooks: valid, saved without outputs, using only public names, and every
code cell runs (one fresh kernel per notebook, offline, in a scratch folder)."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import json
import shutil
import sys
import types
from pathlib import Path

import pytest

import nnbuilder

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
NAMES = ["01_quick_start", "02_templates_tour", "03_import_keras_model", "04_bring_your_own_data"]
MAX_BYTES = 40_000
_MISSING = object()

# What each notebook must leave behind and print when it runs, beyond raising no error.
EXPECTED = {
    "01_quick_start": (
        ["output/quick_start/model.keras", "output/quick_start/history.csv", "output/mnist_cnn.py",
         "output/my_cnn.nnb.json"],
        ["total: 34,826 parameters", "MNIST CNN"],
    ),
    "02_templates_tour": (["output/lstm.py", "output/model.keras"], ["exit status: 0"]),
    "03_import_keras_model": (
        ["output/two_inputs.keras"],
        ["same predictions: True", "same project after the round trip: True", "refused: drop.rate"],
    ),
    "04_bring_your_own_data": (
        ["output/own_data/flowers.csv", "output/own_data/flowers.nnb.json"],
        ["set the Input shape to [2]", "epochs trained: 3"],
    ),
}  # fmt: skip


def _notebook(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.ipynb").read_text(encoding="utf-8"))


def _code(name: str) -> list[str]:
    return ["".join(c["source"]) for c in _notebook(name)["cells"] if c["cell_type"] == "code"]


def test_the_examples_are_the_documented_set():
    assert sorted(p.stem for p in EXAMPLES.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_example_is_valid_small_and_saved_without_outputs(name):
    nbformat = pytest.importorskip("nbformat")
    path = EXAMPLES / f"{name}.ipynb"
    assert path.stat().st_size < MAX_BYTES, f"{name} is larger than {MAX_BYTES} bytes"
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    assert notebook.nbformat == 4
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds[0] == "markdown" and kinds.count("markdown") >= 4 and kinds.count("code") >= 4
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: cell {cell.id} has outputs"
            magics = [line for line in cell.source.splitlines() if line.lstrip().startswith(("!", "%"))]
            assert not magics, f"{name}: cell {cell.id} uses IPython magics or shell escapes: {magics}"


# ---------------------------------------------------------------------- public names
def _bindings(tree: ast.Module) -> tuple[dict, dict]:
    """(names bound to nnbuilder modules, names bound to nnbuilder objects) by the notebook's imports."""
    modules, objects = {}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "nnbuilder":
                    if alias.asname:
                        modules[alias.asname] = alias.name
                    else:
                        modules["nnbuilder"] = "nnbuilder"
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "nnbuilder":
            for alias in node.names:
                objects[alias.asname or alias.name] = (node.module, alias.name)
    return modules, objects


def _public(owner, name: str, where: str):
    """`owner.name`, which must exist, not be private, and be listed in `__all__` when the module has one."""
    assert not name.startswith("_"), f"{where} is private"
    if not isinstance(owner, types.ModuleType):
        assert hasattr(owner, name), f"{where} does not exist"
        return getattr(owner, name)
    value = getattr(owner, name, _MISSING)
    if value is _MISSING or isinstance(value, types.ModuleType):
        try:
            return importlib.import_module(f"{owner.__name__}.{name}")  # a subpackage is public by its name
        except ModuleNotFoundError:
            pytest.fail(f"{where} does not exist")
    listed = getattr(owner, "__all__", None)
    assert listed is None or name in listed, f"{where} is not in {owner.__name__}.__all__"
    return value


def _attribute_chain(node: ast.Attribute) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return None


def _builder_variables(tree: ast.Module, builder_names: set) -> set:
    """Names assigned the result of `Builder(...)`."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            by_name = isinstance(func, ast.Name) and func.id in builder_names
            by_path = isinstance(func, ast.Attribute) and (_attribute_chain(func) or [""])[-1] == "Builder"
            if by_name or by_path:
                found |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return found


@pytest.mark.parametrize("name", NAMES)
def test_example_uses_only_public_names(name, tmp_path, monkeypatch):
    tree = ast.parse("\n\n".join(_code(name)), filename=f"{name}.ipynb")
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imported = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            assert getattr(node, "level", 0) == 0, f"{name} uses a relative import"
            for top in {m.split(".")[0] for m in imported}:
                assert importlib.util.find_spec(top) is not None, f"{name} imports {top}, which is not installed"
    modules, objects = _bindings(tree)
    for module, attribute in objects.values():
        _public(importlib.import_module(module), attribute, f"{module}.{attribute}")
    for node in ast.walk(tree):
        chain = _attribute_chain(node) if isinstance(node, ast.Attribute) else None
        if not chain or chain[0] not in modules:
            continue
        owner = importlib.import_module(modules[chain[0]])
        for i, part in enumerate(chain[1:], start=1):
            owner = _public(owner, part, ".".join([modules[chain[0]], *chain[1 : i + 1]]))
            if not isinstance(owner, types.ModuleType):
                break
    builder_names = {local for local, (_, attribute) in objects.items() if attribute == "Builder"}
    apps = _builder_variables(tree, builder_names)
    assert apps, f"{name} never opens the app"
    app = _empty_builder(tmp_path, monkeypatch)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in apps:
            assert not node.attr.startswith("_"), f"{name} uses the private Builder.{node.attr}"
            assert hasattr(app, node.attr), f"{name} uses Builder.{node.attr}, which does not exist"


def _empty_builder(tmp_path, monkeypatch):
    """An empty app made in a scratch folder, without autosave or a background Keras import where it can."""
    monkeypatch.chdir(tmp_path)
    accepted = inspect.signature(nnbuilder.Builder).parameters
    return nnbuilder.Builder(**{key: False for key in ("autosave", "preload") if key in accepted})


def test_public_name_check_refuses_private_and_unlisted_names():
    with pytest.raises(AssertionError, match="private"):
        _public(nnbuilder, "_document", "nnbuilder._document")
    with pytest.raises(AssertionError, match="not in nnbuilder.__all__"):
        _public(nnbuilder, "annotations", "nnbuilder.annotations")
    assert _public(nnbuilder, "data", "nnbuilder.data").__name__ == "nnbuilder.data"


# ---------------------------------------------------------------------- running them
def _kernel_spec_dir(tmp_path: Path) -> Path:
    """A python3 kernel spec that runs this interpreter (this virtual environment), found first."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"}))
    return tmp_path / "jupyter"


def _text_outputs(notebook) -> str:
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output.get("text", ""))
            elif "data" in output and "text/plain" in output["data"]:
                texts.append(output["data"]["text/plain"])
    return "\n".join(texts)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_example_runs(name, tmp_path, monkeypatch):
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("ipykernel")
    if name == "04_bring_your_own_data":
        pytest.importorskip("pandas")
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(EXAMPLES / f"{name}.ipynb", work)
    monkeypatch.setenv("JUPYTER_PATH", str(_kernel_spec_dir(tmp_path)))
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    notebook = nbformat.read(work / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(work)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, when one fails
    files, phrases = EXPECTED[name]
    for relative in files:
        assert (work / relative).exists(), f"{name} did not write {relative}"
    text = _text_outputs(notebook)
    for phrase in phrases:
        assert phrase in text, f"{name} did not print {phrase!r}; it printed:\n{text[-3000:]}"
