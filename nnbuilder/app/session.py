"""What the served notebook runs: open the project it was asked for and show the whole app,
saving every edit back to the project file (or to the autosave file beside the notebook)."""

from __future__ import annotations

import os
from pathlib import Path

from nnbuilder.project import Project
from nnbuilder.template_library import load_template

PROJECT_VAR = "NNBUILDER_PROJECT"  # a project file: opened if it exists, saved after each edit
TEMPLATE_VAR = "NNBUILDER_TEMPLATE"  # a template to start from when there is no project file
LANGUAGE_VAR = "NNBUILDER_LANGUAGE"  # en or zh
AUTOSAVE_VAR = "NNBUILDER_AUTOSAVE"  # where to autosave when there is no project file (default: beside the notebook)


def open_project(environ=os.environ) -> tuple[Project, Path | None]:
    """The project named by the environment, and the file to save it to (if any)."""
    path = Path(environ[PROJECT_VAR]) if environ.get(PROJECT_VAR) else None
    if path is not None and path.exists():
        return Project.load(path), path
    template = environ.get(TEMPLATE_VAR)
    return (load_template(template) if template else Project()), path


def builder_app(environ=os.environ):
    """The Builder for the served page: edits go to the project file when there is one."""
    from nnbuilder.app.builder import Builder

    project, path = open_project(environ)
    language = environ.get(LANGUAGE_VAR) or "en"
    if path is not None:
        project.save(path)
        app = Builder(project, language=language, autosave=path)
        app.path = path
        return app
    return Builder(project, language=language, autosave=environ.get(AUTOSAVE_VAR) or True)
