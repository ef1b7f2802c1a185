"""`nnbuilder serve`: run Voila on the app notebook shipped in the package, protected.

Pages need a token (made unless given; only loopback may go without), at most
`max_kernels` kernels run at once, a page's kernel ends when the page closes, idle
kernels are culled, and a stop signal ends Voila and every kernel it started.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import webbrowser
from pathlib import Path

from nnbuilder.app import _voila_config as config
from nnbuilder.app._supervise import Supervisor
from nnbuilder.app._voila_config import DEFAULT_CULL_IDLE, DEFAULT_IP, DEFAULT_MAX_KERNELS
from nnbuilder.app.autosave import sessions_folder
from nnbuilder.app.session import AUTOSAVE_VAR, LANGUAGE_VAR, PROJECT_VAR, TEMPLATE_VAR
from nnbuilder.data._paths import DATA_ROOT_VAR
from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.template_library import templates

NOTEBOOK = Path(__file__).resolve().parent / "app.ipynb"
DEFAULT_PORT = 8866
BROWSER_WAIT_S = 120.0


def free_port(preferred: int = DEFAULT_PORT, ip: str = DEFAULT_IP) -> int:
    """`preferred` when nothing listens there, otherwise any free port on `ip`."""
    if preferred and config.port_is_free(ip, preferred):
        return preferred
    return config.any_free_port(ip)


def voila_command(port: int, open_browser: bool, ip: str = DEFAULT_IP, config_dir: Path | None = None) -> list[str]:
    """Voila's command line; `serve` opens the browser itself (the page address carries the token)."""
    command = [sys.executable, "-m", "voila", str(NOTEBOOK), f"--port={port}", f"--Voila.ip={ip}"]
    command.append("--Voila.port_retries=0")  # the printed address must be the one served
    command.append("--no-browser")
    if config_dir is not None:  # first: it wins over a voila.py in the working folder or Jupyter's config
        paths = [str(config_dir), os.getcwd(), *_jupyter_config_path()]
        command += [f"--Voila.config_file_paths={path}" for path in paths]
    return command


def _jupyter_config_path() -> list[str]:
    from jupyter_core.paths import jupyter_config_path

    return jupyter_config_path()


def _project_env(project, template, language) -> dict:
    """The environment the app notebook reads: which project, template and language."""
    if template is not None and template not in templates():
        raise NNBuilderError(f"no template called {template!r}; available: {', '.join(templates())}")
    if language not in ("en", "zh"):
        raise NNBuilderError(f"language: expected en or zh, got {language!r}")
    env = dict(os.environ)
    env.pop(PROJECT_VAR, None)
    env.pop(TEMPLATE_VAR, None)
    env[AUTOSAVE_VAR] = str(sessions_folder())  # beside where the command ran, not inside the package
    env[DATA_ROOT_VAR] = str(Path.cwd())  # visitors' data paths stay inside the served folder
    env[LANGUAGE_VAR] = language
    if project is not None:
        path = Path(project).resolve()
        if not path.exists() and template is None:
            raise NNBuilderError(f"no such project file: {project} (add --template NAME to start one there)")
        if not path.parent.is_dir():
            raise NNBuilderError(f"no such folder: {path.parent}")
        if path.exists():
            _check_loads(project)
        env[PROJECT_VAR] = str(path)
        env[DATA_ROOT_VAR] = str(path.parent)
    if template is not None:
        env[TEMPLATE_VAR] = template
    return env


def _check_loads(project) -> None:
    """Refuse a project file the app could not open, before any server starts (errors name it as given)."""
    from nnbuilder.project import Project

    try:
        Project.load(project)
    except NNBuilderError as exc:
        raise NNBuilderError(f"the project cannot be opened: {first_line(exc)}") from None
    except Exception as exc:  # noqa: BLE001 - any reason is reported on one line
        raise NNBuilderError(f"the project cannot be opened: {project}: {first_line(exc)}") from None


def _open_browser_when_up(ip: str, port: int, folder: Path, url: str) -> None:
    """Open the page once the server listens, through a private file: the token stays off the process list."""
    page = folder / "open.html"
    page.touch(mode=0o600)
    page.write_text(f'<meta http-equiv="refresh" content="0; url={url}"><a href="{url}">nnbuilder</a>\n')
    host = "127.0.0.1" if ip in config.ALL_ADDRESSES else ip.strip("[]")

    def wait_then_open():
        deadline = time.monotonic() + BROWSER_WAIT_S
        while time.monotonic() < deadline:
            try:
                socket.create_connection((host, port), timeout=1).close()
            except OSError:
                time.sleep(0.3)
                continue
            webbrowser.open(page.as_uri())
            return

    threading.Thread(target=wait_then_open, daemon=True).start()


def serve(
    project=None,
    template=None,
    port=None,
    open_browser=True,
    language="en",
    ip=DEFAULT_IP,
    token=None,
    no_token=False,
    max_kernels=DEFAULT_MAX_KERNELS,
    cull_idle=DEFAULT_CULL_IDLE,
) -> int:
    """Serve the app until Voila exits or a stop signal (SIGINT, SIGTERM, SIGHUP) arrives."""
    if importlib.util.find_spec("voila") is None:
        raise NNBuilderError("the app needs Voila: pip install voila")
    env = _project_env(project, template, language)
    secret = config.choose_token(ip, token, no_token)
    if port is None:
        port = free_port(DEFAULT_PORT, ip)
    elif not config.port_is_free(ip, port):
        raise NNBuilderError(f"port {port} on {ip or 'all addresses'} is in use (leave --port out to pick a free one)")
    folder = Path(tempfile.mkdtemp(prefix="nnbuilder-serve-"))
    try:
        config.write_config(folder, secret, max_kernels, cull_idle)
        url = config.page_url(ip, port, secret)
        print(f"nnbuilder: the app is at {url} (Ctrl+C stops it)", flush=True)
        if open_browser:
            _open_browser_when_up(ip, port, folder, url)
        return Supervisor(voila_command(port, open_browser, ip, folder), env).run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
