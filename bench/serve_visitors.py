"""What one visitor of `nnbuilder serve` costs and waits: memory per idle visitor, and page open to a usable canvas.

Memory: `nnbuilder serve --template mnist_cnn --no-token` in a fresh temporary folder; N visitors (each a
browser context of its own in headless Debian chromium) open the page and do nothing. Once every
editor is ready, the kernels' memory is read from /proc every 0.5 s until it has stood still for
5 s; printed per kernel: RSS and PSS (shared pages split between the processes that share them).
The same again with Keras preloaded at page load (what the app did before: a notebook that calls
`preload_keras()` after `builder_app()`, served by plain Voila), for comparison.

Page open to canvas: visitors one after another (the previous page closed), each timed on the page's
own clock from navigation start: `ready` when the editor's `el.nnb.ready` has resolved, `clicked`
when a click on a node (aimed at where the canvas draws it, issued as soon as `ready`) selected it.

Goals: under 400 MB per idle visitor (RSS), under 5 s from page open to a usable canvas.
Prints the figures; asserts nothing.
Run: `python bench/serve_visitors.py [--visitors 3] [--rounds 3] [--template mnist_cnn]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import servers  # noqa: E402
from tests.browser.conftest import VIEWPORT  # noqa: E402
from tests.browser.servers import CHROMIUM, launch_chromium  # noqa: E402

TIMEOUT_S = 240.0
STILL_S = 5.0  # memory that has not moved this long counts as settled
STILL_MB = 4.0
PROBE_PATH = "/voila/static/nnb-probe"  # answers without starting a kernel
GOAL_MB, GOAL_S = 400, 5.0
# Installed before any page script: notes when the editor's `ready` resolves, and when a node is first selected.
TIMING_SCRIPT = """
(() => {
  const look = setInterval(() => {
    const el = document.querySelector('.nnb-editor');
    if (!el || !el.nnb || !el.nnb.ready) return;
    clearInterval(look);
    el.nnb.cy.one('select', 'node', () => { window.__nnbClickedAt = performance.now(); });
    el.nnb.ready.then(() => { window.__nnbReadyAt = performance.now(); });
  }, 2);
})();
"""
PRELOAD_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "app",
            "metadata": {},
            "outputs": [],
            "source": [
                "from nnbuilder.app.builder import preload_keras\n",
                "from nnbuilder.app.session import builder_app\n",
                "\n",
                "app = builder_app()\n",
                "preload_keras()\n",
                "app",
            ],
        }
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _kib(path: Path, field: str) -> int | None:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def kernel_memory(pid: int) -> dict[int, tuple[float, float]]:
    """Kernel pid -> (RSS MB, PSS MB) for the kernels started under `pid`."""
    out = {}
    for kernel in servers.kernel_pids(pid):
        rss = _kib(Path(f"/proc/{kernel}/status"), "VmRSS")
        pss = _kib(Path(f"/proc/{kernel}/smaps_rollup"), "Pss")
        if rss is not None:
            out[kernel] = (rss / 1024, (pss or 0) / 1024)
    return out


def settled_memory(pid: int, kernels: int) -> dict[int, tuple[float, float]]:
    """The kernels' memory once all `kernels` of them exist and their total stood still for STILL_S seconds."""
    deadline = time.monotonic() + TIMEOUT_S
    history: list[tuple[float, float]] = []
    while time.monotonic() < deadline:
        now = kernel_memory(pid)
        if len(now) == kernels:
            total = sum(rss for rss, _ in now.values())
            history.append((time.monotonic(), total))
            recent = [t for at, t in history if at >= history[-1][0] - STILL_S]
            if history[-1][0] - history[0][0] >= STILL_S and max(recent) - min(recent) < STILL_MB:
                return now
        time.sleep(0.5)
    raise RuntimeError(f"the kernels' memory did not settle in {TIMEOUT_S:.0f} s")


def open_editor(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__nnbReadyAt !== undefined", timeout=TIMEOUT_S * 1000)
    return page


def serve_app(folder: Path, tmp: Path, template: str, preload: bool):
    """The app served on a free port: `nnbuilder serve`, or plain Voila on the preloading notebook."""
    env = servers.isolated_env(tmp / "home")
    port = servers.free_port()
    url = f"http://127.0.0.1:{port}"
    if not preload:
        command = [sys.executable, "-m", "nnbuilder", "serve", "--template", template, "--no-browser", "--no-token"]
        command += ["--port", str(port)]
    else:
        (folder / "app.ipynb").write_text(json.dumps(PRELOAD_NOTEBOOK))
        env.update({"NNBUILDER_TEMPLATE": template, "NNBUILDER_WORK_ROOT": str(folder / ".nnbuilder" / "visitors")})
        env["NNBUILDER_DATA_ROOT"] = str(folder)
        command = [sys.executable, "-m", "voila", "app.ipynb", "--no-browser", f"--port={port}"]
        command += ["--Voila.ip=127.0.0.1", "--Voila.port_retries=0"]
    server = servers.Server("app", command, folder, env, url, PROBE_PATH, tmp / "serve.log", 0.05)
    return server.start(TIMEOUT_S)


def idle_visitors(browser, template: str, visitors: int, preload: bool) -> dict[int, tuple[float, float]]:
    tmp = Path(tempfile.mkdtemp(prefix="nnb-visitors-"))
    folder = tmp / "served"
    folder.mkdir()
    contexts = []
    server = None
    try:
        server = serve_app(folder, tmp, template, preload)
        for _ in range(visitors):
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(TIMING_SCRIPT)
            contexts.append(context)
            open_editor(context, server.url + "/")
        return settled_memory(server.proc.pid, visitors)
    finally:
        for context in contexts:
            context.close()
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def page_open_times(browser, template: str, rounds: int) -> list[tuple[float, float]]:
    """(ready s, clicked s) from navigation start, one visitor after another."""
    tmp = Path(tempfile.mkdtemp(prefix="nnb-canvas-"))
    folder = tmp / "served"
    folder.mkdir()
    server = serve_app(folder, tmp, template, preload=False)
    times = []
    try:
        for _ in range(rounds):
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(TIMING_SCRIPT)
            try:
                page = open_editor(context, server.url + "/")
                point = page.evaluate(
                    """() => { const cy = document.querySelector('.nnb-editor').nnb.cy;
                        const box = cy.container().getBoundingClientRect(), node = cy.nodes('[layer]').last();
                        const at = node.renderedPosition();
                        return {x: box.left + at.x, y: box.top + at.y}; }"""
                )
                page.mouse.click(point["x"], point["y"])
                page.wait_for_function("() => window.__nnbClickedAt !== undefined", timeout=TIMEOUT_S * 1000)
                ready, clicked = page.evaluate("() => [window.__nnbReadyAt, window.__nnbClickedAt]")
                times.append((ready / 1000, clicked / 1000))
            finally:
                context.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return times


def memory_lines(title: str, memory: dict[int, tuple[float, float]]) -> list[str]:
    rss = [r for r, _ in memory.values()]
    pss = [p for _, p in memory.values()]
    lines = [f"  {title}: {len(memory)} kernels"]
    lines.append(f"    RSS per visitor  median {statistics.median(rss):7.0f} MB  max {max(rss):7.0f} MB")
    lines.append(f"    PSS per visitor  median {statistics.median(pss):7.0f} MB  max {max(pss):7.0f} MB")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=3, help="idle visitors at once (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="page opens to time (default 3)")
    parser.add_argument("--template", default="mnist_cnn", help="template the app opens (default mnist_cnn)")
    args = parser.parse_args(argv)
    if args.visitors < 1 or args.rounds < 1:
        parser.error("--visitors and --rounds: expected whole numbers of 1 or more")
    if not Path(CHROMIUM).exists():
        sys.exit(f"chromium not found at {CHROMIUM}")
    os.environ.pop("NNBUILDER_TEMPLATE", None)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            served = idle_visitors(browser, args.template, args.visitors, preload=False)
            preloaded = idle_visitors(browser, args.template, args.visitors, preload=True)
            times = page_open_times(browser, args.template, args.rounds)
        finally:
            browser.close()
    print(f"nnbuilder serve --template {args.template}: {args.visitors} idle visitors (goal: under {GOAL_MB} MB each)")
    for line in memory_lines("served (Keras imported at the first build)", served):
        print(line)
    for line in memory_lines("Keras preloaded at page load (before)", preloaded):
        print(line)
    saved = statistics.median(r for r, _ in preloaded.values()) - statistics.median(r for r, _ in served.values())
    print(f"    not preloading saves {saved:.0f} MB per idle visitor (RSS)")
    print(f"page open to a usable canvas, {args.rounds} visitors one after another (goal: under {GOAL_S:.0f} s)")
    for name, index in (("editor ready", 0), ("a node click selects it", 1)):
        values = [t[index] for t in times]
        median = statistics.median(values)
        print(f"  {name:<28}median {median:6.2f} s  min {min(values):6.2f} s  max {max(values):6.2f} s")


if __name__ == "__main__":
    main()
