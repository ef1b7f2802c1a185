"""`nnbuilder serve`: run Voila on the app notebook shipped in the package, on loopback."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

from nnbuilder.app.autosave import default_path
from nnbuilder.app.session import AUTOSAVE_VAR, LANGUAGE_VAR, PROJECT_VAR, TEMPLATE_VAR
from nnbuilder.errors import NNBuilderError
from nnbuilder.template_library import templates

NOTEBOOK = Path(__file__).resolve().parent / "app.ipynb"
DEFAULT_PORT = 8866


def free_port(preferred: int = DEFAULT_PORT) -> int:
    """`preferred` when nothing listens there, otherwise any free loopback port."""
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise NNBuilderError("no free port on 127.0.0.1")


def voila_command(port: int, open_browser: bool) -> list[str]:
    command = [sys.executable, "-m", "voila", str(NOTEBOOK), f"--port={port}", "--Voila.ip=127.0.0.1"]
    command.append("--Voila.port_retries=0")  # the printed address must be the one served
    if not open_browser:
        command.append("--no-browser")
    return command


def serve(project=None, template=None, port=None, open_browser=True, language="en") -> int:
    """Serve the app until interrupted; returns Voila's exit status."""
    if importlib.util.find_spec("voila") is None:
        raise NNBuilderError("the app needs Voila: pip install voila")
    if template is not None and template not in templates():
        raise NNBuilderError(f"no template called {template!r}; available: {', '.join(templates())}")
    env = dict(os.environ)
    env.pop(PROJECT_VAR, None)
    env.pop(TEMPLATE_VAR, None)
    env[AUTOSAVE_VAR] = str(default_path())  # beside where the command ran, not inside the package
    if language not in ("en", "zh"):
        raise NNBuilderError(f"language: expected en or zh, got {language!r}")
    env[LANGUAGE_VAR] = language
    if project is not None:
        path = Path(project).resolve()
        if not path.exists() and template is None:
            raise NNBuilderError(f"no such project file: {project} (add --template NAME to start one there)")
        if not path.parent.is_dir():
            raise NNBuilderError(f"no such folder: {path.parent}")
        env[PROJECT_VAR] = str(path)
    if template is not None:
        env[TEMPLATE_VAR] = template
    port = free_port(DEFAULT_PORT) if port is None else port
    print(f"nnbuilder: the app is at http://127.0.0.1:{port}/ (Ctrl+C stops it)", flush=True)
    return subprocess.call(voila_command(port, open_browser), env=env)
