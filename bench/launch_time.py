"""Launch-to-interactive time of `nnbuilder serve`, measured from the process launch.

Each round runs `python -m nnbuilder serve --template mnist_cnn --no-browser --port P`
in a fresh temporary folder (fresh Jupyter user dirs, no autosave) and opens the page in
headless chromium (Debian's /usr/bin/chromium, started once before the rounds, a new
browser context each round) as soon as the server answers. Milestones:

  answers       the server answers HTTP
  drawn         the editor canvas shows the template's nodes
  interactive   a palette click added a node and Python has it: the visitor's autosave file
                (under .nnbuilder/visitors/ in the folder) holds the new node
  keras ready   the kernel's `import keras` has finished (the served app imports Keras at
                the first build or training, so an idle page normally shows "—": the probe
                asks for KERAS_WAIT_S seconds after the page is interactive); read through
                a second kernel client that evaluates a one-line expression about sys.modules
                every 0.1 s. It starts asking only once the page is interactive: requests
                from a second client while Voila runs the notebook delay the page by many
                seconds. A value equal to "interactive" therefore means Keras was ready by then.

Prints the median and the minimum of each milestone; asserts nothing.
Run: `python bench/launch_time.py [--rounds 3] [--template mnist_cnn]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import servers  # noqa: E402
from tests.browser.conftest import VIEWPORT  # noqa: E402
from tests.browser.servers import CHROMIUM, launch_chromium  # noqa: E402

MILESTONES = (
    ("answers", "server answers HTTP"),
    ("drawn", "editor canvas drawn"),
    ("interactive", "palette click saved by Python"),
    ("keras", "Keras imported in the kernel"),
)
PROBE_PATH = "/voila/static/nnb-probe"  # answers without starting a kernel
ADDED_LAYER = "Dropout"
TIMEOUT_S = 180.0
KERAS_WAIT_S = 5.0
# True once `import keras` has finished in the kernel: while a module is still being
# imported, importlib keeps `__spec__._initializing` set on it.
KERAS_READY = (
    "(lambda m: m is not None and not getattr(getattr(m, '__spec__', None), '_initializing', False))"
    "(__import__('sys').modules.get('keras'))"
)


class KerasProbe(threading.Thread):
    """Finds the kernel Voila started (its connection file lies in the round's TMPDIR) and asks
    it every `interval` seconds whether Keras has been imported; `seen_at` is the wall time it
    first had, `at_once` whether it had already at the first question."""

    def __init__(self, folder: Path, deadline: float, interval: float = 0.1):
        super().__init__(name="keras-probe", daemon=True)
        self.folder, self.deadline, self.interval = folder, deadline, interval
        self.seen_at: float | None = None
        self.at_once = False
        self.problem: str | None = None
        self._halt = threading.Event()

    def halt(self) -> None:
        self._halt.set()

    def run(self) -> None:
        from jupyter_client import BlockingKernelClient

        connection = None
        while connection is None and not self._waited(0.05):
            found = sorted(self.folder.glob("voila_*/kernel-*.json"))
            connection = found[0] if found else None
        if connection is None:
            self.problem = "no kernel connection file appeared"
            return
        client = BlockingKernelClient()
        try:
            client.load_connection_file(str(connection))
            client.start_channels()
            asked = 0
            while not self._waited(self.interval if asked else 0):
                asked += 1
                msg_id = client.execute("", silent=True, store_history=False, user_expressions={"ready": KERAS_READY})
                reply = self._reply(client, msg_id)
                if reply is None:
                    continue
                value = reply.get("user_expressions", {}).get("ready", {})
                if value.get("status") == "ok" and value["data"].get("text/plain") == "True":
                    self.seen_at = time.time()
                    self.at_once = asked == 1
                    return
            self.problem = self.problem or "Keras was not imported before the time limit"
        finally:
            client.stop_channels()

    def _reply(self, client, msg_id: str) -> dict | None:
        while time.time() < self.deadline and not self._halt.is_set():
            try:
                msg = client.get_shell_msg(timeout=1)
            except Exception:  # queue.Empty: no answer yet
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]
        return None

    def _waited(self, seconds: float) -> bool:
        """Sleep; True when it is time to give up."""
        return self._halt.wait(seconds) or time.time() > self.deadline


def _node_ids(path: Path) -> set[str] | None:
    try:
        document = json.loads(path.read_text())
        return {node["id"] for graph in document["models"].values() for node in graph["nodes"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not written yet, or being replaced


def one_round(browser, template: str) -> dict:
    """Milestone name -> seconds since the launch (None when one was not reached)."""
    from nnbuilder import load_template

    models = load_template(template).models.values()
    template_ids = {node.id for graph in models for node in graph.nodes}
    sizes = sorted({len(graph.nodes) for graph in models})  # the canvas draws one model: any of them
    tmp = Path(tempfile.mkdtemp(prefix="nnb-launch-"))
    folder = tmp / "work"
    folder.mkdir()
    env = servers.isolated_env(tmp / "home")
    env["TMPDIR"] = str(tmp)  # Voila keeps the kernel's connection file under TMPDIR
    port = servers.free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "nnbuilder", "serve", "--template", template, "--no-browser", "--port", str(port)]
    command.append("--no-token")  # loopback only: the page opens without the token's login step
    server = servers.Server("nnbuilder serve", command, folder, env, url, PROBE_PATH, tmp / "serve.log", 0.02)
    probe = None
    context = None
    times: dict = dict.fromkeys(name for name, _ in MILESTONES)
    try:
        server.start(TIMEOUT_S)
        times["answers"] = server.answered_at - server.launched_at
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(url + "/", wait_until="commit")
        drawn = page.wait_for_function(
            """(sizes) => { const e = document.querySelector('.nnb-editor');
                return e && e.nnb && e.nnb.cy && sizes.includes(e.nnb.cy.nodes('[layer]').length) && Date.now(); }""",
            arg=sizes,
            timeout=TIMEOUT_S * 1000,
        )
        times["drawn"] = drawn.json_value() / 1000 - server.launched_at
        page.locator(f".nnb-palette-item[data-layer='{ADDED_LAYER}']").click()
        autosaves = folder / ".nnbuilder" / "visitors"  # the visitor's own file appears in their folder
        deadline = time.time() + TIMEOUT_S
        while time.time() < deadline:
            ids = next(filter(None, map(_node_ids, sorted(autosaves.rglob("visitor-*.nnb.json")))), None)
            if ids is not None and len(ids - template_ids) == 1:
                times["interactive"] = time.time() - server.launched_at
                break
            time.sleep(0.01)
        else:
            raise RuntimeError(f"the added {ADDED_LAYER} never reached {autosaves}:\n{server.log_text()[-3000:]}")
        probe = KerasProbe(tmp, time.time() + KERAS_WAIT_S)
        probe.start()
        probe.join(TIMEOUT_S + 5)
        if probe.at_once:  # ready before the page was interactive: no finer answer
            times["keras"] = times["interactive"]
        elif probe.seen_at is not None:
            times["keras"] = probe.seen_at - server.launched_at
        elif probe.problem:
            print(f"  keras ready not measured: {probe.problem}", file=sys.stderr)
    finally:
        if probe is not None:
            probe.halt()
        if context is not None:
            context.close()
        server.stop()
        if probe is not None:
            probe.join(5)
        shutil.rmtree(tmp, ignore_errors=True)
    return times


def table(rounds: list[dict]) -> str:
    lines = [f"  {'milestone (s from launch)':<40}{'median':>9}{'min':>9}{'max':>9}"]
    for name, title in MILESTONES:
        values = [r[name] for r in rounds if r[name] is not None]
        if not values:
            lines.append(f"  {title:<40}{'—':>9}{'—':>9}{'—':>9}")
            continue
        missing = f"  ({len(rounds) - len(values)} rounds without)" if len(values) < len(rounds) else ""
        median = statistics.median(values)
        lines.append(f"  {title:<40}{median:>8.2f}s{min(values):>8.2f}s{max(values):>8.2f}s{missing}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="launches to time (default 3)")
    parser.add_argument("--template", default="mnist_cnn", help="template the app opens (default mnist_cnn)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error(f"--rounds: expected a whole number of 1 or more, got {args.rounds}")
    from nnbuilder import templates

    if args.template not in templates():
        parser.error(f"--template: expected one of {', '.join(templates())}, got {args.template!r}")
    if not Path(CHROMIUM).exists():
        sys.exit(f"chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    rounds = []
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            for i in range(args.rounds):
                times = one_round(browser, args.template)
                shown = ", ".join(f"{k} {v:.2f}s" if v is not None else f"{k} —" for k, v in times.items())
                print(f"  round {i + 1}: {shown}", flush=True)
                rounds.append(times)
        finally:
            browser.close()
    print(f"nnbuilder serve --template {args.template}: launch to interactive ({args.rounds} rounds)")
    print(table(rounds))


if __name__ == "__main__":
    main()
