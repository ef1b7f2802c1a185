"""An output folder that appears complete or not at all: files are made in a work folder, then moved in.

A new (or empty) target is the work folder renamed into place in one step. A target that already holds
files gets each new file by rename, so every file in it is whole at any moment.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class OutputFolder:
    """`work` is where the outputs are written; `commit()` moves them into `target`, `discard()` drops them."""

    def __init__(self, target):
        self.target = Path(target)
        self.fresh = not self.target.is_dir() or not any(self.target.iterdir())
        if self.target.exists() and not self.target.is_dir():
            raise NotADirectoryError(20, "the output path is a file, not a folder", str(self.target))
        parent = self.target.parent if self.fresh else self.target
        parent.mkdir(parents=True, exist_ok=True)
        self.work = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=parent))
        self.work.chmod(0o777 & ~_umask())  # as a plain mkdir would make it, not private

    def commit(self) -> Path:
        if self.fresh:
            os.replace(self.work, self.target)  # replaces an empty folder too
            return self.target
        for item in sorted(self.work.iterdir()):
            place = self.target / item.name
            if place.is_dir() and not place.is_symlink():  # a SavedModel folder: move the old one out first
                os.replace(place, self.work / f".old-{item.name}")
            os.replace(item, place)
        shutil.rmtree(self.work, ignore_errors=True)
        return self.target

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
