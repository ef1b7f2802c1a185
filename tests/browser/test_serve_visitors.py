"""`nnbuilder serve` to a class: two visitors (two browser profiles) each get a work folder of their own,
where their autosave lands and the other's never does; their open pages load no TensorFlow into the
kernels; the page is titled for the app, asks nothing of any server but the one that serves it (no CDN:
classrooms can be offline), and shows no stderr box."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from nnbuilder import Project, ProjectError, load_template
from tests.browser import servers
from tests.browser.conftest import close_page, open_page
from tests.browser.editor_steps import ERROR_OUTPUT, click_node, wait_editor

LAYERS = len(load_template("mnist_mlp").graph.nodes)
NODES = "() => { const e = document.querySelector('.nnb-editor'); return e && e.nnb ? e.nnb.cy.nodes().length : -1; }"
IDS = "() => [localStorage.getItem('nnbuilder.visitor'), sessionStorage.getItem('nnbuilder.tab')]"
LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")


def outside_requests(page) -> list[str]:
    """The page's requests to any host but this machine (data: and blob: are in the page itself)."""
    out = []
    for url in page.nnb_requests:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.hostname not in LOOPBACK:
            out.append(url)
    return out


def visit(browser, name: str, url: str) -> tuple:
    """A visitor with a browser profile of their own opens the app; (page, visitor id)."""
    page = open_page(browser, name)
    page.nnb_requests = []
    page.on("request", lambda request: page.nnb_requests.append(request.url))
    page.goto(url)
    wait_editor(page, 120_000)
    page.wait_for_function(f"() => ({NODES})() === {LAYERS}", timeout=60_000)
    known = f"() => {{ const ids = ({IDS})(); return ids[0] && ids[1] && ids; }}"
    visitor, _tab = page.wait_for_function(known).json_value()
    return page, visitor


def loads_a_backend(pid: int) -> bool:
    """Whether TensorFlow (or JAX, or PyTorch) is loaded in process `pid`: its shared libraries are mapped."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return any(name in maps for name in ("libtensorflow", "jaxlib", "libtorch"))


def nodes_in(path: Path) -> int:
    try:
        return len(Project.load(path).graph.nodes)
    except (ProjectError, OSError):  # not written yet (each write is atomic)
        return -1


def saved_files(folder: Path) -> set:
    return {p.relative_to(folder) for p in folder.rglob("*.nnb.json")} if folder.is_dir() else set()


def wait_saved(page, folder: Path, layers: int, what: str) -> None:
    """Wait, through the visitor's `page`, until a project saved under `folder` holds `layers` layers."""
    servers.wait_until(lambda: any(nodes_in(folder / f) == layers for f in saved_files(folder)), 60, what, page=page)


def test_two_visitors_work_in_their_own_folders_on_a_page_that_stays_on_this_machine(browser, browser_tmp):
    served = browser_tmp / "classroom"
    served.mkdir()
    root = served / ".nnbuilder" / "visitors"
    args = ["--template", "mnist_mlp", "--no-token"]
    with servers.start_serve(served, browser_tmp / "classroom-home", args, browser_tmp / "classroom.log") as server:
        try:
            alice, alice_id = visit(browser, "alice", server.page_url)
            bob, bob_id = visit(browser, "bob", server.page_url)
            assert alice_id != bob_id
            assert alice.title() == "nnbuilder: build a neural network"

            click_node(alice, "digit")  # the canvas takes clicks
            alice.locator(".nnb-palette-item[data-layer='Dropout']").click()  # after the selected node
            alice_files = root / alice_id
            wait_saved(alice, alice_files, LAYERS + 1, "Alice's edit in her own folder")
            bob.locator(".nnb-palette-item[data-layer='Dropout']").click()
            bob.locator(".nnb-palette-item[data-layer='Dropout']").click()
            bob_files = root / bob_id
            wait_saved(bob, bob_files, LAYERS + 2, "Bob's edits in his own folder")
            assert [p.name for p in root.iterdir()] and {p.name for p in root.iterdir()} == {alice_id, bob_id}
            (alice_saved,) = saved_files(alice_files)
            (bob_saved,) = saved_files(bob_files)
            assert alice_saved.parts[0] == bob_saved.parts[0] == "autosave"
            assert nodes_in(alice_files / alice_saved) == LAYERS + 1  # Bob's edits never reached her file
            assert not list(served.glob("*.nnb.json")) and not (served / ".nnbuilder" / "autosave").exists()

            kernels = servers.kernel_pids(server.proc.pid)
            assert len(kernels) == 2 and not any(map(loads_a_backend, kernels)), "an open page imported TensorFlow"
            for page in (alice, bob):
                assert page.locator(ERROR_OUTPUT).count() == 0, page.locator(ERROR_OUTPUT).first.inner_text()
                assert outside_requests(page) == [], f"the page asked other servers: {outside_requests(page)}"
            assert any("/voila/static/" in url for url in alice.nnb_requests)  # the log did hear the page
        finally:
            close_page("alice")
            close_page("bob")
