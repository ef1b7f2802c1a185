"""data_source_code(): standalone loading code that gives exactly the arrays load_dataset gives."""

from __future__ import annotations

import ast
import builtins
import os
import subprocess
import sys

import numpy as np
import pytest

from nnbuilder.codegen.data_code import data_source_code, global_names
from nnbuilder.data import DataError, datasets, from_arrays, from_csv, load_dataset, save_arrays
from tests.standalone import ruff_format_changes


def run_source(source: str, file=None) -> tuple:
    namespace = {"__name__": "exported"} if file is None else {"__name__": "exported", "__file__": str(file)}
    exec(compile(source, "<exported>", "exec"), namespace)
    return namespace["load_data"]()


def same(dataset, loaded) -> bool:
    (x, y), (xt, yt) = loaded
    pairs = [(dataset.x_train, x), (dataset.y_train, y), (dataset.x_test, xt), (dataset.y_test, yt)]
    return all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in pairs)


REQUIRED = {"csv": {"path": "t.csv", "target": "y"}, "image_folder": {"path": "pictures"}}


@pytest.mark.parametrize("name", [n for n in datasets() if n != "arrays"])
def test_sources_are_self_contained(name):
    source = data_source_code({"dataset": name, "options": REQUIRED.get(name, {})})
    assert "nnbuilder" not in source.replace("nnbuilder loads it", "").replace("(nnbuilder dataset", "")
    namespace = {}
    exec(compile(source, "<exported>", "exec"), namespace)
    defined = set(namespace) | set(dir(builtins))
    for value in namespace.values():
        if callable(value) and getattr(value, "__module__", None) is None:
            assert global_names(value) <= defined, value.__name__


@pytest.mark.parametrize(
    "section",
    [
        {"dataset": "digits", "options": {"samples": 300, "flatten": True}},
        {"dataset": "wine", "options": {"standardize": False, "test_fraction": 0.3}},
        {"dataset": "gaussian_mixture", "options": {"classes": 4, "samples": 50, "seed": 7}},
    ],
)
def test_in_process_copies_match(section):
    assert same(load_dataset(section), run_source(data_source_code(section)))


def test_stand_in_matches_and_prints_its_note(offline, capsys):
    from nnbuilder.verbatim import loaders_keras as _loaders_keras

    section = {"dataset": "cifar10", "options": {"samples": 30}}
    source = data_source_code(section)
    namespace = {}
    exec(compile(source, "<exported>", "exec"), namespace)
    namespace["data_keras_fetch"] = _loaders_keras.data_keras_fetch  # offline in the copy too
    loaded = namespace["load_data"]()
    assert same(load_dataset(section), loaded)
    assert capsys.readouterr().out.startswith("CIFAR-10 could not be loaded")


def test_the_loading_call_is_formatted_like_the_rest_of_the_script(tmp_path):
    section = {"dataset": "csv", "options": {"path": str(tmp_path / "houses with a long name.csv"), "target": "price"}}
    script = tmp_path / "load.py"
    script.write_text(data_source_code(section), encoding="utf-8")
    assert not ruff_format_changes(script), script.read_text()


def test_a_hostile_csv_path_stays_a_string(tmp_path):
    folder = tmp_path / "x'); import os; os.system('echo hacked') #\n\"\"\"a"
    folder.mkdir()
    path = folder / "data.csv"
    path.write_text("a,b,label\n" + "\n".join(f"{i},{i % 5},{i % 2}" for i in range(20)) + "\n")
    section = {"dataset": "csv", "options": {"path": str(path), "target": "label"}}
    source = data_source_code(section)
    tree = ast.parse(source)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "load_csv"]
    [call] = calls
    assert {k.arg: ast.literal_eval(k.value) for k in call.keywords}["path"] == str(path)
    assert all(isinstance(node, ast.FunctionDef) for node in tree.body)
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "system"]
    assert same(from_csv(path, "label"), run_source(source))


def test_arrays_load_from_an_npz_next_to_the_script(tmp_path):
    data = from_arrays(np.arange(20.0).reshape(10, 2), np.arange(10) % 2)
    save_arrays(data, tmp_path / "data.npz")
    source = data_source_code({"dataset": "arrays", "options": {}})
    assert "data.npz" in source
    assert same(data, run_source(source, file=tmp_path / "train.py"))


def test_bad_sections_are_refused():
    with pytest.raises(DataError, match="data.options.samples"):
        data_source_code({"dataset": "iris", "options": {"samples": "all"}})
    with pytest.raises(DataError, match="no dataset is chosen"):
        data_source_code({"dataset": None})


SCRIPT = """
import sys
import numpy as np
sources = {sources!r}
out = {{}}
for name, source in sources.items():
    namespace = {{}}
    exec(compile(source, name, "exec"), namespace)
    (x, y), (xt, yt) = namespace["load_data"]()
    out.update({{name + "_x": x, name + "_y": y, name + "_xt": xt, name + "_yt": yt}})
np.savez({path!r}, **out)
print("nnbuilder imported:", any(m.split(".")[0] == "nnbuilder" for m in sys.modules))
"""


def test_exported_code_runs_alone_in_a_fresh_python(tmp_path):
    sections = {
        "digits": {"dataset": "digits", "options": {"samples": 200}},
        "two_spirals": {"dataset": "two_spirals", "options": {"samples": 100, "noise": 0.2}},
        "mnist": {"dataset": "mnist", "options": {"flatten": True, "samples": 100}},
    }
    sources = {name: data_source_code(section) for name, section in sections.items()}
    script = SCRIPT.format(sources=sources, path=str(tmp_path / "out.npz"))
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "nnbuilder imported: False" in done.stdout
    mnist = load_dataset(sections["mnist"])
    if mnist.note:
        assert mnist.note in done.stdout
    with np.load(tmp_path / "out.npz") as saved:
        for name, section in sections.items():
            data = mnist if name == "mnist" else load_dataset(section)
            got = (saved[f"{name}_x"], saved[f"{name}_y"]), (saved[f"{name}_xt"], saved[f"{name}_yt"])
            assert same(data, got), name
