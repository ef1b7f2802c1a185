"""What the builder tests share: a Builder as a notebook makes it, its downloads and uploads, a small project."""

from __future__ import annotations

from nnbuilder import Project
from nnbuilder.app.builder import Builder
from tests.helpers import chain


def make(project=None, **options) -> Builder:
    options.setdefault("preload", False)
    return Builder(project, **options)


def downloads(app) -> list:
    seen = []
    app.downloader.download = lambda data, name, mime="application/octet-stream": seen.append((name, data, mime))
    return seen


def upload(app, name: str, data: bytes) -> None:
    """What the browser's file picker sends."""
    app.toolbar.upload._handle_custom_msg({"type": "file", "name": name, "size": len(data)}, [memoryview(data)])


def tiny_classifier() -> Project:
    project = Project.from_dict(
        {
            **chain(("x", "Input", {"shape": [4]}), ("h", "Dense", {"units": 8, "activation": "relu"}),
                    ("y", "Dense", {"units": 3, "activation": "softmax"})).to_dict(),
            "data": {"dataset": "iris", "options": {}},
            "training": {"recipe": "supervised", "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"],
                         "epochs": 1, "batch_size": 16, "validation_split": 0.1, "callbacks": [],
                         "optimizer": {"name": "adam", "learning_rate": 0.01}},
        }
    )  # fmt: skip
    return project


def browser_undo(app, document: dict) -> None:
    """What the editor's Undo does in the page: it sends the document from before the last edit back."""
    app.editor.graph = document
