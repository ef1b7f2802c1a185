"""`nnbuilder serve` under attack: pages without the token start nothing, a storm of requests
from another site gets "busy" pages beyond --max-kernels, a page's kernel ends when the page
reloads or closes, and kernels nobody is connected to are culled."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser import servers
from tests.browser.conftest import close_page, open_page

MAX_KERNELS = 2
CULL_IDLE = 4
STORM = 12  # half <img> tags, half no-cors fetches
DRAWN = (
    "() => { const e = document.querySelector('.nnb-editor');"
    " return e && e.nnb && e.nnb.cy && e.nnb.cy.nodes().length > 0; }"
)


@pytest.fixture(scope="module")
def served(browser, browser_tmp):
    folder = browser_tmp / "limits"
    folder.mkdir()
    args = ["--template", "mnist_mlp", "--max-kernels", str(MAX_KERNELS), "--cull-idle", str(CULL_IDLE)]
    server = servers.start_serve(folder, browser_tmp / "limits-home", args, browser_tmp / "limits.log")
    yield server
    server.stop()


def _kernels(server) -> int:
    return len(servers.kernel_pids(server.proc.pid))


def _no_kernels(server, timeout=120.0) -> None:
    servers.wait_until(lambda: _kernels(server) == 0, timeout, "every kernel to end")


class _Attacker(BaseHTTPRequestHandler):
    """Another site on this machine (another origin): it serves whatever page is stored for a path."""

    pages: dict[str, str] = {}

    def do_GET(self):
        body = self.pages.get(self.path, "").encode()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def attacker():
    """A page origin other than the server's. (Chromium itself blocks public sites from loopback.)"""
    httpd = ThreadingHTTPServer(("127.0.0.1", servers.free_port()), _Attacker)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _storm_page(browser, attacker: str, name: str, target: str):
    """A page of another site that asks `target` for STORM pages at once; returns it and the statuses seen."""
    page = open_page(browser, name)
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if "storm=" in r.url and "/login" not in r.url else None)
    half = STORM // 2
    images = "".join(f'<img src="{target}storm={i}">' for i in range(half))
    fetches = f"for (let i = {half}; i < {STORM}; i++) fetch('{target}storm=' + i, {{mode: 'no-cors'}}).catch(() => 0);"
    _Attacker.pages[f"/{name}"] = f"<html><body>{images}<script>{fetches}</script></body></html>"
    page.goto(f"{attacker}/{name}", wait_until="commit")
    return page, statuses


def test_requests_without_the_token_start_no_kernel(browser, served, attacker):
    _no_kernels(served)
    page, statuses = _storm_page(browser, attacker, "no-token", f"{served.url}/?")
    try:
        servers.wait_until(lambda: len(statuses) >= STORM, 60, f"answers to {STORM} requests", page=page)
        assert set(statuses) == {302}, statuses  # to the login page
        page.goto(served.url + "/")
        assert "/login" in page.url
        assert _kernels(served) == 0
    finally:
        close_page("no-token")


def test_a_storm_from_another_site_gets_busy_pages_beyond_the_limit(browser, served, attacker):
    _no_kernels(served)
    token = served.page_url.split("?", 1)[1]
    before = served.log_text()
    most = 0

    def answered():  # the browser hides these answers from the page (opaque), the server log does not
        nonlocal most
        most = max(most, _kernels(served))
        log = served.log_text()[len(before) :]
        return log.count("Kernel started:") + log.count("Refused a kernel") >= STORM and log

    page, _ = _storm_page(browser, attacker, "storm", f"{served.url}/?{token}&")
    try:
        log = servers.wait_until(answered, 120, f"the server to answer {STORM} requests", interval=0.05, page=page)
        started, refused = log.count("Kernel started:"), log.count("Refused a kernel")
        assert 1 <= started <= MAX_KERNELS and started + refused == STORM, (started, refused)
        assert most <= MAX_KERNELS
        busy = page.context.request.get(f"{served.url}/?{token}")
        assert busy.status == 503 and "Server busy, try again in a minute" in busy.text()
    finally:
        close_page("storm")
    # Nobody is connected to those kernels: the culler ends them once they are idle.
    started = time.monotonic()
    _no_kernels(served)
    print(f"\nstorm kernels culled {time.monotonic() - started:.1f} s after the storm page closed")


def test_reloads_and_closing_end_the_page_kernel(browser, served):
    _no_kernels(served)
    page = open_page(browser, "reloads")
    page.on("dialog", lambda dialog: dialog.accept())
    most = 0
    try:
        page.goto(served.page_url)
        page.wait_for_function(DRAWN, timeout=120_000)
        for _ in range(5):
            page.reload()
            page.wait_for_function(DRAWN, timeout=120_000)
            most = max(most, _kernels(served))
        servers.wait_until(lambda: _kernels(served) == 1, 30, "one kernel for the one open page")
        assert most <= MAX_KERNELS
        closed = time.monotonic()
        page.close(run_before_unload=True)
        _no_kernels(served, timeout=30)
        print(f"\nthe closed page's kernel ended {time.monotonic() - closed:.1f} s after the page closed")
    finally:
        close_page("reloads")
