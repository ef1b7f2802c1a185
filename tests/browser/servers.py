"""Real JupyterLab and Voila servers for browser tests and benchmarks.

Each server runs as a subprocess in its own process group, listens on a free
loopback port, uses a private set of Jupyter config/data/runtime dirs (the
venv's own share/jupyter stays visible: JupyterLab's app dir and the anywidget
and ipywidgets lab extensions live there) and writes its log to a file that
the tests attach to failure reports.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from nnbuilder.app import serve as app_serve

STARTUP_TIMEOUT = 90.0
CHROMIUM = os.environ.get("NNB_CHROMIUM", "/usr/bin/chromium")
# Headless Debian chromium on a machine that reaches only loopback: no sandbox as root,
# no GPU, and none of chromium's own background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    return app_serve.free_port(0)


def isolated_env(home: Path) -> dict:
    """Environment for a server: private Jupyter user dirs under `home`.

    Only the per-user locations are moved; sys.prefix (the venv) stays on
    Jupyter's search paths, so the venv's kernelspec, lab app dir and lab
    extensions are found as usual. The venv's bin comes first on PATH so a
    kernelspec saying "python" means this interpreter.
    """
    env = dict(os.environ)
    dirs = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "IPYTHONDIR": home / "ipython",
        "JUPYTERLAB_SETTINGS_DIR": home / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "lab-workspaces",
    }
    for key, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[key] = str(path)
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    # A kernel stopped with SIGABRT writes every thread's stack to the server's log (see `Server.stop`).
    env["PYTHONFAULTHANDLER"] = "1"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("KERAS_BACKEND", "tensorflow")
    # Kernels must not try the network (nothing but loopback is reachable).
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def _descendants(pid: int) -> list[int]:
    """Pids of all live descendants of `pid` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _no_core_files() -> None:
    """No core files from this process and those it starts (kernels aborted for their stacks are big)."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def processes(pid: int) -> list[str]:
    """One line for each live descendant of `pid`: its state, CPU seconds, resident memory and command line."""
    ticks, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
    out = []
    for child in _descendants(pid):
        proc = Path("/proc") / str(child)
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        rss = int(fields[21]) * page / 2**20
        out.append(f"{child} {fields[0]} cpu {cpu:.1f} s, {rss:.0f} MB: {command[:160]}")
    return out


RUNNING: dict[int, Server] = {}  # started and not yet stopped: their logs go into failure reports
STOPPED: list[Server] = []  # stopped during the current test (a `with` block ended): reports still show their logs


class Server:
    """One server subprocess: start, wait until it answers, stop, read its log."""

    def __init__(self, name: str, cmd: list, cwd: Path, env: dict, url: str, probe: str, log_path: Path,
                 poll_interval: float = 0.25):  # fmt: skip
        self.name, self.cmd, self.cwd, self.env = name, cmd, cwd, env
        self.url, self.probe, self.log_path = url.rstrip("/"), probe, log_path
        self.poll_interval = poll_interval
        self.proc: subprocess.Popen | None = None
        self._log = None
        self.launched_at = self.answered_at = 0.0  # wall times of the launch and the first answer
        self.last_processes: list[str] = []  # its processes as a failing test stopped it

    def start(self, timeout: float = STARTUP_TIMEOUT) -> Server:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        _no_core_files()
        self.launched_at = time.time()
        self.proc = subprocess.Popen(
            self.cmd,
            cwd=self.cwd,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        RUNNING[id(self)] = self
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_text()[-3000:]}")
            if self._answers():
                self.answered_at = time.time()
                return self
            time.sleep(self.poll_interval)
        self.stop()
        raise RuntimeError(
            f"{self.name} did not answer {self.url}{self.probe} in {timeout:.0f} s:\n{self.log_text()[-3000:]}"
        )

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + self.probe, timeout=2) as resp:
                return resp.status < 500
        except urllib.error.HTTPError as exc:  # any HTTP answer means it listens
            return exc.code < 500
        except OSError:
            return False

    def stop(self, failing: bool | None = None) -> None:
        """SIGTERM the process group (the server shuts its kernels down), then
        SIGKILL whatever is left, kernels included (they run in their own
        process groups).

        When a test `failing` stops it (by default: while an exception is on its way out, as in a
        `finally`), its processes are noted first, and its kernels are sent SIGABRT: each writes
        where its threads stand into the log as it dies."""
        proc = self.proc
        if proc is None:
            return
        self.proc = None
        RUNNING.pop(id(self), None)
        STOPPED.append(self)
        if failing is None:
            failing = sys.exc_info()[0] is not None
        if failing:
            self.last_processes = processes(proc.pid)
            _abort_kernels(kernel_pids(proc.pid))
        family = _descendants(proc.pid)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        for pid in family:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def __enter__(self) -> Server:
        return self

    def __exit__(self, kind, *exc) -> None:
        self.stop(failing=kind is not None)


def _abort_kernels(kernels: list[int], timeout: float = 10) -> None:
    """SIGABRT each kernel and wait up to `timeout` seconds until they are gone. Their servers are frozen
    (SIGSTOP) meanwhile, so that none starts a kernel again in the place of one that died."""
    parents = {_parent(pid) for pid in kernels} - {None, os.getpid()}
    for pid in parents:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGSTOP)
    try:
        for pid in kernels:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGABRT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(map(_alive, kernels)):
            time.sleep(0.1)
    finally:
        for pid in parents:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGCONT)


def _parent(pid: int) -> int | None:
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie has ended: only its parent has not collected it yet)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def write_lab_settings(settings_dir: Path, theme: str | None = None) -> None:
    """User settings: no news/update toasts; optionally a theme ("JupyterLab Dark")."""
    notes = settings_dir / "@jupyterlab" / "apputils-extension"
    notes.mkdir(parents=True, exist_ok=True)
    (notes / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True})
    )
    if theme is not None:
        (notes / "themes.jupyterlab-settings").write_text(json.dumps({"theme": theme}))


def _start_jupyter(
    kind: str, root: Path, home: Path, theme: str | None, log_path: Path | None, app_options: list[str]
) -> Server:
    """`jupyter <kind>` (lab or notebook) serving `root` on a free port, no token, the app as window.jupyterapp."""
    env = isolated_env(home)
    settings = home / "lab-settings"
    write_lab_settings(settings, theme)
    app = {"lab": "LabApp", "notebook": "JupyterNotebookApp"}[kind]
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        kind,
        "--no-browser",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        "--ServerApp.open_browser=False",
        f"--{app}.user_settings_dir={settings}",
        f"--{app}.workspaces_dir={home / 'lab-workspaces'}",
        f"--{app}.expose_app_in_browser=True",
        *app_options,
        "--ServerApp.terminals_enabled=False",
        "--ServerApp.jpserver_extensions=jupyter_lsp=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--ServerApp.allow_root=True")
    name = {"lab": "jupyterlab", "notebook": "notebook7"}[kind]
    server = Server(name, cmd, root, env, f"http://127.0.0.1:{port}", "/api/status", log_path or home / f"{name}.log")
    return server.start()


def start_lab(root: Path, home: Path, theme: str | None = None, log_path: Path | None = None) -> Server:
    """JupyterLab serving `root` on a free port, no token, the app exposed as window.jupyterapp."""
    quiet = [
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    return _start_jupyter("lab", root, home, theme, log_path, quiet)


def start_notebook7(root: Path, home: Path, log_path: Path | None = None) -> Server:
    """Jupyter Notebook 7 (`jupyter notebook`) serving `root` on a free port, no token, the app as window.jupyterapp."""
    return _start_jupyter("notebook", root, home, None, log_path, [])


def start_voila(root: Path, notebook: str, home: Path, log_path: Path | None = None) -> Server:
    """Voila rendering `root/notebook` on a free port."""
    env = isolated_env(home)
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        notebook,
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=True",
        "--Voila.port_retries=0",
        # Notebook 7's lab extension (installed beside Voila) cannot load in a Voila page: it throws in the console.
        '--VoilaConfiguration.extension_denylist=["@jupyter-notebook/lab-extension"]',
    ]
    # Probe a path that renders nothing: GET / would start a kernel and run the notebook.
    server = Server(
        "voila", cmd, root, env, f"http://127.0.0.1:{port}", "/voila/static/nnb-probe", log_path or home / "voila.log"
    )
    return server.start()


def start_serve(cwd: Path, home: Path, args: list, log_path: Path) -> Server:
    """`nnbuilder serve ARGS --no-browser` on a free port; `page_url` is the address it printed (token included)."""
    port = free_port()
    command = [sys.executable, "-m", "nnbuilder", "serve", *args, "--no-browser", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    # Probe a path that renders nothing: GET / may start a kernel.
    server = Server("nnbuilder serve", command, cwd, isolated_env(home), url, "/voila/static/nnb-probe", log_path)
    server.start()
    server.port = port
    server.page_url = next(
        line.split("the app is at ", 1)[1].split()[0]
        for line in server.log_text().splitlines()
        if "the app is at " in line
    )
    return server


def kernel_pids(pid: int) -> list[int]:
    """Kernel processes among the descendants of `pid`."""
    out = []
    for child in _descendants(pid):
        try:
            if b"ipykernel" in (Path("/proc") / str(child) / "cmdline").read_bytes():
                out.append(child)
        except OSError:
            continue
    return out


def wait_until(condition, timeout: float, what: str, interval: float = 0.2, page=None):
    """Poll `condition` until it returns something truthy; fail naming `what` after `timeout` seconds.

    With a Playwright `page`, wait through it: its events are delivered only while Playwright waits.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        if page is not None:
            page.wait_for_timeout(interval * 1000)
        else:
            time.sleep(interval)
