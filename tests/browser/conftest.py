"""Fixtures for the real-browser tests: one headless Debian chromium, one
JupyterLab and one Voila server for the session, and failure artifacts
(page screenshots, browser console, server logs) under test-artifacts/."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from tests.browser import servers
from tests.browser.notebooks import STATE, StateFile, write_editor_notebook
from tests.browser.servers import CHROMIUM, launch_chromium

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
VIEWPORT = {"width": 1400, "height": 1000}

# Uncaught errors and rejections, kept in the page so waits can stop early on them.
ERROR_CATCHER = """
window.__nnbErrors = [];
window.addEventListener('error', (e) => window.__nnbErrors.push(String(e.message || e.error)));
window.addEventListener('unhandledrejection', (e) => window.__nnbErrors.push(String(e.reason && e.reason.message
                                                                                     || e.reason)));
"""

# What a failing test leaves behind: pages still open, servers still running.
LIVE_PAGES: dict = {}
LIVE_SERVERS: dict = {}
# Pages a failing test closed on its way out (a `finally`): what they showed as they closed.
CLOSED_PAGES: dict = {}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM} (CI is set, so the browser tests must run)")
        pytest.skip(f"chromium not found at {CHROMIUM}; install Debian's chromium to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright (python) is not installed")
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser_tmp():
    path = Path(tempfile.mkdtemp(prefix="nnb-browser-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _serve(kind: str, browser_tmp: Path):
    root = browser_tmp / f"{kind}-root"
    root.mkdir()
    write_editor_notebook(root, buttons=(kind == "voila"))
    home = browser_tmp / f"{kind}-home"
    log = browser_tmp / f"{kind}.log"
    if kind == "lab":
        server = servers.start_lab(root, home, log_path=log)
    else:
        server = servers.start_voila(root, "editor.ipynb", home, log_path=log)
    server.root = root
    server.state = StateFile(root / STATE)
    LIVE_SERVERS[kind] = server
    return server


@pytest.fixture(scope="session")
def lab_server(browser, browser_tmp):
    server = _serve("lab", browser_tmp)
    yield server
    LIVE_SERVERS.pop("lab", None)
    server.stop()


@pytest.fixture(scope="session")
def voila_server(browser, browser_tmp):
    server = _serve("voila", browser_tmp)
    yield server
    LIVE_SERVERS.pop("voila", None)
    server.stop()


def open_page(browser, name: str):
    """A new page whose console output and errors are kept for failure reports."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(ERROR_CATCHER)
    page = context.new_page()
    page.nnb_console = []
    page.on("console", lambda msg: page.nnb_console.append(f"[{msg.type}] {msg.text}"))
    page.on("pageerror", lambda exc: page.nnb_console.append(f"[pageerror] {exc}"))
    LIVE_PAGES[name] = page
    return page


def close_page(name: str) -> None:
    page = LIVE_PAGES.pop(name, None)
    if page is None:
        return
    if sys.exc_info()[0] is not None:  # closed while a failure propagates: keep what it showed for the report
        CLOSED_PAGES[name] = _snapshot(page)
    page.context.close()


def _snapshot(page) -> dict:
    """What `page` shows now: its address, text, console and a screenshot (None where unreadable)."""
    shown = _page_text(page)
    try:
        picture = page.screenshot(full_page=False, timeout=10_000)
    except Exception:  # the text above says enough
        picture = None
    return {"url": page.url, "shown": shown, "console": list(getattr(page, "nnb_console", [])), "png": picture}


# The page's visible text; on a page that shows none (still loading, or blank), the text it holds hidden.
_TEXT = """() => { const body = document.body; if (!body) return '(no body)';
  const seen = body.innerText.trim(); if (seen) return seen.slice(0, 1500);
  const copy = body.cloneNode(true); copy.querySelectorAll('script, style').forEach((e) => e.remove());
  return '(nothing visible; hidden text: ' + copy.textContent.replace(/\\s+/g, ' ').trim().slice(0, 1200) + ')'; }"""


def _page_text(page) -> str:
    try:  # a page that hangs (the test may have failed for that) answers nothing: 5 s, then say so
        return page.wait_for_function(_TEXT, timeout=5_000).json_value()
    except Exception as exc:  # a crashed, closed or hung page
        return f"(unreadable: {exc!r})"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Each report covers its own test: forget the pages closed and servers stopped before it."""
    CLOSED_PAGES.clear()
    servers.STOPPED.clear()


_FRESH = []


def _save_artifacts(nodeid: str) -> None:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)[-120:]
    if not _FRESH:  # this run's artifacts only
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        _FRESH.append(True)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, page in list(LIVE_PAGES.items()):
        try:
            page.screenshot(path=str(ARTIFACTS / f"{stem}.{name}.png"), full_page=False, timeout=10_000)
        except Exception as exc:  # a crashed page must not hide the test's own failure
            (ARTIFACTS / f"{stem}.{name}.screenshot-error.txt").write_text(repr(exc))
        (ARTIFACTS / f"{stem}.{name}.console.txt").write_text("\n".join(getattr(page, "nnb_console", [])))
    for name, seen in CLOSED_PAGES.items():
        if seen["png"] is not None:
            (ARTIFACTS / f"{stem}.{name}.closed.png").write_bytes(seen["png"])
        (ARTIFACTS / f"{stem}.{name}.closed.console.txt").write_text("\n".join(seen["console"]))
    for kind, server in _servers():
        (ARTIFACTS / f"{stem}.{kind}-server.log").write_text(server.log_text())
        state = server.state.read() if getattr(server, "state", None) is not None else None
        if state is not None:
            (ARTIFACTS / f"{stem}.{kind}-state.json").write_text(json.dumps(state, indent=1))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("setup", "call") and "tests/browser" in item.nodeid.replace("\\", "/"):
        try:
            _save_artifacts(item.nodeid)
            report.sections.append(("what the pages and servers showed", _digest()))
        except Exception as exc:  # pragma: no cover - best effort
            report.sections.append(("artifacts", f"could not save failure artifacts: {exc!r}"))


def _servers() -> list[tuple[str, object]]:
    """The servers a failure report covers: the named ones, any other still running, those this test stopped."""
    named = list(LIVE_SERVERS.items())
    known = {id(server) for _kind, server in named}
    others = [*servers.RUNNING.values(), *servers.STOPPED]
    return named + [(server.name.replace(" ", "-"), server) for server in others if id(server) not in known]


# Lines every page or server prints, which would push what went wrong out of a short report.
_NOISE = ("Unsatisfied version", "No satisfying version", "Available versions:", "extension was successfully")


def _tail(text: str, lines: int) -> str:
    return "\n".join([line for line in text.splitlines() if not any(n in line for n in _NOISE)][-lines:])


def _digest() -> str:
    """A short account printed with the failure, for runs whose artifacts folder is out of reach (CI)."""
    parts = []
    for name, page in list(LIVE_PAGES.items()):
        shown = _page_text(page)
        console = _tail("\n".join(getattr(page, "nnb_console", [])), 30)
        parts.append(f"--- page {name} at {page.url}\n{shown}\n--- its console (last lines)\n{console}")
    for name, seen in CLOSED_PAGES.items():
        console = _tail("\n".join(seen["console"]), 30)
        parts.append(f"--- page {name} at {seen['url']}, as it closed\n{seen['shown']}\n--- its console\n{console}")
    for kind, server in _servers():
        running = server.proc is not None
        family = servers.processes(server.proc.pid) if running else server.last_processes
        if family:
            when = "now" if running else "as the test stopped it"
            parts.append(f"--- {kind} server's processes ({when})\n" + "\n".join(family))
        lines = 30 if running or not family else 150  # its aborted kernels' stacks end the log
        parts.append(f"--- {kind} server log (last lines)\n{_tail(server.log_text(), lines)}")
    return "\n".join(parts)
