"""The error types nnbuilder raises. All derive from NNBuilderError."""

from __future__ import annotations


class NNBuilderError(Exception):
    """Base of every error nnbuilder raises on purpose.

    `said_in` holds the first line in other languages ({"zh": ...}) where the raiser could say it.
    """

    said_in: dict[str, str] | None = None


def bilingual_error(english: str, chinese: str) -> NNBuilderError:
    """An error worded `english`, with `chinese` beside it in `said_in`."""
    error = NNBuilderError(english)
    error.said_in = {"zh": chinese}
    return error


class ProjectError(NNBuilderError, ValueError):
    """A project document is malformed; `path` locates the bad field, `where` says it for people.

    Example: ``models.model, node 'dense_1' (Dense), config.units: expected a positive integer, got -4``
    (path ``models.model.nodes[3].config.units``).
    """

    def __init__(self, message: str, path: str | None = None, where: str | None = None):
        self.path = path
        self.detail = message
        self.where = where or path
        super().__init__(f"{self.where}: {message}" if self.where else message)


class BuildError(NNBuilderError):
    """A project cannot become a Keras model; `node` and `model` say where."""

    def __init__(self, message: str, node: str | None = None, model: str | None = None):
        self.node = node
        self.model = model
        self.detail = message
        where = ".".join(x for x in (model, node) if x)
        super().__init__(
            f"node {where!r}: {message}" if node else (f"model {model!r}: {message}" if model else message)
        )


class UnsupportedModelError(NNBuilderError):
    """A Keras model uses something a project cannot represent; `layer` names it."""

    def __init__(self, message: str, layer: str | None = None):
        self.layer = layer
        super().__init__(f"layer {layer!r}: {message}" if layer else message)


def first_line(exc: object) -> str:
    """The first line of an exception's message (or its type name), or of a text: for one-line reports."""
    lines = str(exc if exc is not None else "").strip().splitlines()
    if lines:
        return lines[0].strip()
    return type(exc).__name__ if isinstance(exc, BaseException) else ""
