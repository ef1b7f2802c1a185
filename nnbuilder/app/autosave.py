"""Autosave: the project is written beside the notebook after every edit, atomically,
so a crash or a kernel restart loses nothing; a new app offers to restore it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from nnbuilder.errors import ProjectError
from nnbuilder.project import Project

DEFAULT_FOLDER = ".nnbuilder"
DEFAULT_NAME = "autosave.nnb.json"


def default_path(folder=None) -> Path:
    """`.nnbuilder/autosave.nnb.json` in `folder` (the notebook's folder: the kernel's working directory)."""
    return Path(folder or os.getcwd()) / DEFAULT_FOLDER / DEFAULT_NAME


def resolve(autosave) -> Path | None:
    """The autosave file for the Builder's `autosave` argument: True, False/None or a path."""
    if autosave is True:
        return default_path()
    if autosave is None or autosave is False:
        return None
    if isinstance(autosave, (str, os.PathLike)):
        path = Path(autosave)
        if path.is_dir():
            raise ValueError(f"autosave: expected a file path, got the folder {path}")
        return path
    raise TypeError(f"autosave: expected True, False or a file path, got {type(autosave).__name__}")


@dataclass
class Saved:
    """A project found in the autosave file."""

    project: Project
    saved_at: float

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))

    @property
    def layers(self) -> int:
        return sum(len(graph.nodes) for graph in self.project.models.values())


class Autosave:
    """Writes the project to one file after each edit; reads it back for a restore."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.last_error: str | None = None

    def save(self, project: Project) -> None:
        """Write atomically (a temporary file, then a rename): a crash never leaves half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        project.save(self.path)

    def load(self) -> Saved | None:
        """The saved project, or None when there is none or it cannot be read (a reason is kept)."""
        self.last_error = None
        if not self.path.is_file():
            return None
        try:
            project = Project.load(self.path)
        except ProjectError as exc:
            self.last_error = str(exc)
            return None
        return Saved(project, self.path.stat().st_mtime)

    def differs_from(self, project: Project) -> Saved | None:
        """The saved project when it holds something other than `project` (worth offering to restore)."""
        saved = self.load()
        if saved is None or saved.project.to_dict() == project.to_dict():
            return None
        if not saved.layers:
            return None  # an empty canvas is not worth a question
        return saved
