"""Two visitors of one `nnbuilder serve` app: each browser tab autosaves into its own file, neither
sees nor overwrites the other's work, a reload offers the tab's own work back, and Open… refuses
a file too large at once, in the browser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from nnbuilder import Project, ProjectError, load_template
from tests.browser import servers
from tests.browser.conftest import close_page, open_page

LAYERS = len(load_template("mnist_mlp").graph.nodes)
EDITOR_NODES = (
    "() => { const e = document.querySelector('.nnb-editor'); return e && e.nnb ? e.nnb.cy.nodes().length : -1; }"
)
IDS = "() => [localStorage.getItem('nnbuilder.visitor'), sessionStorage.getItem('nnbuilder.tab')]"


def serve_command(port: int) -> list[str]:
    """`nnbuilder serve` of a template; `--no-token` where `serve` has tokens (loopback may go without)."""
    command = [sys.executable, "-m", "nnbuilder", "serve", "--template", "mnist_mlp", "--port", str(port)]
    command.append("--no-browser")
    usage = subprocess.run([*command[:4], "--help"], capture_output=True, text=True, timeout=120).stdout
    return [*command, "--no-token"] if "--no-token" in usage else command


def nodes_in(path: Path) -> int:
    try:
        return len(Project.load(path).graph.nodes)
    except ProjectError:  # not written yet (each write is atomic, so never half a file)
        return -1


def open_app(page, url: str, nodes: int) -> Path:
    page.goto(url + "/")
    page.wait_for_function(f"() => ({EDITOR_NODES})() === {nodes}", timeout=120_000)
    visitor, tab = page.wait_for_function(
        f"() => {{ const ids = ({IDS})(); return ids[0] && ids[1] && ids; }}"
    ).json_value()
    return Path(visitor, "autosave", f"visitor-{visitor}-{tab}.nnb.json")  # in the visitor's work folder


def add_dropout(page, expected: int) -> None:
    page.locator(".nnb-palette-item[data-layer='Dropout']").click()  # nothing selected: added unconnected
    page.wait_for_function(f"() => ({EDITOR_NODES})() === {expected}", timeout=30_000)


def test_two_visitors_keep_their_own_work(browser, browser_tmp):
    folder = browser_tmp / "sessions"
    folder.mkdir()
    saves = folder / ".nnbuilder" / "visitors"
    port = servers.free_port()
    url = f"http://127.0.0.1:{port}"
    env = servers.isolated_env(browser_tmp / "sessions-home")
    log = browser_tmp / "sessions.log"
    with servers.Server("nnbuilder serve", serve_command(port), folder, env, url, "/", log).start():
        alice, bob = open_page(browser, "alice"), open_page(browser, "bob")
        try:
            alice_file = saves / open_app(alice, url, LAYERS)
            add_dropout(alice, LAYERS + 1)
            servers.wait_until(
                lambda: nodes_in(alice_file) == LAYERS + 1, 60, "Alice's edit in her own file", page=alice
            )
            alice_saved = alice_file.read_text()

            bob_file = saves / open_app(bob, url, LAYERS)
            assert bob_file != alice_file
            add_dropout(bob, LAYERS + 1)
            add_dropout(bob, LAYERS + 2)
            servers.wait_until(lambda: nodes_in(bob_file) == LAYERS + 2, 60, "Bob's edits in his own file", page=bob)
            assert not bob.locator(".nnb-app-restore").is_visible(), "Bob was offered someone else's work"
            assert alice_file.read_text() == alice_saved, "Bob's edits reached Alice's autosave"
            assert alice.evaluate(EDITOR_NODES) == LAYERS + 1
            bob_saved = bob_file.read_text()

            alice.reload()  # a new kernel for the same tab: her work is offered back, not Bob's
            alice.wait_for_function(f"() => ({EDITOR_NODES})() === {LAYERS}", timeout=120_000)
            restore = alice.locator(".nnb-app-restore")
            restore.wait_for(state="visible", timeout=60_000)
            assert f"{LAYERS + 1} layers" in restore.inner_text()
            alice.locator(".nnb-restore-yes").click()
            alice.wait_for_function(f"() => ({EDITOR_NODES})() === {LAYERS + 1}", timeout=30_000)
            assert bob_file.read_text() == bob_saved and bob.evaluate(EDITOR_NODES) == LAYERS + 2
            others = [p for p in saves.rglob("*.nnb.json") if p not in (alice_file, bob_file)]
            assert all(json.loads(p.read_text()) for p in others)  # any other file: a whole project

            too_large = 6 * 2**20  # over the limit: refused in the page, never sent to the kernel
            alice.locator(".nnb-tool-open input[type=file]").set_input_files(
                {"name": "huge.nnb.json", "mimeType": "application/json", "buffer": b" " * too_large}
            )
            note = alice.locator(".nnb-tool-open .nnb-file-picker-note")
            note.wait_for(state="visible", timeout=10_000)
            assert "huge.nnb.json is 6.0 MB, too large to open here" in note.inner_text()
            assert alice.evaluate(EDITOR_NODES) == LAYERS + 1
        finally:
            close_page("alice")
            close_page("bob")
