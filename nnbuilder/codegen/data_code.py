"""Python source that loads a project's data exactly as nnbuilder does, for exported scripts.

The loaders are copied from the `nnbuilder.verbatim.loaders_*` modules with `inspect.getsource`, so the script and the
app cannot drift apart. Option values come from a project file, so they are rendered only as plain
Python literals (numbers, repr'd strings, lists), never pasted into code.
"""

from __future__ import annotations

import dis
import inspect
import textwrap
import types

from nnbuilder.codegen._format import Expr, Kw, lines, value_expr
from nnbuilder.document.data_options import loader_values
from nnbuilder.document.data_section import read_section
from nnbuilder.document.datasets import dataset_info
from nnbuilder.verbatim.loaders import LOADERS

_LOADER_MODULES = (
    "nnbuilder.verbatim.loaders_common",
    "nnbuilder.verbatim.loaders_keras",
    "nnbuilder.verbatim.loaders_builtin",
    "nnbuilder.verbatim.loaders_files",
)


def global_names(function) -> set:
    """Global names a function (and the functions nested in it) reads."""
    names, codes = set(), [function.__code__]
    while codes:
        code = codes.pop()
        for ins in dis.get_instructions(code):
            if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                names.add(ins.argval)
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return names


def loader_functions(function) -> list:
    """`function` and every loader function it calls, directly or not, in a stable order."""
    found, todo = {}, [function]
    while todo:
        fn = todo.pop()
        if fn.__name__ in found:
            continue
        found[fn.__name__] = fn
        for name in global_names(fn):
            target = fn.__globals__.get(name)
            if inspect.isfunction(target) and target.__module__ in _LOADER_MODULES:
                todo.append(target)
    return sorted(found.values(), key=lambda f: (_LOADER_MODULES.index(f.__module__), f.__code__.co_firstlineno))


_ARRAYS_SOURCE = '''
def load_data():
    """Return (x_train, y_train), (x_test, y_test) from data.npz next to this script.

    The data came from arrays in the notebook; save them there first, e.g. with
    nnbuilder.data.save_arrays(dataset, "data.npz") or
    numpy.savez("data.npz", x_train=..., y_train=..., x_test=..., y_test=...).
    """
    import os

    import numpy as np

    here = os.path.dirname(os.path.abspath(globals().get("__file__", "data.npz")))
    with np.load(os.path.join(here, "data.npz"), allow_pickle=False) as arrays:
        found = {key: arrays[key] for key in arrays.files}
    return (found["x_train"], found.get("y_train")), (found["x_test"], found.get("y_test"))
'''


def data_source_code(data_section) -> str:
    """Standalone source defining `load_data()` -> (x_train, y_train), (x_test, y_test) for a project's
    `data` section: the same loading, preprocessing and offline stand-in (printing its note) as
    `load_dataset`, needing only NumPy, Keras and, for its sets, scikit-learn."""
    name, values = read_section(data_section)
    title = dataset_info(name).title
    head = f"# Data: {title} (nnbuilder dataset {name}).\n"
    if name == "arrays":
        return head + _ARRAYS_SOURCE
    loader = LOADERS[name]
    parts = [textwrap.dedent(inspect.getsource(fn)).strip() + "\n" for fn in loader_functions(loader)]
    given = loader_values(values)
    call = Expr(loader.__name__, [Kw(f"{key}=", value_expr(value)) for key, value in given.items()])
    parts.append(
        "def load_data():\n"
        f'    """Return (x_train, y_train), (x_test, y_test): {title}, as nnbuilder loads it."""\n'
        + "\n".join(lines(call, 1, "data = "))
        + "\n"
        '    if data["note"]:\n'
        '        print(data["note"])\n'
        '    return (data["x_train"], data["y_train"]), (data["x_test"], data["y_test"])\n'
    )
    return head + "\n\n" + "\n\n".join(parts)
