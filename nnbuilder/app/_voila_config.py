"""The Voila settings of `nnbuilder serve`: address checks, the token, the config file Voila reads,
and the page: the app notebook with the app's title, drawn by a template that loads nothing
from outside the server.

The token goes in a private config file rather than on Voila's command line, where any
user of the machine could read it in the process list.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import re
import secrets
import socket
from pathlib import Path

from nnbuilder.errors import NNBuilderError
from nnbuilder.locale.app_text import text

DEFAULT_IP = "127.0.0.1"
DEFAULT_MAX_KERNELS = 8
DEFAULT_CULL_IDLE = 600  # seconds
NOTEBOOK = Path(__file__).resolve().parent / "app.ipynb"
TEMPLATE = "nnbuilder"  # the page template `write_page` writes under <folder>/voila/templates/

CONFIG_NAME = "voila.py"
ALL_ADDRESSES = ("", "0.0.0.0", "::")
TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~-]+")

CONFIG_TEMPLATE = """\
# Written by `nnbuilder serve` for this run only; Voila reads it at start.
from nnbuilder.app._voila_server import set_xsrf_cookie

c.Voila.token = {token!r}
c.VoilaConfiguration.multi_kernel_manager_class = "nnbuilder.app._voila_server.BoundedKernelManager"
c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie
# Notebook 7's JupyterLab extension throws in Voila's page (it expects the notebook shell).
c.VoilaConfiguration.extension_denylist = ["@jupyter-notebook/lab-extension"]
c.BoundedKernelManager.max_kernels = {max_kernels!r}
c.MappingKernelManager.cull_idle_timeout = {cull_idle!r}
c.MappingKernelManager.cull_interval = {cull_interval!r}
c.MappingKernelManager.cull_connected = False
"""


def is_loopback(ip: str) -> bool:
    """Whether `ip` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if ip.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip.strip("[]")).is_loopback
    except ValueError:
        return False


def choose_token(ip: str, token: str | None, no_token: bool) -> str:
    """The token pages must carry: the one given, a new random one, or "" (only on loopback)."""
    if no_token:
        if not is_loopback(ip):
            raise NNBuilderError(
                f"--no-token is refused with --ip {ip or '(all addresses)'}: anyone who reaches it could start "
                "kernels; leave --no-token out (a token is made) or give --token"
            )
        return ""
    if token is not None:
        if not TOKEN_CHARS.fullmatch(token):
            raise NNBuilderError("--token: expected letters, digits, '-', '_', '.' or '~' (it goes in the address)")
        return token
    return secrets.token_hex(24)


def cull_interval(cull_idle: int) -> int:
    """How often the culler looks: a quarter of the idle time, between 1 s and a minute."""
    return min(60, max(1, cull_idle // 4))


def write_config(folder: Path, token: str, max_kernels: int, cull_idle: int) -> Path:
    if max_kernels < 1:
        raise NNBuilderError(f"--max-kernels: expected at least 1, got {max_kernels}")
    if cull_idle < 0:
        raise NNBuilderError(f"--cull-idle: expected seconds >= 0 (0: never cull), got {cull_idle}")
    path = Path(folder) / CONFIG_NAME
    text = CONFIG_TEMPLATE.format(
        token=token, max_kernels=max_kernels, cull_idle=cull_idle, cull_interval=cull_interval(cull_idle)
    )
    path.touch(mode=0o600)
    path.write_text(text, encoding="utf-8")
    return path


# Voila's lab template, less its stylesheet links to a CDN (Font Awesome: Voila's own bundle already
# carries it, fonts included) and the Mermaid loader (the app draws no diagrams). Jinja gives the
# parent block as text; lines naming another server are left out.
PAGE_TEMPLATE = """\
{%- extends 'voila/templates/lab/index.html.j2' -%}
{%- block notebook_css -%}
{%- set parent_css -%}{{ super() }}{%- endset -%}
{%- for line in parent_css.split('\\n') if not ('<link' in line and '://' in line) %}
{{ line }}
{%- endfor %}
{%- endblock notebook_css -%}
{%- block html_head_js_mermaidjs -%}
{%- endblock html_head_js_mermaidjs -%}
"""


def page_notebook(folder: Path, name: str = NOTEBOOK.name) -> Path:
    return Path(folder) / name


def write_page(folder: Path, language: str, name: str = NOTEBOOK.name) -> Path:
    """The app notebook (`name`) titled in `language`, and the page template, in `folder`; returns the
    notebook. The notebook names the template, so Voila draws it with that one wherever it is opened
    (`nnbuilder serve`, a JupyterHub user's server), provided `folder` is on JUPYTER_PATH there.

    A page's kernel runs in the notebook's folder, so it runs here rather than inside the installed package."""
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    metadata = notebook.setdefault("metadata", {})
    metadata["title"] = text(language, "page_title")
    metadata["voila"] = {"template": TEMPLATE}
    path = page_notebook(folder, name)
    path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")
    template = Path(folder) / "voila" / "templates" / TEMPLATE
    template.mkdir(parents=True, exist_ok=True)
    (template / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    (template / "index.html.j2").write_text(PAGE_TEMPLATE, encoding="utf-8")
    return path


# A Jupyter server of its own (JupyterHub's) gives Voila no MathJax settings, so Voila's page loads MathJax
# from a CDN; with the address and configuration set to none it does not, as under `nnbuilder serve`.
SERVER_CONFIG = {"ServerApp": {"tornado_settings": {"mathjax_url": None, "mathjax_config": None}}}
SERVER_CONFIG_NAME = "jupyter_server_config.json"


def write_server_config(folder: Path) -> Path:
    """The Jupyter server settings for a server that shows the page (read once `folder` is on JUPYTER_CONFIG_PATH)."""
    path = Path(folder) / SERVER_CONFIG_NAME
    path.write_text(json.dumps(SERVER_CONFIG, indent=1), encoding="utf-8")
    return path


def page_url(ip: str, port: int, token: str) -> str:
    """The address to print and open: the page, with its token."""
    host = socket.gethostname() if ip in ALL_ADDRESSES else ip
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/" + (f"?token={token}" if token else "")


def _family(ip: str) -> int:
    return socket.AF_INET6 if ":" in ip else socket.AF_INET


def port_is_free(ip: str, port: int) -> bool:
    """Whether Voila can listen on `ip:port`; a one-line error when `ip` is not this machine's."""
    with socket.socket(_family(ip)) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Voila will: TIME_WAIT is no obstacle
        try:
            probe.bind((ip.strip("[]"), port))
        except socket.gaierror as exc:
            raise NNBuilderError(f"--ip {ip}: not an address ({exc.strerror})") from None
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise NNBuilderError(f"cannot listen on {ip}: {exc.strerror}") from None
    return True


def any_free_port(ip: str) -> int:
    with socket.socket(_family(ip)) as probe:
        probe.bind((ip.strip("[]"), 0))
        return probe.getsockname()[1]
