"""What the served notebook runs: open the project it was asked for, show the editor,
and save every edit back to the project file."""

from __future__ import annotations

import os
from pathlib import Path

from nnbuilder.project import Project
from nnbuilder.template_library import load_template

PROJECT_VAR = "NNBUILDER_PROJECT"  # a project file: opened if it exists, saved after each edit
TEMPLATE_VAR = "NNBUILDER_TEMPLATE"  # a template to start from when there is no project file


def open_project(environ=os.environ) -> tuple[Project, Path | None]:
    """The project named by the environment, and the file to save it to (if any)."""
    path = Path(environ[PROJECT_VAR]) if environ.get(PROJECT_VAR) else None
    if path is not None and path.exists():
        return Project.load(path), path
    template = environ.get(TEMPLATE_VAR)
    return (load_template(template) if template else Project()), path


def editor_app(environ=os.environ):
    """The editor widget for the served page, saving to the project file after each edit."""
    from nnbuilder.ui import Editor

    project, path = open_project(environ)
    editor = Editor(project)
    if path is not None:
        editor.project.save(path)
        editor.on_change(lambda e: e.project.save(path))
    return editor
