"""What the autosave tests share: a kernel to run in, a served page load, the files a folder holds."""

from __future__ import annotations

from pathlib import Path

from nnbuilder import load_template
from nnbuilder.app import autosave as autosave_module
from nnbuilder.app.builder import Builder
from nnbuilder.app.session import WORK_ROOT_VAR, builder_app
from tests.app.builder_support import make  # noqa: F401  (the autosave tests make their apps the same way)

MLP_LAYERS = len(load_template("mnist_mlp").graph.nodes)


def in_kernel(monkeypatch, kernel: str, notebook: str | None = None) -> None:
    """What the next Builder() finds: the kernel it runs in (and its notebook)."""
    monkeypatch.setattr(autosave_module, "kernel_id", lambda: kernel)
    if notebook is not None:
        monkeypatch.setenv("JPY_SESSION_NAME", notebook)


def files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def served(tmp_path, visitor: str, tab: str, **environ) -> Builder:
    """One page load of the served app, after its browser said who it is."""
    app = builder_app({WORK_ROOT_VAR: str(tmp_path / "visitors"), **environ})
    app.visitor_ids.visitor, app.visitor_ids.tab = visitor, tab
    return app
