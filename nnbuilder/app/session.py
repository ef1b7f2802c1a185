"""What the served notebook runs: open the project it was asked for and show the whole app,
saving every edit back to the project file (unless another visitor changed it meanwhile: then
beside it), or, without one, to an autosave file of this visitor's browser tab."""

from __future__ import annotations

import os
from pathlib import Path

from nnbuilder.app import autosave as _autosave
from nnbuilder.app._browser import VisitorIds
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
    template = environ.get(TEMPLATE_VAR)
    return (load_template(template) if template else Project()), path, None


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

    project, path, revision = _open(environ)
    language = environ.get(LANGUAGE_VAR) or "en"
    if path is not None:
        keeper = _autosave.Autosave(path, guarded=True, revision=revision)
        if revision is None:
            keeper.save(project)  # a new file from the template (kept if someone made it meanwhile)
        app = Builder(project, language=language, autosave=keeper)
        app.path = path
    else:
        app = Builder(project, language=language, autosave=False)
    ids = VisitorIds()
    folder = autosave_folder(environ)
    ids.when_known(lambda visitor, tab: app.use_place(_autosave.visitor_place(folder, visitor, tab)))
    app.visitor_ids = ids
    app.children = (*app.children, ids)
    return app
