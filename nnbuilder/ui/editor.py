"""The graph editor widget: palette, canvas, inspector and live checks in one anywidget.

The whole project document is one synced trait (`graph`) and the results of
`check()` another (`node_info`). The browser writes a new `graph` after each
edit; Python validates it, keeps the last valid document, re-checks only what
changed, and tells the browser why when an edit is refused. `thumbnails` (small
pictures drawn on the active model's nodes) is a trait of its own, never part of
the document, its undo history or what is saved; so is `curves`, the activation
curves the inspector draws, computed in a worker thread when the browser asks, and
`insight`, what the app's Inside tab shows of the selected node, drawn in the inspector.
"""

from __future__ import annotations

import copy
import itertools
import sys
import traceback
import uuid

import anywidget
import traitlets

from nnbuilder.checking.checker import Checker, check
from nnbuilder.checking.fixes import apply_fix
from nnbuilder.document.project import Project
from nnbuilder.document.trust import is_trusted
from nnbuilder.document.wiring import dropped_wiring
from nnbuilder.errors import NNBuilderError, ProjectError, first_line
from nnbuilder.ui import _edits
from nnbuilder.ui._activation_curves import ActivationCurves
from nnbuilder.ui._catalog import catalog_payload
from nnbuilder.ui._static import bundle_text

THUMBNAIL_PREFIX = "data:image/png;base64,"  # the only pictures a node is given


class Editor(anywidget.AnyWidget):
    """A drag-and-drop editor for a project's networks.

    `editor.project` is always what the canvas shows; assigning a Project (or
    using `add_node`, `connect`, `set_param`, `remove_node`) redraws it, and
    callbacks registered with `on_change` run after every edit.
    """

    graph = traitlets.Dict(help="The project document (format v2) the canvas shows.").tag(sync=True)
    node_info = traitlets.Dict(help="check() results: shapes, parameter counts, problems.").tag(sync=True)
    catalog = traitlets.Dict(help="Palette layers and choice lists for the browser side.").tag(sync=True)
    active_model = traitlets.Unicode("", help="The model shown on the canvas.").tag(sync=True)
    selection = traitlets.List(traitlets.Unicode(), help="Ids of the selected nodes.").tag(sync=True)
    language = traitlets.Enum(["en", "zh"], "en", help="Language of labels and layer help.").tag(sync=True)
    thumbnails = traitlets.Dict(
        value_trait=traitlets.Unicode(),
        key_trait=traitlets.Unicode(),
        help="Small PNG data URLs drawn on the active model's nodes, by node id; {} draws none.",
    ).tag(sync=True)
    curves = traitlets.Dict(
        help="Activation curves the inspector asked for, by name: x, f(x) and f'(x), or an error in en and zh.",
    ).tag(sync=True)
    insight = traitlets.Dict(
        help="What the inspector shows of one node inside the network: {'node': id, 'html': ...}; {} for nothing.",
    ).tag(sync=True)

    def __init__(self, project: Project | None = None, *, language: str = "en", layout=None):
        project = Project() if project is None else project
        if not isinstance(project, Project):
            raise TypeError(f"project: expected a nnbuilder.Project, got {type(project).__name__}")
        self._esm = bundle_text("editor.js")
        self._css = bundle_text("editor.css")
        self._checker = Checker()
        self._callbacks = []
        self._ready = False
        self._incoming = None
        self._assigned = None
        self._step_ids = (f"{uuid.uuid4().hex}-{n}" for n in itertools.count())
        self._project = project.copy()
        self._curves = ActivationCurves(lambda kept: setattr(self, "curves", kept))
        self._result = check(self._project, self._checker)
        kwargs = {"layout": layout} if layout is not None else {}
        super().__init__(
            graph=self._project.to_dict(),
            node_info=self._result.to_dict(),
            catalog=catalog_payload(),
            active_model=next(iter(self._project.models)),
            language=language,
            **kwargs,
        )
        self.on_msg(self._on_message)
        self._ready = True

    # ------------------------------------------------------------ public API
    @property
    def project(self) -> Project:
        """A copy of the project on the canvas (edit it, then assign it back)."""
        return self._project.copy()

    @project.setter
    def project(self, project: Project) -> None:
        if not isinstance(project, Project):
            raise TypeError(f"project: expected a nnbuilder.Project, got {type(project).__name__}")
        self._assigned = project  # its trust and folder, not the shown project's, decide this document
        try:
            self.graph = project.to_dict()
        finally:
            self._assigned = None
        incoming = self._incoming
        if incoming is not None:  # the same document, so no change was signalled: its trust or folder may differ
            if (is_trusted(incoming), incoming.folder) != (is_trusted(self._project), self._project.folder):
                self._graph_changed(None)
            self._incoming = None

    @property
    def result(self):
        """The CheckResult of the project on the canvas."""
        return self._result

    def on_change(self, callback, remove: bool = False) -> None:
        """Call `callback(editor)` after each edit (from the canvas or from Python)."""
        if not callable(callback):
            raise TypeError("on_change: expected a callable")
        if remove:
            self._callbacks = [c for c in self._callbacks if c is not callback]
        else:
            self._callbacks.append(callback)

    def add_node(self, layer, config=None, *, id=None, model=None, after=None, pos=None) -> str:  # noqa: A002
        """Add a layer (connected after node `after` if given); returns its id."""
        project, node_id = _edits.add_node(self._project, self._model(model), layer, config, id, after, pos)
        self.project = project
        return node_id

    def connect(self, source, target, *, port=None, model=None) -> None:
        """Feed `source`'s output into `target` (at input `port`, the next free one by default)."""
        self.project = _edits.connect(self._project, self._model(model), source, target, port)

    def set_param(self, node, name, value, *, model=None) -> None:
        """Set one constructor argument of a node; an invalid value raises ProjectError."""
        self.project = _edits.set_param(self._project, self._model(model), node, name, value)

    def remove_node(self, node, *, model=None) -> None:
        """Remove a node with its edges and the search ranges on its settings."""
        self.project = _edits.remove_node(self._project, self._model(model), node)

    def fix(self, diagnostic, fix=None) -> None:
        """Apply a suggested fix of a diagnostic from `editor.result` (a node it removes takes its search ranges)."""
        self.project = _edits.drop_removed_node_ranges(self._project, apply_fix(self._project, diagnostic, fix))

    def undo(self) -> None:
        """Undo the last edit, as the toolbar's Undo button does.

        The undo history lives in the browser, so this needs the editor on screen;
        with several views of it, one of them steps back.
        """
        self._tell("undo", id=next(self._step_ids))

    def redo(self) -> None:
        """Redo the last undone edit, as the toolbar's Redo button does (see `undo`)."""
        self._tell("redo", id=next(self._step_ids))

    # ------------------------------------------------------------ internals
    def _model(self, model):
        name = model or self.active_model
        if name not in self._project.models:
            raise ProjectError(f"no model named {name!r}; the project has {', '.join(self._project.models)}")
        return name

    @traitlets.validate("graph")
    def _validate_graph(self, proposal):
        value = proposal["value"]
        # An assigned Project brings its own trust and folder; an edit from the canvas is the same
        # document changed, so it keeps the shown project's trust and stays where it was loaded from.
        source, self._assigned = (self._assigned or self._project), None
        try:
            project = Project.from_dict(value, trust=is_trusted(source))
        except ProjectError as exc:
            self._tell("refused", reason=first_line(exc))
            return self._project.to_dict()
        if source is self._project and (lost := dropped_wiring(source, project)):  # an edit lost how a node is called
            self._tell("refused", reason=lost.say(self.language))
            return self._project.to_dict()
        project.folder = source.folder
        project.weights = copy.deepcopy(source.weights)  # by node id: build skips what no longer fits
        self._incoming = project
        return value

    @traitlets.observe("graph")
    def _graph_changed(self, change):
        project, self._incoming = self._incoming, None
        if not self._ready or project is None:
            return
        self._project = project
        self._result = check(project, self._checker)
        self.node_info = self._result.to_dict()
        if self.active_model not in project.models:
            self.active_model = next(iter(project.models))
        graph = self._project.models[self.active_model]
        self.selection = [i for i in self.selection if graph.node(i)]
        if any(not graph.node(i) for i in self.thumbnails):  # a picture never stays on a node that is gone
            self.thumbnails = {i: url for i, url in self.thumbnails.items() if graph.node(i)}
        if self.insight and not graph.node(self.insight["node"]):
            self.insight = {}
        for callback in list(self._callbacks):
            try:
                callback(self)
            except Exception as exc:  # shown to the user, and the traceback kept in the log
                self._tell("error", message=f"on_change callback failed: {first_line(exc)}")
                traceback.print_exc(file=sys.stderr)

    @traitlets.validate("thumbnails")
    def _validate_thumbnails(self, proposal):
        for node, url in proposal["value"].items():
            if not url.startswith(THUMBNAIL_PREFIX):
                raise traitlets.TraitError(f"thumbnails[{node!r}]: expected a {THUMBNAIL_PREFIX}... URL")
        return proposal["value"]

    @traitlets.validate("insight")
    def _validate_insight(self, proposal):
        value = proposal["value"]
        if value and (set(value) != {"node", "html"} or not all(isinstance(v, str) for v in value.values())):
            raise traitlets.TraitError(f"insight: expected {{}} or {{'node': id, 'html': text}}, got {value!r}")
        return value

    @traitlets.observe("active_model")
    def _model_shown(self, _change):
        self.thumbnails = {}  # they were drawn for the model shown before
        self.insight = {}

    @traitlets.validate("active_model")
    def _validate_active_model(self, proposal):
        name = proposal["value"]
        if name not in self._project.models:
            raise traitlets.TraitError(f"no model named {name!r}; the project has {', '.join(self._project.models)}")
        return name

    def _on_message(self, _widget, content, _buffers):
        if isinstance(content, dict) and content.get("type") == "curve":
            self._curves.ask(content.get("name"), content.get("load") is True)  # off the kernel's thread
            return
        if not isinstance(content, dict) or content.get("type") != "fix":
            return
        problems = self._result.problems
        i, j = content.get("problem"), content.get("fix", 0)
        if not isinstance(i, int) or not 0 <= i < len(problems) or not isinstance(j, int):
            self._tell("refused", reason="that problem has changed since it was shown; try again")
            return
        diagnostic = problems[i]
        if not 0 <= j < len(diagnostic.fixes):
            self._tell("refused", reason=f"{diagnostic.code} on {diagnostic.node!r} has no fix number {j + 1}")
            return
        try:
            self.fix(diagnostic, diagnostic.fixes[j])
        except NNBuilderError as exc:
            self._tell("refused", reason=first_line(exc))

    def _tell(self, kind: str, **content) -> None:
        self.send({"type": kind, **content})
