"""The app's language: the browser's remembered choice applies unless code gave one, and each change
is handed to the browser to remember; a served app leaves it to each visitor unless --language is given."""

from __future__ import annotations

from nnbuilder import Builder
from nnbuilder.app import serve as serve_module
from nnbuilder.app.session import LANGUAGE_VAR, TEMPLATE_VAR, builder_app


def test_a_remembered_language_applies_when_none_was_given():
    app = Builder(autosave=False, preload=False)
    assert app.language == "en" and not app.language_memory.explicit
    app.language_memory.language = "zh"  # what the browser's side does on drawing, when it remembers 中文
    titles = ("数据", "训练", "评估", "训练记录", "超参数搜索", "网络内部", "代码")
    assert app.language == "zh" and app.tabs.titles == titles
    assert app.toolbar.language.value == "zh"


def test_each_change_goes_to_the_browser_to_remember():
    app = Builder(autosave=False, preload=False)
    app.toolbar.language.value = "zh"  # the toolbar's 中文
    assert app.language_memory.language == "zh"
    app.language = "en"  # from Python
    assert app.language_memory.language == "en" and app.toolbar.language.value == "en"


def test_a_language_given_in_code_wins():
    app = Builder(autosave=False, preload=False, language="zh")
    assert app.language_memory.explicit and app.language_memory.language == "zh"


def test_a_served_app_leaves_the_language_to_each_visitor_unless_told():
    assert LANGUAGE_VAR not in serve_module._project_env(None, "mnist_mlp", None)
    assert serve_module._project_env(None, "mnist_mlp", "zh")[LANGUAGE_VAR] == "zh"
    free = builder_app({TEMPLATE_VAR: "mnist_mlp"})
    told = builder_app({TEMPLATE_VAR: "mnist_mlp", LANGUAGE_VAR: "zh"})
    assert not free.language_memory.explicit and free.language == "en"
    assert told.language_memory.explicit and told.language == "zh"
