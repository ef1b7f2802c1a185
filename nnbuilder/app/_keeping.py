"""The Builder's side that keeps work: where this session autosaves, what happens when a save fails
or a shared file changed underneath, and the offer to restore autosaved work."""

from __future__ import annotations

from html import escape

import ipywidgets

from nnbuilder.app import autosave as _autosave
from nnbuilder.document import files as _files
from nnbuilder.document.project import Project
from nnbuilder.errors import first_line
from nnbuilder.locale.app_text import text


class Keeping:
    """Mixed into the Builder: its autosave, held messages and restore bar."""

    def _leave_file(self) -> None:
        """Another project replaces the one from `path`: edits no longer go into that file, but into
        this session's own place (in a notebook its kernel's; a served tab's once its browser said)."""
        if self.autosave is not None and self.path is not None and self.autosave.path == self.path:
            if self._place is None and getattr(self, "visitor_ids", None) is None:  # a notebook
                self._place = _autosave.notebook_place()
            self.autosave = _autosave.Autosave(self._place.path, place=self._place) if self._place else None
        self.path = None

    def _autosave_now(self, project: Project) -> bool:
        """Write the autosave file, unless the work in it is still offered back (then it is kept).

        A failure stays on a held line until a save succeeds; a shared file changed by someone else
        is left alone and the work goes beside it (said on a held line too). Returns whether it wrote."""
        if self.autosave is None or self._restore_pending is not None:
            return False
        return self._write_kept(project)

    def _write_kept(self, project: Project, quiet: bool = True) -> bool:
        """Write through the autosave; a failure is held on screen (and raised unless `quiet`)."""
        try:
            self.autosave.save(project)
        except _autosave.ChangedUnderneath as exc:
            if self.path == exc.path:
                self.path = exc.saved_to  # Save goes on into the copy, never over the other version
            self.autosave = _autosave.Autosave(exc.saved_to, guarded=True, revision=_files.revision(exc.saved_to))
            self.messages.hold("conflict", "conflict", dismissable=True, file=str(exc.path), copy=str(exc.saved_to))
            self.messages.release("autosave")
            return False
        except Exception as exc:
            self.messages.hold("autosave", "autosave_failing", kind="error", message=first_line(exc) or repr(exc))
            if not quiet:
                raise
            return False
        self.messages.release("autosave")
        return True

    def use_place(self, place) -> None:
        """Autosave this session into `place` from now on (a served tab, once the browser said who it is);
        the newest work of the same kind is offered back."""
        self._place = place
        if self.autosave is not None and self.path is not None and self.autosave.path == self.path:
            return  # edits go into the project file; the place serves after leaving it
        self.autosave = _autosave.Autosave(place.path, place=place)
        if self._offer_restore(self.editor.project):
            self.gallery.hide()

    # ------------------------------------------------------------ restore
    def _offer_restore(self, project: Project) -> bool:
        """Show the restore bar when the autosave file holds other work; returns whether it did."""
        if self.autosave is None:
            return False
        moved_before = len(self.autosave.moved)
        saved = self.autosave.offer(project)
        for moved in self.autosave.moved[moved_before:]:
            reason = self.autosave.reasons.get(moved, "")
            self.messages.hold(f"moved-{moved.name}", "autosave_moved", dismissable=True,
                               file=str(self.autosave.path), moved=str(moved), reason=reason)  # fmt: skip
        for left, reason in self.autosave.left.items():
            self.messages.hold(f"left-{left.name}", "autosave_left", dismissable=True, file=str(left), reason=reason)
        if saved is None:
            return False
        self._restore_pending = saved
        restore = ipywidgets.Button(button_style="primary", icon="history")
        discard = ipywidgets.Button()
        restore.add_class("nnb-restore-yes")
        discard.add_class("nnb-restore-no")
        restore.on_click(self._guard(lambda _b: self._answer_restore(True), "restore"))
        discard.on_click(self._guard(lambda _b: self._answer_restore(False), "discard"))
        self._restore_bar.children = [ipywidgets.HTML(), restore, discard]
        self._label_restore_bar()
        self._restore_bar.layout.display = ""
        return True

    def _label_restore_bar(self) -> None:
        saved = self._restore_pending
        if saved is None:
            return
        line, restore, discard = self._restore_bar.children
        name = escape(saved.project.name or "—")
        line.value = text(self.language, "restore_found", when=saved.when, name=name, layers=saved.layers)
        restore.description = text(self.language, "restore")
        discard.description = text(self.language, "discard")

    def _answer_restore(self, accept: bool) -> None:
        saved, self._restore_pending = self._restore_pending, None
        self._restore_bar.layout.display = "none"
        if saved is None:
            return
        if accept:
            self._leave_file()  # the restored work is not the opened file's content
            self.project = saved.project  # an edit: autosaved again, and undoable
            self.messages.info(text(self.language, "restored", when=saved.when))
        else:
            self._autosave_now(self.editor.project)
