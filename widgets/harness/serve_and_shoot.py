"""Open the harness in headless chromium and save a screenshot; print timings.

python serve_and_shoot.py "state.json" shots/mnist.png [--dark]
"""

import functools
import http.server
import json
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.browser.servers import launch_chromium  # noqa: E402


def serve():
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(REPO))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def open_page(p, server, state, query=""):
    browser = launch_chromium(p)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    url = f"http://127.0.0.1:{server.server_port}/widgets/harness/index.html?state={state}{query}"
    page.goto(url)
    page.wait_for_function("window.NNB_TIMING || window.NNB_ERROR", timeout=60000)
    return browser, page, errors


if __name__ == "__main__":
    state, shot = sys.argv[1], sys.argv[2]
    query = "&theme=dark" if "--dark" in sys.argv else ""
    if "--zh" in sys.argv:
        query += "&lang=zh"
    server = serve()
    with sync_playwright() as p:
        browser, page, errors = open_page(p, server, state, query)
        timing = page.evaluate("window.NNB_TIMING || window.NNB_ERROR")
        page.screenshot(path=shot)
        print(json.dumps({"timing": timing, "errors": errors}))
        browser.close()
    server.shutdown()
