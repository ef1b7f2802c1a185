"""What the served notebook runs: open the project it was asked for and show the whole app,
saving every edit back to the project file (unless another visitor changed it meanwhile: then
beside it), or, without one (or when it cannot be read: then it is left as it is), to an autosave
file of this visitor's browser tab."""

from __future__ import annotations

import os
from pathlib import Path

from nnbuilder._files import write_if_unchanged
from nnbuilder.app import autosave as _autosave
from nnbuilder.app._browser import VisitorIds
from nnbuilder.errors import ProjectError, first_line
from nnbuilder.project import Project
from nnbuilder.template_library import load_template

PROJECT_VAR = "NNBUILDER_PROJECT"  # a project file: opened if it exists, saved after each edit
TEMPLATE_VAR = "NNBUILDER_TEMPLATE"  # a template to start from when there is no project file
LANGUAGE_VAR = "NNBUILDER_LANGUAGE"  # en or zh
AUTOSAVE_VAR = "NNBUILDER_AUTOSAVE"  # where to autosave: a folder, or a file whose folder gets an autosave/ folder


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


def autosave_folder(environ=os.environ) -> Path:
    """The folder of the visitors' autosave files: NNBUILDER_AUTOSAVE's folder, or beside the notebook."""
    value = environ.get(AUTOSAVE_VAR)
    if not value:
        return _autosave.sessions_folder()
    path = Path(value)
    return path.parent / _autosave.SESSIONS if path.name.endswith(".json") else path


def builder_app(environ=os.environ):
    """The Builder for the served page: edits go to the project file when there is one."""
    from nnbuilder.app.builder import Builder

    language = environ.get(LANGUAGE_VAR) or "en"
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
        app = Builder(project, language=language, autosave=keeper)
        app.path = path
        if failed is not None:
            app.messages.hold("autosave", "autosave_failing", kind="error", message=failed)
    else:
        app = Builder(project, language=language, autosave=False)
        if unreadable is not None:
            app.messages.hold("unreadable", "project_unreadable", kind="error", file=str(path), reason=unreadable)
    ids = VisitorIds()
    folder = autosave_folder(environ)
    ids.when_known(lambda visitor, tab: app.use_place(_autosave.visitor_place(folder, visitor, tab)))
    app.visitor_ids = ids
    app.children = (*app.children, ids)
    return app
