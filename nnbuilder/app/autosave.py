"""Autosave: the project is written after every edit, atomically, to a file that belongs to one
session (a notebook's kernel, or one browser tab of a served app), so two sessions never
overwrite or erase each other's work; a new session offers back the newest work of its own kind."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from nnbuilder.data._paths import PRIVATE_FOLDER
from nnbuilder.document.files import locked, revision_of, stamp, unused_name, write_atomic, write_if_unchanged
from nnbuilder.document.project import Project
from nnbuilder.errors import NNBuilderError, ProjectError, first_line

DEFAULT_FOLDER = PRIVATE_FOLDER  # never readable as data by a project
DEFAULT_NAME = "autosave.nnb.json"  # the one file older versions shared: offered back, never written
SESSIONS = "autosave"  # .nnbuilder/autosave/: one file per session
VISITORS = "visitors"  # .nnbuilder/visitors/<visitor>/: one work folder per visitor of a served app
SCRATCH = "tmp"  # <visitor>/tmp/: files the app makes for a visitor (exports being written, keep-best checkpoints)
SUFFIX = ".nnb.json"
NOTEBOOK_VAR = "JPY_SESSION_NAME"  # the notebook's path, set by Jupyter Server for its kernels
OWNERS = "owners"  # `.owners.lock` in the visitors' folder: one claim at a time


def default_path(folder=None) -> Path:
    """`.nnbuilder/autosave.nnb.json` in `folder`: where older versions autosaved (read, never written)."""
    return Path(folder or os.getcwd()) / DEFAULT_FOLDER / DEFAULT_NAME


def sessions_folder(folder=None) -> Path:
    """`.nnbuilder/autosave/` in `folder` (the notebook's folder: the kernel's working directory)."""
    return Path(folder or os.getcwd()) / DEFAULT_FOLDER / SESSIONS


def visitors_root(folder=None) -> Path:
    """`.nnbuilder/visitors/` in `folder` (the served folder): where the visitors' work folders are made."""
    return Path(folder or os.getcwd()) / DEFAULT_FOLDER / VISITORS


def visitor_folder(root, visitor) -> Path:
    """`<root>/<visitor>/`: one visitor's work folder (their autosaves in `autosave/`, the files the app
    makes for them in `tmp/`). The id comes from the browser, so only its letters and digits are used."""
    return Path(root) / name_part(visitor, "anonymous")


def name_part(value, fallback: str) -> str:
    """`value` reduced to letters and digits (at most 32), safe inside a file name; `fallback` if nothing is left."""
    clean = re.sub(r"[^A-Za-z0-9]", "", str(value or ""))[:32]
    return clean or fallback


def kernel_id() -> str | None:
    """The id of the kernel this runs in, from its connection file (None outside a kernel)."""
    try:
        from ipykernel.connect import get_connection_file

        connection = Path(get_connection_file())
    except Exception:  # not in a kernel, or an ipykernel without connection files
        return None
    match = re.match(r"kernel-(.+)\.json$", connection.name)  # how Jupyter Server names them
    return match.group(1) if match else hashlib.sha256(str(connection).encode()).hexdigest()[:16]


def notebook_stem(environ=None) -> str:
    """The notebook's name without `.ipynb` (from JPY_SESSION_NAME), as a file-name part."""
    environ = os.environ if environ is None else environ
    name = Path(str(environ.get(NOTEBOOK_VAR) or "")).name
    if name.endswith(".ipynb"):
        name = name[: -len(".ipynb")]
    return re.sub(r"[^\w.]+", "_", name).strip("._")[:64] or "notebook"


@dataclass(frozen=True)
class Place:
    """Where one session autosaves (`path`) and which files hold work of its own kind (`candidates`)."""

    folder: Path
    family: str  # the file-name start shared by sessions whose work this one may offer back
    name: str  # this session's own file
    legacy: Path | None = None  # a shared file of an older version, offered but never written

    @property
    def path(self) -> Path:
        return self.folder / self.name

    def owns(self, name: str) -> bool:
        """Whether a file name is a session file of this family (not a moved-aside or conflict copy)."""
        rest = name[len(self.family) :] if name.startswith(self.family) else ""
        return bool(re.fullmatch(r"[A-Za-z0-9_]+" + re.escape(SUFFIX), rest))

    def candidates(self) -> list[Path]:
        """The files worth offering back, newest first (this session's own file among them)."""
        found = []
        if self.folder.is_dir():
            found = [p for p in self.folder.iterdir() if self.owns(p.name) and p.is_file()]
        if self.legacy is not None and self.legacy.is_file():
            found.append(self.legacy)
        return sorted(found, key=_mtime, reverse=True)


def notebook_place(folder=None, environ=None, kernel: str | None = None) -> Place:
    """One file per notebook and kernel: `.nnbuilder/autosave/<notebook>-<kernel id prefix>.nnb.json`."""
    stem = notebook_stem(environ)
    kernel = kernel or kernel_id()
    own = name_part(kernel, "")[:8] if kernel else f"p{os.getpid()}"
    return Place(sessions_folder(folder), f"{stem}-", f"{stem}-{own}{SUFFIX}", default_path(folder))


def visitor_place(folder, visitor, tab) -> Place:
    """One file per visitor and browser tab of a served app: `visitor-<visitor>-<tab>.nnb.json`.

    A tab id already held by another live kernel (a duplicated tab copies it) gets a suffix. The
    claim (a `.<file>.owner` file holding this process's id) ends with the place or the process;
    claims of processes that are gone are cleared on the way."""
    folder = Path(folder)
    family = f"visitor-{name_part(visitor, 'anonymous')}-"
    tab = name_part(tab, "tab")
    with contextlib.ExitStack() as claiming:
        with contextlib.suppress(OSError):  # an unwritable folder: the autosave itself will say so
            folder.mkdir(parents=True, exist_ok=True)
            claiming.enter_context(locked(folder / OWNERS))  # two kernels never claim one file at once
        _clear_dead_owners(folder)
        for n in range(1, 1000):
            own = tab if n == 1 else f"{tab}_{n}"
            name = f"{family}{own}{SUFFIX}"
            if _claim(folder / name):
                return _held(Place(folder, family, name))
    return Place(folder, family, f"{family}{tab}_{os.getpid()}{SUFFIX}")


def _owner_file(path: Path) -> Path:
    return path.with_name(f".{path.name}.owner")


def _holder(owner: Path) -> int | None:
    try:
        return int(owner.read_text().strip())
    except (OSError, ValueError):
        return None


def _claim(path: Path) -> bool:
    """Mark `path` as this process's; False when another live process holds it."""
    owner = _owner_file(path)
    holder = _holder(owner)
    if holder is not None and holder != os.getpid() and _alive(holder):
        return False
    with contextlib.suppress(OSError):  # an unwritable folder: the autosave itself will say so
        write_atomic(owner, str(os.getpid()))
    return True


_claims: dict[Path, int] = {}  # owner file -> how many live places of this process hold it


def _held(place: Place) -> Place:
    """`place`, whose claim is given up when the last place for its file is gone or the process ends."""
    owner = _owner_file(place.path)
    _claims[owner] = _claims.get(owner, 0) + 1
    weakref.finalize(place, _release, owner, os.getpid())  # also runs at exit
    return place


def _release(owner: Path, pid: int) -> None:
    _claims[owner] = _claims.get(owner, 1) - 1
    if _claims[owner] > 0:
        return
    del _claims[owner]
    if pid == os.getpid() and _holder(owner) == pid:  # never another process's claim
        with contextlib.suppress(OSError):
            owner.unlink()


def _clear_dead_owners(folder: Path) -> None:
    """Remove the claims of processes that ended without giving them up."""
    with contextlib.suppress(OSError):
        for owner in folder.glob(".visitor-*.owner"):
            holder = _holder(owner)
            if holder is not None and holder != os.getpid() and not _alive(holder):
                with contextlib.suppress(OSError):
                    owner.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def resolve(autosave) -> Path | None:
    """The autosave file for the Builder's `autosave` argument given as a path (None for False/None)."""
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
    """A project found in an autosave file."""

    project: Project
    saved_at: float
    path: Path | None = None

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))

    @property
    def layers(self) -> int:
        return sum(len(graph.nodes) for graph in self.project.models.values())


class ChangedUnderneath(NNBuilderError):
    """The file was changed by someone else since this session read or wrote it: the work went beside it."""

    def __init__(self, path: Path, saved_to: Path):
        super().__init__(f"{path} was changed by someone else; this work was saved to {saved_to}")
        self.path, self.saved_to = path, saved_to


class Autosave:
    """Writes the project to one file after each edit; reads files back for a restore.

    `guarded`: the file may be shared (a served project file, a path given by the user), so each
    write first checks that the file is still what this session last read or wrote; when it is
    not, the work goes to `<stem>.conflict-<time>.nnb.json` beside it and ChangedUnderneath says so.
    """

    def __init__(self, path, *, place: Place | None = None, guarded: bool = False, revision: str | None = None):
        self.path = Path(path)
        self.place = place
        self.guarded = guarded
        self.revision = revision  # what this session last read from or wrote to `path`
        self.last_error: str | None = None
        self.moved: list[Path] = []  # unreadable files of this session, renamed aside and kept
        self.reasons: dict[Path, str] = {}  # why each moved file could not be read
        self.left: dict[Path, str] = {}  # this session's unreadable files that are not its own to move: why
        self.needs_trust = False  # the last file read was refused only because it was read without trust

    def save(self, project: Project) -> None:
        """Write atomically (a temporary file, then a rename): a crash never leaves half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = project.dumps()
        if not self.guarded:
            write_atomic(self.path, text)
            self.revision = revision_of(text)
            return
        written = write_if_unchanged(self.path, text, self.revision)
        if written is None:
            beside = unused_name(self.path.with_name(f"{_stem(self.path.name)}.conflict-{stamp()}{SUFFIX}"))
            write_atomic(beside, text)
            raise ChangedUnderneath(self.path, beside)
        self.revision = written

    def read(self, path: Path | None = None, trust: bool = False) -> Saved | None:
        """The project in `path` (this session's file by default), or None with a reason in `last_error`.

        `trust` as for Project.load; a file refused only for want of it sets `needs_trust`."""
        path = self.path if path is None else Path(path)
        self.last_error, self.needs_trust = None, False
        try:
            data = path.read_bytes()
            saved_at = path.stat().st_mtime
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.last_error = f"cannot read {path}: {exc.strerror or exc}"
            return None
        try:
            project = _parse(data, path, trust)
        except Exception as exc:  # whatever the bytes are, reading them never stops the app
            self.last_error = first_line(exc) or type(exc).__name__
            self.needs_trust = not trust and _readable_with_trust(data, path)
            return None
        if path == self.path:
            self.revision = revision_of(data)
        return Saved(project, saved_at, path)

    def load(self) -> Saved | None:
        """This session's saved project, or None when there is none or it cannot be read (a reason is kept)."""
        return self.read()

    def move_aside(self, reason: str = "") -> Path | None:
        """Rename this session's unreadable file to `<stem>.unreadable-<time>.nnb.json` (kept, never overwritten)."""
        target = unused_name(self.path.with_name(f"{_stem(self.path.name)}.unreadable-{stamp()}{SUFFIX}"))
        try:
            os.replace(self.path, target)
        except OSError:
            return None
        self.revision = None
        self.moved.append(target)
        self.reasons[target] = reason
        return target

    def offer(self, project: Project) -> Saved | None:
        """The newest readable work of this session's kind when it holds something other than `project`.

        This session's own file is read with the trust of `project` (the work running now); when it
        is unreadable it is moved aside first (see `moved`), unless it is a guarded file (a project
        file of the user's or of a served app: never moved) or it was refused only for want of trust.
        Other sessions' files are only read, without trust."""
        paths = self.place.candidates() if self.place is not None else [self.path]
        if self.path not in paths and self.path.exists():
            paths.insert(0, self.path)
        errors = []
        for path in paths:
            own = path == self.path
            saved = self.read(path, trust=own and bool(project.trust))
            if saved is None:
                if self.last_error is not None:
                    errors.append(self.last_error)
                    if own and not self.guarded and not self.needs_trust:
                        self.move_aside(self.last_error)
                    elif own:
                        self.left[path] = self.last_error
                continue
            self.last_error = "; ".join(errors) or None
            if saved.project.to_dict() == project.to_dict() or not saved.layers:
                return None  # nothing other than what is open, or an empty canvas: not worth a question
            return saved
        self.last_error = "; ".join(errors) or None
        return None

    def differs_from(self, project: Project) -> Saved | None:
        """The saved project when it holds something other than `project` (worth offering to restore)."""
        return self.offer(project)


def read_project(path) -> tuple[Project, str]:
    """A project file and its revision, read at once (the revision is of the bytes parsed)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProjectError(f"cannot read {path}: {exc.strerror or exc}") from None
    return _parse(data, path), revision_of(data)


def _parse(data: bytes, path: Path, trust: bool = False) -> Project:
    return Project.loads(data, source=str(path), trust=trust)


def _readable_with_trust(data: bytes, path: Path) -> bool:
    """Whether bytes refused without trust are a project with it (so not unreadable, only untrusted)."""
    try:
        _parse(data, path, trust=True)
    except Exception:
        return False
    return True


def _stem(name: str) -> str:
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else Path(name).stem
