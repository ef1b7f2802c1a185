"""The app served to a class through JupyterHub (docs/classroom.md): two users log in with the shared
password, each opens the app in Voila on a single-user server of their own and makes an edit, and
each one's autosave lands in their own home, never in the other's. Nothing the hub started (the proxy,
the single-user servers, their kernels) outlives it."""

from __future__ import annotations

import os
import time
import urllib.parse
from pathlib import Path

import pytest

from nnbuilder import Project, ProjectError
from tests.browser import hub, servers
from tests.browser.conftest import close_page, open_page
from tests.browser.editor_steps import wait_editor

GONE_WITHIN_S = 10.0  # seconds for the processes of a stopped hub to be gone
NODES = "() => { const e = document.querySelector('.nnb-editor'); return e && e.nnb ? e.nnb.cy.nodes().length : -1; }"


@pytest.fixture
def jupyterhub(browser, browser_tmp):
    if not hub.PROXY.exists():
        message = f"configurable-http-proxy not found at {hub.PROXY}: run `cd widgets && npm install`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = hub.start_hub(browser_tmp / "hub")
    try:
        yield server
    finally:
        family = servers._descendants(server.proc.pid) if server.proc is not None else []
        server.stop()
        deadline = time.monotonic() + GONE_WITHIN_S  # a killed process takes a moment to leave the table
        while (left := _alive(family)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not left, f"processes of the hub outlived it: {[_command(pid) for pid in left]}"


def _alive(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}").exists() and _state(pid) not in ("Z", "X")]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "X"


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:160]
    except OSError:
        return "?"


def autosaves(home: Path) -> dict[Path, int]:
    """The autosave files under `home` and how many layers each holds (-1 while unreadable)."""
    found = {}
    for path in home.glob(".nnbuilder/visitors/*/autosave/*.nnb.json"):
        try:
            found[path] = len(Project.load(path).graph.nodes)
        except (ProjectError, OSError):
            found[path] = -1
    return found


def open_the_app(browser, server, user: str):
    page = open_page(browser, f"hub-{user}")
    page.nnb_outside = []  # requests for hosts other than this machine (a classroom may have no internet)
    page.on("request", lambda request: _note_outside(page, request.url))
    hub.log_in(page, server.url, user)
    page.wait_for_url(f"**/user/{user}/voila/render/{hub.NOTEBOOK}*", timeout=hub.START_TIMEOUT * 1000)
    wait_editor(page, hub.START_TIMEOUT * 1000)
    return page


def _note_outside(page, url: str) -> None:
    if urllib.parse.urlsplit(url).hostname not in (None, "127.0.0.1", "localhost"):
        page.nnb_outside.append(url)


def add_layers(page, layer: str, count: int) -> None:
    for n in range(1, count + 1):
        page.locator(f".nnb-palette-item[data-layer='{layer}']").click()
        page.wait_for_function(f"() => ({NODES})() === {n}", timeout=30_000)


def test_two_users_of_a_hub_keep_their_work_in_their_own_homes(browser, jupyterhub):
    server = jupyterhub
    alice_home, bob_home = server.homes / "alice", server.homes / "bob"
    try:
        alice = open_the_app(browser, server, "alice")
        assert alice.title() == "nnbuilder: build a neural network"
        assert not alice.nnb_outside, f"the page asked hosts outside this machine for {alice.nnb_outside}"
        bob = open_the_app(browser, server, "bob")
        add_layers(alice, "Input", 1)
        add_layers(bob, "Input", 2)
        servers.wait_until(lambda: 1 in autosaves(alice_home).values(), 60, "Alice's autosave", page=alice)
        servers.wait_until(lambda: 2 in autosaves(bob_home).values(), 60, "Bob's autosave", page=bob)
        assert list(autosaves(alice_home).values()) == [1], autosaves(alice_home)  # Bob's edits are not here
        assert list(autosaves(bob_home).values()) == [2], autosaves(bob_home)
        alice_folders = {p.name for p in (alice_home / ".nnbuilder" / "visitors").iterdir()}
        bob_folders = {p.name for p in (bob_home / ".nnbuilder" / "visitors").iterdir()}
        assert alice_folders.isdisjoint(bob_folders)
    finally:
        close_page("hub-alice")
        close_page("hub-bob")
