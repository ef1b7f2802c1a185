"""`nnbuilder serve`: run Voila on the app notebook shipped in the package, protected.

Pages need a token (made unless given; only loopback may go without), at most
`max_kernels` kernels run at once, a page's kernel ends when the page closes, idle
kernels are culled, and a stop signal ends Voila and every kernel it started. Each
visitor works in a folder of their own under the work root, and the page loads
nothing from outside the server.
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
from nnbuilder.app._kernel_logs import set_log_levels
from nnbuilder.app._supervise import Supervisor
from nnbuilder.app._voila_config import DEFAULT_CULL_IDLE, DEFAULT_IP, DEFAULT_MAX_KERNELS
from nnbuilder.app.autosave import visitors_root
from nnbuilder.app.session import LANGUAGE_VAR, PROJECT_VAR, TEMPLATE_VAR, WORK_ROOT_VAR
from nnbuilder.data._paths import DATA_ROOT_VAR, PRIVATE_FOLDER
from nnbuilder.document.project import Project
from nnbuilder.errors import NNBuilderError, first_line
from nnbuilder.template_library.loading import templates

NOTEBOOK = config.NOTEBOOK
DEFAULT_PORT = 8866
BROWSER_WAIT_S = 120.0


def free_port(preferred: int = DEFAULT_PORT, ip: str = DEFAULT_IP) -> int:
    """`preferred` when nothing listens there, otherwise any free port on `ip`."""
    if preferred and config.port_is_free(ip, preferred):
        return preferred
    return config.any_free_port(ip)


def voila_command(port: int, open_browser: bool, ip: str = DEFAULT_IP, config_dir: Path | None = None) -> list[str]:
    """Voila's command line; `serve` opens the browser itself (the page address carries the token).

    With `config_dir` (see `_voila_config.write_config` and `write_page`), the page is the titled copy
    of the notebook there, drawn with the page template there."""
    notebook = NOTEBOOK if config_dir is None else config.page_notebook(config_dir)
    command = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", f"--Voila.ip={ip}"]
    command.append("--Voila.port_retries=0")  # the printed address must be the one served
    command.append("--no-browser")
    if config_dir is not None:  # first: it wins over a voila.py in the working folder or Jupyter's config
        command.append(f"--template={config.TEMPLATE}")
        paths = [str(config_dir), os.getcwd(), *_jupyter_config_path()]
        command += [f"--Voila.config_file_paths={path}" for path in paths]
    return command


def _jupyter_config_path() -> list[str]:
    from jupyter_core.paths import jupyter_config_path

    return jupyter_config_path()


def _project_env(project, template, language, work_root=None) -> dict:
    """The environment the app notebook reads: which project, template and language, the served folder
    and the visitors' work root."""
    if template is not None and template not in templates():
        raise NNBuilderError(f"no template called {template!r}; available: {', '.join(templates())}")
    if language not in (None, "en", "zh"):
        raise NNBuilderError(f"language: expected en or zh, got {language!r}")
    env = dict(os.environ)
    env.pop(PROJECT_VAR, None)
    env.pop(TEMPLATE_VAR, None)
    set_log_levels(env)  # before any kernel imports Keras
    env[DATA_ROOT_VAR] = str(Path.cwd())  # visitors' data paths stay inside the served folder
    env.pop(LANGUAGE_VAR, None)
    if language is not None:  # otherwise each visitor's browser remembers their own choice
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
    env[WORK_ROOT_VAR] = str(_work_root(work_root, Path(env[DATA_ROOT_VAR])))
    return env


def _work_root(given, served: Path) -> Path:
    """Where the visitors' work folders go: `given`, or `.nnbuilder/visitors/` in the served folder.

    Refused inside the served folder (outside its `.nnbuilder/`, whose files are never data): every visitor
    could read the others' work there through a data path."""
    if given is None:
        return visitors_root(served)
    root = Path(given).expanduser().resolve()
    served = served.resolve()
    private = served / PRIVATE_FOLDER
    inside = root == served or served in root.parents
    if (inside and not (root == private or private in root.parents)) or root in served.parents:
        raise NNBuilderError(
            f"--work-root {given}: expected a folder outside the served folder {served} (or inside its "
            f"{PRIVATE_FOLDER}/), where visitors could read each other's work as data"
        )
    if root.exists() and not root.is_dir():
        raise NNBuilderError(f"--work-root {given}: expected a folder, found a file")
    return root


def _check_loads(project) -> None:
    """Refuse a project file the app could not open, before any server starts (errors name it as given)."""
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
    language=None,
    ip=DEFAULT_IP,
    token=None,
    no_token=False,
    max_kernels=DEFAULT_MAX_KERNELS,
    cull_idle=DEFAULT_CULL_IDLE,
    work_root=None,
) -> int:
    """Serve the app until Voila exits or a stop signal (SIGINT, SIGTERM, SIGHUP) arrives."""
    if importlib.util.find_spec("voila") is None:
        raise NNBuilderError("the app needs Voila: pip install voila")
    env = _project_env(project, template, language, work_root)
    secret = config.choose_token(ip, token, no_token)
    if port is None:
        port = free_port(DEFAULT_PORT, ip)
    elif not config.port_is_free(ip, port):
        raise NNBuilderError(f"port {port} on {ip or 'all addresses'} is in use (leave --port out to pick a free one)")
    folder = Path(tempfile.mkdtemp(prefix="nnbuilder-serve-"))
    try:
        config.write_config(folder, secret, max_kernels, cull_idle)
        config.write_page(folder, language or "en")
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(folder), env.get("JUPYTER_PATH")]))  # the template
        url = config.page_url(ip, port, secret)
        print(f"nnbuilder: the app is at {url} (Ctrl+C stops it)", flush=True)
        if open_browser:
            _open_browser_when_up(ip, port, folder, url)
        return Supervisor(voila_command(port, open_browser, ip, folder), env).run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
