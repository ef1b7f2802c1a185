"""The editor's `curves` trait: the activation curves its inspector draws, computed when the browser asks for them,
off the kernel's thread, and only the latest few kept."""

from __future__ import annotations

import threading

from nnbuilder.locale.problem_patterns import has_chinese
from nnbuilder.ui import Editor
from nnbuilder.ui._activation_curves import CURVES_KEPT
from nnbuilder.views import course_curves
from tests.helpers import MLP, chain

WAIT = 300  # seconds: the first curve imports Keras


def ask(editor: Editor, name, load: bool = True) -> None:
    """What the browser's inspector sends for a curve it lacks (`load`: its button, when Keras is not loaded
    yet), then wait until the worker is done."""
    editor._on_message(editor, {"type": "curve", "name": name, "load": load}, [])
    editor._curves.wait(WAIT)


def test_a_curve_asked_for_is_keras_own_and_synced():
    editor = Editor(chain(*MLP))  # a standalone editor, no Builder around it
    assert editor.curves == {}
    ask(editor, "tanh")
    assert editor.curves["tanh"] == course_curves.activation_curve("tanh")
    assert editor.get_state()["curves"]["tanh"]["dy"] == editor.curves["tanh"]["dy"]
    assert list(editor.curves) == ["tanh"]


def test_the_curve_is_computed_off_the_kernels_thread(monkeypatch):
    threads = []

    def recorded(name):
        threads.append(threading.current_thread())
        return {"name": name, "x": [0.0, 1.0], "y": [0.0, float("nan")], "dy": [1.0, float("inf")]}

    monkeypatch.setattr(course_curves, "activation_curve", recorded)
    editor = Editor(chain(*MLP))
    ask(editor, "relu")
    assert threads and threads[0] is not threading.main_thread()
    assert editor.curves["relu"]["y"] == [0.0, None] and editor.curves["relu"]["dy"] == [1.0, None]  # valid JSON
    ask(editor, "relu")  # kept: not computed again
    assert len(threads) == 1


def test_an_unknown_activation_is_refused_naming_it_in_both_languages():
    editor = Editor(chain(*MLP))
    ask(editor, "wobble")
    error = editor.curves["wobble"]["error"]
    assert set(editor.curves["wobble"]) == {"error"}
    assert "activation" in error["en"] and "'wobble'" in error["en"] and "relu" in error["en"]
    assert "\n" not in error["en"]
    assert "'wobble'" in error["zh"] and has_chinese(error["zh"])


def test_only_the_latest_curves_are_kept(monkeypatch):
    monkeypatch.setattr(course_curves, "activation_curve", lambda name: {"name": name, "x": [0.0], "y": [0.0]})
    editor = Editor(chain(*MLP))
    names = [f"a{i}" for i in range(CURVES_KEPT + 3)]
    for name in names:
        ask(editor, name)
    assert list(editor.curves) == names[-CURVES_KEPT:]
    ask(editor, names[0])  # asked again: computed again, the oldest one leaves
    assert list(editor.curves) == [*names[-CURVES_KEPT + 1 :], names[0]]


def test_messages_that_are_not_a_name_change_nothing():
    editor = Editor(chain(*MLP))
    for content in ({"type": "curve"}, {"type": "curve", "name": 3}, {"type": "curve", "name": ["relu"]}):
        editor._on_message(editor, content, [])
    editor._curves.wait(WAIT)
    assert editor.curves == {}


def test_without_keras_loaded_a_curve_waits_for_the_user(monkeypatch):
    """A served page that is only edited loads no backend: the curve is offered, computed only when asked with
    `load` (and at once once Keras is loaded anyway)."""
    from nnbuilder.ui import _activation_curves

    calls = []
    monkeypatch.setattr(course_curves, "activation_curve", lambda name: calls.append(name) or {"x": [0.0]})
    monkeypatch.setattr(_activation_curves, "keras_loaded", lambda: False)
    editor = Editor(chain(*MLP))
    ask(editor, "relu", load=False)
    assert editor.curves == {"relu": _activation_curves.LATER} and calls == []
    ask(editor, "relu")  # the button
    assert editor.curves["relu"] == {"x": [0.0]} and calls == ["relu"]
    ask(editor, "tanh", load=False)
    monkeypatch.setattr(_activation_curves, "keras_loaded", lambda: True)
    ask(editor, "tanh", load=False)  # asked again once Keras is there: computed without the button
    assert editor.curves["tanh"] == {"x": [0.0]} and calls == ["relu", "tanh"]
