"""A real JupyterHub for the browser tests, as docs/classroom.md sets one up, made small: on loopback,
in a temporary folder, one shared password, and single-user servers that run as this OS user but
each in a home (and notebook folder) of its own, holding the app notebook."""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from pathlib import Path

from nnbuilder.app import _voila_config as voila_config
from tests.browser import servers

REPO = Path(__file__).resolve().parents[2]
PROXY = REPO / "widgets" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "a-classroom-password"
NOTEBOOK = "nnbuilder.ipynb"
START_TIMEOUT = 180  # a single-user server on a busy machine

CONFIG = """\
# JupyterHub for one test run (see tests/browser/hub.py).
import json
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner

HOMES = Path({homes!r})
NOTEBOOK = {notebook!r}
NOTEBOOK_TEXT = {notebook_text!r}

c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.ConfigurableHTTPProxy.debug = False
c.JupyterHub.db_url = "sqlite:///" + {database!r}
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.JupyterHub.pid_file = {pid_file!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allow_all = True

# Every user: this machine's user, a home of their own (HOME and the notebook folder), the app notebook in it.
c.JupyterHub.spawner_class = SimpleLocalProcessSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{{username}}")
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/voila/render/" + NOTEBOOK
c.Spawner.environment = {environment!r}
c.Spawner.start_timeout = {start_timeout!r}
c.Spawner.http_timeout = {start_timeout!r}


def put_the_app_in_the_home(spawner):
    home = Path(spawner.home_dir)
    home.mkdir(parents=True, exist_ok=True)
    notebook = home / NOTEBOOK
    if not notebook.exists():
        notebook.write_text(NOTEBOOK_TEXT, encoding="utf-8")


c.Spawner.pre_spawn_hook = put_the_app_in_the_home
"""


def write_page(folder: Path, language: str = "en") -> str:
    """What `nnbuilder page FOLDER` writes (the app notebook, its page template); returns the notebook's text."""
    folder.mkdir(parents=True, exist_ok=True)
    voila_config.write_server_config(folder)
    return voila_config.write_page(folder, language, NOTEBOOK).read_text(encoding="utf-8")


def write_config(base: Path) -> tuple[Path, int]:
    """The hub's config file in `base/hub`; (its path, the hub's public port)."""
    folder = base / "hub"
    folder.mkdir(parents=True, exist_ok=True)
    port, hub_port, proxy_api_port = servers.free_port(), servers.free_port(), servers.free_port()
    while len({port, hub_port, proxy_api_port}) < 3:
        hub_port, proxy_api_port = servers.free_port(), servers.free_port()
    page = base / "page"
    environment = {
        "JUPYTER_PATH": str(page),  # where Voila finds the page template, as docs/classroom.md sets it
        "JUPYTER_CONFIG_PATH": str(page),  # and the server its settings
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONUNBUFFERED": "1",
        "KERAS_BACKEND": "tensorflow",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    text = CONFIG.format(
        homes=str(base / "homes"),
        notebook=NOTEBOOK,
        notebook_text=write_page(page),
        port=port,
        hub_port=hub_port,
        proxy_api_port=proxy_api_port,
        proxy=str(PROXY),
        proxy_token="proxy-" + base.name,
        database=str(folder / "jupyterhub.sqlite"),
        cookie_secret=str(folder / "cookie_secret"),
        pid_file=str(folder / "jupyterhub.pid"),
        password=PASSWORD,
        singleuser=str(Path(sys.executable).parent / "jupyterhub-singleuser"),
        environment=environment,
        start_timeout=START_TIMEOUT,
        args=["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [],  # as this machine's user
    )
    path = folder / "jupyterhub_config.py"
    path.write_text(text, encoding="utf-8")
    return path, port


def start_hub(base: Path) -> servers.Server:
    """JupyterHub (and its proxy) started from `base/hub`; `.homes` is where the users' homes go."""
    config, port = write_config(base)
    env = servers.isolated_env(base / "hub-home")
    command = [sys.executable, "-m", "jupyterhub", "-f", str(config)]
    url = f"http://127.0.0.1:{port}"
    server = servers.Server("jupyterhub", command, config.parent, env, url, "/hub/api", base / "jupyterhub.log")
    server.start(START_TIMEOUT)
    try:  # the proxy answers (404) before the hub has put its route in: wait for the hub's own answer
        servers.wait_until(lambda: _hub_answers(url), START_TIMEOUT, "the hub's API through its proxy")
    except AssertionError:
        server.stop()
        raise
    server.homes = base / "homes"
    return server


def _hub_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/hub/api", timeout=5) as answer:
            return answer.status == 200 and "version" in json.loads(answer.read())
    except (OSError, ValueError):
        return False


def log_in(page, hub_url: str, user: str, password: str = PASSWORD) -> None:
    """Log `user` in on the hub's login page; the hub then starts their server and opens the app."""
    page.goto(f"{hub_url}/hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(password)
    page.locator("#login_submit").click()
