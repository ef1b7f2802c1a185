"""Property test: whatever bytes an autosave file holds (garbled, truncated, from a newer version),
Builder() starts, never raises, and the file's bytes are kept: in place, or moved aside."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from nnbuilder import load_template
from nnbuilder.app import autosave as autosave_module
from nnbuilder.app.builder import Builder
from tests.fuzz_support import FUZZ, HOSTILE

VALID = load_template("mnist_mlp").dumps()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.sampled_from(HOSTILE),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(HOSTILE + ["models", "version"]), inner,
                                                                max_size=4),
    max_leaves=12,
)  # fmt: skip


@st.composite
def garbled(draw) -> bytes:
    """A plausible autosave gone wrong: cut short, bytes flipped, fields replaced, or noise."""
    kind = draw(st.sampled_from(["cut", "flip", "field", "noise", "json", "deep"]))
    data = VALID.encode()
    if kind == "cut":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "flip":
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    if kind == "field":
        document = json.loads(VALID)
        document[draw(st.sampled_from(["version", "format", "models", "data", "training", "name"]))] = draw(json_values)
        return json.dumps(document).encode()
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind == "deep":
        depth = draw(st.integers(100, 5000))
        return b"[" * depth + b"]" * depth
    return draw(st.binary(max_size=600))


def kept(folder: Path, own: Path, content: bytes) -> bool:
    """The bytes are in `own` untouched, or in exactly one moved-aside file beside it."""
    if own.exists() and own.read_bytes() == content:
        return True
    aside = list(folder.glob(own.name.replace(".nnb.json", ".unreadable-*.nnb.json")))
    return len(aside) == 1 and aside[0].read_bytes() == content


@settings(FUZZ, max_examples=40)
@given(content=garbled(), notebook=st.booleans())
def test_any_autosave_file_is_kept_and_the_app_starts(content, notebook):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if notebook:  # this kernel's own file in the notebook's autosave folder
            place = autosave_module.notebook_place(folder, {"JPY_SESSION_NAME": "nb.ipynb"}, kernel="f00dcafe")
            own, options = place.path, {"autosave": autosave_module.Autosave(place.path, place=place)}
        else:
            own = folder / "work.nnb.json"
            options = {"autosave": own}
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_bytes(content)
        app = Builder(preload=False, **options)
        assert kept(own.parent, own, content)
        if app._restore_pending is not None:
            app._restore_bar.children[1].click()
        app.editor.add_node("Input", {"shape": [3]})
        aside = list(own.parent.glob("*.unreadable-*.nnb.json"))
        assert all(p.read_bytes() == content for p in aside)
