"""The project document (format v2): its models, data and training settings, and its file.

`Project` is a plain dataclass with `to_dict`/`from_dict` and load/save; loading validates every field and
names the exact path of a bad one. Each model is a `Graph` of `Node`s and `Edge`s (`model_graph`, also
importable from here). Nothing here imports Keras or widgets.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nnbuilder.document.data_section import data_problems
from nnbuilder.document.files import PathArg, write_atomic
from nnbuilder.document.json_data import data_problem, parse
from nnbuilder.document.model_graph import Edge, Graph, Node, output_ref
from nnbuilder.document.search_section import read_search
from nnbuilder.document.training_choices import DEFAULTS as TRAINING_DEFAULTS
from nnbuilder.document.training_settings import training_problems
from nnbuilder.document.trust import is_trusted
from nnbuilder.document.validation import FORMAT, VERSION, check_header, refuse_first
from nnbuilder.document.weights_file import Weights, read_weights, write_weights
from nnbuilder.errors import ProjectError

# Edge, Graph, Node and output_ref live in model_graph; importing them from here keeps working.
__all__ = ["Edge", "Graph", "Node", "Project", "default_training", "output_ref"]

# The settings a new project writes: the rest of the training section is filled in from the same
# defaults when it is read (training_settings.normalize_training).
NEW_PROJECT_TRAINING = (
    "recipe",
    "optimizer",
    "loss",
    "metrics",
    "epochs",
    "batch_size",
    "validation_split",
    "callbacks",
)


def default_training() -> dict[str, Any]:
    """Training settings a new project starts with."""
    return {key: copy.deepcopy(TRAINING_DEFAULTS[key]) for key in NEW_PROJECT_TRAINING}


@dataclass
class Project:
    """A whole nnbuilder project: one or more models plus data and training.

    `trust` (never read from or written to a file) lets check and build make
    layers that load files or code; `folder` is where the project was loaded from; `weights`
    (never in the JSON: in a weights file beside it) are trained weights by model and node id.
    """

    name: str = "Untitled"
    description: str | dict[str, str] = ""
    models: dict[str, Graph] = field(default_factory=lambda: {"model": Graph()})
    data: dict[str, Any] = field(default_factory=lambda: {"dataset": None, "options": {}})
    training: dict[str, Any] = field(default_factory=default_training)
    trust: bool = field(default=False, compare=False, repr=False)
    folder: Path | None = field(default=None, compare=False, repr=False)
    weights: Weights = field(default_factory=Weights, compare=False, repr=False)
    search: dict[str, Any] | None = None  # the hyperparameter search (docs/search.md); None: no search

    # ------------------------------------------------------------ dict form
    def to_dict(self) -> dict[str, Any]:
        out = {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "description": copy.deepcopy(self.description),
            "models": {name: graph.to_dict() for name, graph in self.models.items()},
            "data": copy.deepcopy(self.data),
            "training": copy.deepcopy(self.training),
        }
        if self.search is not None:
            out["search"] = copy.deepcopy(self.search)
        return out

    @classmethod
    def from_dict(cls, data: Any, *, trust: bool = False) -> Project:
        """Validate and read a project dict; raises ProjectError naming the bad field.

        Without `trust`, layers that would load files, models or code are refused.
        """
        problem = data_problem(data)
        if problem is not None:
            raise ProjectError(problem[1], problem[0])
        check_header(data)
        name = data.get("name", "Untitled")
        if not isinstance(name, str):
            raise ProjectError(f"expected text, got {type(name).__name__}", "name")
        description = data.get("description", "")
        if not isinstance(description, (str, dict)) or (
            isinstance(description, dict) and not all(isinstance(v, str) for v in description.values())
        ):
            raise ProjectError("expected text, or texts by language such as {'en': ..., 'zh': ...}", "description")
        models = data.get("models")
        if not isinstance(models, dict) or not models:
            raise ProjectError("expected at least one model, e.g. {'model': {'nodes': [], 'edges': []}}", "models")
        graphs: dict[str, Graph] = {}
        for model_name, graph in models.items():
            if not isinstance(model_name, str) or not model_name.isidentifier():
                raise ProjectError(f"model names are letters, digits and underscores, got {model_name!r}", "models")
            graphs[model_name] = Graph.from_dict(graph, f"models.{model_name}", trust=trust)
        for model_name, graph in graphs.items():
            for i, node in enumerate(graph.nodes):
                if node.model is not None and node.model not in graphs:
                    raise ProjectError(
                        f"expected the name of a model of this project ({', '.join(graphs)}), got {node.model!r}",
                        f"models.{model_name}.nodes[{i}].model",
                    )
        sections: dict[str, dict[str, Any]] = {}
        for key, default in (("data", {"dataset": None, "options": {}}), ("training", default_training())):
            value = data.get(key, default)
            if not isinstance(value, dict):
                raise ProjectError(f"expected an object, got {type(value).__name__}", key)
            sections[key] = copy.deepcopy(value)
        refuse_first(data_problems(sections["data"]) + training_problems(sections["training"]))
        search = read_search(data.get("search"))
        return cls(
            name,
            copy.deepcopy(description),
            graphs,
            sections["data"],
            sections["training"],
            trust=bool(trust),
            search=search,
        )

    # ------------------------------------------------------------ files
    @classmethod
    def load(cls, path: PathArg, trust: bool = False) -> Project:
        """Read a .nnb.json file. Raises ProjectError with the file named; see `loads` for `trust`."""
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProjectError(f"cannot read {file}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ProjectError(f"{file} is not UTF-8 text, so not an nnbuilder project") from None
        project = cls.loads(text, source=str(file), trust=trust)
        project.folder = file.absolute().parent
        project.weights = read_weights(file)
        return project

    @classmethod
    def loads(cls, text: str | bytes, *, source: str | None = None, trust: bool = False) -> Project:
        """Read the text of a project file; errors name `source` (the file) and the bad field.

        Without `trust`, layers that would load files, models or code are refused.
        """
        source = source or "the project text"
        if isinstance(text, (bytes, bytearray)):
            try:
                text = bytes(text).decode("utf-8")
            except UnicodeDecodeError:
                raise ProjectError(f"{source} is not UTF-8 text, so not an nnbuilder project") from None
        data = parse(text, source)
        try:
            return cls.from_dict(data, trust=trust)
        except ProjectError as exc:
            raise ProjectError(f"{source}: {exc}") from None

    def with_section(self, key: str, value: Any) -> Project:
        """A new project with top-level field `key` (e.g. "data") set to `value`, validated like
        `from_dict` with this project's trust; it keeps this project's folder."""
        project = type(self).from_dict({**self.to_dict(), key: copy.deepcopy(value)}, trust=is_trusted(self))
        project.folder = self.folder
        project.weights = copy.deepcopy(self.weights)  # new tables, the same arrays
        return project

    def dumps(self) -> str:
        """The file text: JSON, keys sorted, two-space indent, trailing newline. A project that loading
        would refuse as malformed raises ProjectError instead, so no file is written that cannot be read
        back (which layers a file may build is decided when it is loaded, so every layer passes here)."""
        data = self.to_dict()
        type(self).from_dict(data, trust=True)
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"

    def save(self, path: PathArg) -> Path:
        """Write atomically: a temporary file beside the target, then a rename; the weights the project
        holds go to `<stem>.weights.npz` beside it (see `weights_file`)."""
        written = write_atomic(path, self.dumps())
        write_weights(written, self.weights, {name: {n.id for n in g.nodes} for name, g in self.models.items()})
        return written

    def copy(self) -> Project:
        """An independent deep copy (no validation, so a half-edited project copies too)."""
        return copy.deepcopy(self)

    # ------------------------------------------------------------ helpers
    @property
    def graph(self) -> Graph:
        """The only model of a single-model project."""
        if len(self.models) != 1:
            raise ProjectError(f"this project has several models ({', '.join(self.models)}): use project.models[name]")
        return next(iter(self.models.values()))
