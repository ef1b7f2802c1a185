"""Keeping TensorFlow's start-up log out of the app's page.

TensorFlow's C++ side writes its log lines (and absl's "before InitializeLog" warning) straight to
file descriptor 2. In a Jupyter kernel whatever reaches that descriptor is sent to the page as
stderr output, which JupyterLab and Voila draw as a red box. The served app sets the backend's
log levels before Keras is first imported and drops those lines from the kernel's stderr; anything
else written there (a Python warning, a traceback, a fatal `F` line) still shows.
"""

from __future__ import annotations

import os
import re
import sys

# Read by TensorFlow when it loads: only errors from its C++ side, none of gRPC's chatter.
LOG_LEVELS = {"TF_CPP_MIN_LOG_LEVEL": "3", "GRPC_VERBOSITY": "ERROR"}

# absl lines ("I0000 00:00:1796549808.235652   21925 cudart_stub.cc:31] ..."), info to error;
# absl's notice before its logging starts; the second line of TensorFlow's CPU-features notice.
NATIVE_LINE = re.compile(
    r"[IWE]\d{4} \d\d:\d\d:\d+\.\d+\s+\d+ [\w.+-]+:\d+\] "
    r"|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|To enable the following instructions: .* in other operations, rebuild TensorFlow"
)


def set_log_levels(environ=None) -> None:
    """The backend's log levels, unless the environment already names them (must run before Keras loads)."""
    environ = os.environ if environ is None else environ
    for name, value in LOG_LEVELS.items():
        environ.setdefault(name, value)


def without_native_lines(text: str) -> str:
    """`text` without TensorFlow's and absl's native log lines."""
    return "".join(line for line in text.splitlines(keepends=True) if not NATIVE_LINE.match(line))


def in_kernel_stream(stream) -> bool:
    """Whether `stream` is a Jupyter kernel's output stream (what it gets is sent to the page)."""
    return type(stream).__module__.startswith("ipykernel.")


def drop_native_lines(stream=None) -> bool:
    """Filter the kernel's stderr stream (the one that forwards file descriptor 2 to the page) so that native
    log lines never reach the page; returns whether it is filtered (False outside a kernel)."""
    stream = sys.stderr if stream is None else stream
    if isinstance(stream, _DropsNativeLines):
        return True
    if not in_kernel_stream(stream):
        return False
    stream.__class__ = _quiet_class(type(stream))
    return True


class _DropsNativeLines:
    """Mixed into the kernel stream's class. IPython swaps `stream.write` around every cell (to keep what a
    cell printed), so `write` is a property: whatever is set, what is called drops native lines first."""

    @property
    def write(self):
        inner = self.__dict__.get("_nnb_write") or super().write

        def write(text, *args, **kwargs):
            if isinstance(text, str) and NATIVE_LINE.search(text):
                kept = without_native_lines(text)
                if kept:
                    inner(kept, *args, **kwargs)
                return len(text)
            return inner(text, *args, **kwargs)

        write._nnb_inner = inner
        return write

    @write.setter
    def write(self, value) -> None:
        while hasattr(value, "_nnb_inner"):  # one of ours given back: keep what it wraps, never a chain
            value = value._nnb_inner
        if getattr(value, "__func__", None) is type(self)._nnb_base.write:
            value = None  # the stream's own method: the property reaches it itself
        self.__dict__["_nnb_write"] = value


_quiet_classes: dict[type, type] = {}


def _quiet_class(base: type) -> type:
    if base not in _quiet_classes:
        members = {"_nnb_base": base, "__module__": __name__}
        _quiet_classes[base] = type(f"Quiet{base.__name__}", (_DropsNativeLines, base), members)
    return _quiet_classes[base]


def quiet_backend() -> None:
    """Both at once: the log levels, then the filter on the kernel's stderr."""
    set_log_levels()
    drop_native_lines()
