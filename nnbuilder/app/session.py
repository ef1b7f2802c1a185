"""What the served notebook runs: open the project it was asked for and show the whole app,
saving every edit back to the project file (unless another visitor changed it meanwhile: then
beside it), or, without one (or when it cannot be read: then it is left as it is), to an autosave
file of this visitor's browser tab, in the visitor's own work folder.

Keras is imported only when the visitor first builds, trains or exports: an idle page costs a
kernel without it (about 80 MB instead of about 800 MB: bench/serve_visitors.py)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from nnbuilder.app import autosave as _autosave
from nnbuilder.app._browser import VisitorIds
from nnbuilder.app._kernel_logs import quiet_backend
from nnbuilder.document.files import write_if_unchanged
from nnbuilder.document.project import Project
from nnbuilder.errors import ProjectError, first_line
from nnbuilder.template_library.loading import load_template

PROJECT_VAR = "NNBUILDER_PROJECT"  # a project file: opened if it exists, saved after each edit
TEMPLATE_VAR = "NNBUILDER_TEMPLATE"  # a template to start from when there is no project file
LANGUAGE_VAR = "NNBUILDER_LANGUAGE"  # en or zh
WORK_ROOT_VAR = "NNBUILDER_WORK_ROOT"  # the folder holding one work folder per visitor


def open_project(environ=os.environ) -> tuple[Project, Path | None]:
    """The project named by the environment, and the file to save it to (if any)."""
    project, path, _revision = _open(environ)
    return project, path


def _open(environ) -> tuple[Project, Path | None, str | None]:
    path = Path(environ[PROJECT_VAR]) if environ.get(PROJECT_VAR) else None
    if path is not None and path.exists():
        project, revision = _autosave.read_project(path)
        return project, path, revision
    return _start(environ), path, None


def _start(environ) -> Project:
    """The template to start from, or an empty project."""
    template = environ.get(TEMPLATE_VAR)
    return load_template(template) if template else Project()


def _create(path: Path, project: Project) -> tuple[Project, str]:
    """Write a new project file; when another visitor made it meanwhile, their file is opened instead."""
    written = write_if_unchanged(path, project.dumps(), None)
    if written is not None:
        return project, written
    return _autosave.read_project(path)


def work_root(environ=os.environ) -> Path:
    """The folder of the visitors' work folders: NNBUILDER_WORK_ROOT, or `.nnbuilder/visitors/` beside the notebook."""
    value = environ.get(WORK_ROOT_VAR)
    return Path(value) if value else _autosave.visitors_root()


def enter_work_folder(folder: Path) -> Path:
    """Make `folder` (a visitor's) and send the files the app makes in this kernel into its `tmp/`: exports
    being written, keep-best checkpoints. Every page has a kernel of its own, so the kernel is this visitor's."""
    scratch = Path(folder) / _autosave.SCRATCH
    scratch.mkdir(mode=0o700, parents=True, exist_ok=True)
    tempfile.tempdir = str(scratch)
    os.environ["TMPDIR"] = str(scratch)  # for anything the kernel starts
    return scratch


def running_in_kernel() -> bool:
    """Whether this process is a Jupyter kernel (then it serves one page, so one visitor)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return getattr(get_ipython(), "kernel", None) is not None


def _visitor_known(app, root: Path, visitor: str, tab: str) -> None:
    folder = _autosave.visitor_folder(root, visitor)
    app.work_folder = folder
    if running_in_kernel():
        with contextlib.suppress(OSError):  # an unwritable folder: the autosave says so at each edit
            enter_work_folder(folder)
    app.use_place(_autosave.visitor_place(folder / _autosave.SESSIONS, visitor, tab))


def builder_app(environ=os.environ):
    """The Builder for the served page: edits go to the project file when there is one."""
    quiet_backend()  # before anything imports Keras
    from nnbuilder.app.builder import Builder  # deferred: the widget libraries (serve imports this module)

    language = environ.get(LANGUAGE_VAR) or None  # none given: each visitor's browser remembers its own
    path = Path(environ[PROJECT_VAR]) if environ.get(PROJECT_VAR) else None
    unreadable = failed = None
    try:
        project, path, revision = _open(environ)
    except ProjectError as exc:  # the file cannot be read (now): left as it is, never overwritten
        project, revision, unreadable = _start(environ), None, first_line(exc) or type(exc).__name__
    if path is not None and unreadable is None and revision is None:
        try:
            project, revision = _create(path, project)  # from the template, unless someone made it meanwhile
        except ProjectError as exc:  # made meanwhile, and unreadable: left as it is
            project, unreadable = _start(environ), first_line(exc) or type(exc).__name__
        except OSError as exc:  # the new file cannot be written: the autosave says so at each edit
            failed = first_line(exc) or type(exc).__name__
    if path is not None and unreadable is None:
        keeper = _autosave.Autosave(path, guarded=True, revision=revision)
        app = Builder(project, language=language, autosave=keeper, preload=False)
        app.path = path
        if failed is not None:
            app.messages.hold("autosave", "autosave_failing", kind="error", message=failed)
    else:
        app = Builder(project, language=language, autosave=False, preload=False)
        if unreadable is not None:
            app.messages.hold("unreadable", "project_unreadable", kind="error", file=str(path), reason=unreadable)
    ids = VisitorIds()
    root = work_root(environ)
    app.work_folder = None  # this visitor's, once the browser has said who it is
    ids.when_known(lambda visitor, tab: _visitor_known(app, root, visitor, tab))
    app.visitor_ids = ids
    app.children = (*app.children, ids)
    return app
