"""An invisible widget that saves files from Python through the user's browser.

`Downloader().download(data, "model.keras")` hands the bytes to the page as a
message buffer; the page saves them with a Blob and a temporary `<a download>`
click. It works alike in JupyterLab and in a Voila app, where the kernel's own
files are out of the user's reach. The widget takes no room, but it must be on
the page (displayed, or inside a displayed box) to save anything.
"""

from __future__ import annotations

import itertools
import re
import uuid

import anywidget
import ipywidgets
import traitlets

from nnbuilder.ui._static import bundle_text

_NOT_IN_NAMES = re.compile(r"[\x00-\x1f\x7f/\\]")
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w.+-]*/[\w.+-]+(\s*;\s*[\w.+-]+=[^;\s]+)*$")


def plain_file_name(value, field: str = "filename") -> str:
    """`value` when it is a plain file name (no folders, no control characters), else a clear error."""
    example = "such as 'model.py'"
    if not isinstance(value, str):
        raise TypeError(f"{field}: expected a file name {example}, got {type(value).__name__}")
    if (
        not value.strip()
        or value != value.strip()
        or value in (".", "..")
        or _NOT_IN_NAMES.search(value)
        or len(value.encode("utf-8")) > 255
    ):
        raise ValueError(
            f"{field}: expected a plain file name {example} (no folders, no control characters, "
            f"no spaces around it, at most 255 bytes), got {value!r}"
        )
    return value


def _payload(data) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"data: expected bytes or str (text is saved as UTF-8), got {type(data).__name__}")


def _media_type(mime) -> str:
    if not isinstance(mime, str) or not _MEDIA_TYPE.match(mime):
        raise ValueError(f"mime: expected a media type such as 'application/octet-stream' or 'text/csv', got {mime!r}")
    return mime


MAX_BYTES = 256 * 2**20  # the file is held by the kernel, the server and the page at once


class Downloader(anywidget.AnyWidget):
    """Save bytes or text from Python as a file in the user's browser.

    Display it once (it is invisible), then call `download(data, filename)` as
    often as needed. With several views of it on a page, the file is saved once.
    """

    _widget = traitlets.Unicode("downloader", read_only=True, help="Which app widget the browser draws.").tag(sync=True)

    def __init__(self, *, layout=None):
        self._esm = bundle_text("app.js")
        self._css = bundle_text("app.css")
        self._ids = (f"{uuid.uuid4().hex}-{n}" for n in itertools.count())
        super().__init__(layout=layout if layout is not None else ipywidgets.Layout(display="none"))

    def download(self, data: bytes | str, filename: str, mime: str = "application/octet-stream") -> None:
        """Have the browser save `data` (bytes, or str saved as UTF-8) as `filename`."""
        payload = _payload(data)
        if len(payload) > MAX_BYTES:
            raise ValueError(
                f"data: {len(payload) / 2**20:.0f} MB is too large to send through the browser "
                f"(at most {MAX_BYTES // 2**20} MB); write it to a file instead, e.g. app.export(path)"
            )
        name = plain_file_name(filename)
        media = _media_type(mime)
        message = {"type": "download", "id": next(self._ids), "filename": name, "mime": media, "size": len(payload)}
        self.send(message, buffers=[payload])
