"""How the editor's browser side copes with big graphs.

For N = 100, 1000, 5000 nodes (residual Conv2D/BatchNorm/ReLU blocks with Add
skip connections, laid out in columns), and optionally the real
keras.applications.DenseNet201 graph (--densenet, needs TensorFlow), this:

- times the Python side: `nnbuilder.check()` and the JSON size of the
  `graph` + `node_info` + `catalog` state the widget receives;
- serves the repository over loopback HTTP and opens
  widgets/harness/index.html?state=... in headless chromium (the bundle with a
  stand-in for anywidget's model, no kernel), and measures
  * load-to-drawn: from render() to the first drawn frame (NNB_TIMING), and
    from navigation start (bundle and state download and parse included);
  * pan smoothness: frames per second while panning programmatically for 2 s
    (requestAnimationFrame counting), and the longest frame;
  * on-demand layout ("Arrange"): the click's synchronous time (dagre + commit
    + fit) and the time to the next painted frame.

Prints figures; asserts nothing. Run: `python bench/editor_scale.py [--sizes 100 1000] [--densenet]`.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _common import timed  # noqa: E402

import nnbuilder  # noqa: E402
from nnbuilder import Edge, Graph, Node, Project  # noqa: E402
from tests.browser.servers import CHROMIUM, launch_chromium  # noqa: E402

HARNESS = "widgets/harness/index.html"
STATE_PREFIX = "/__bench_state__/"
COLUMN = 60  # nodes per column of the layout
DX, DY = 300, 90


# ------------------------------------------------------------------ graphs
def residual_project(n: int) -> Project:
    """Exactly `n` nodes: Input, residual blocks (Conv-BN-ReLU-Conv-BN-Add-ReLU),
    then GlobalAveragePooling2D, Dropouts and a Dense head."""
    nodes, edges = [Node("input", "Input", {"shape": [16, 16, 8]})], []

    def add(node_id, layer, config, *sources):
        nodes.append(Node(node_id, layer, config))
        for port, src in enumerate(sources):
            edges.append(Edge(src, node_id, port))
        return node_id

    conv = {"filters": 8, "kernel_size": [3, 3], "padding": "same"}
    head = 2  # GlobalAveragePooling2D + Dense
    blocks = max(0, (n - 1 - head) // 7)
    prev = "input"
    for b in range(blocks):
        c1 = add(f"b{b}_conv1", "Conv2D", conv, prev)
        n1 = add(f"b{b}_bn1", "BatchNormalization", {}, c1)
        r1 = add(f"b{b}_relu1", "Activation", {"activation": "relu"}, n1)
        c2 = add(f"b{b}_conv2", "Conv2D", conv, r1)
        n2 = add(f"b{b}_bn2", "BatchNormalization", {}, c2)
        s = add(f"b{b}_add", "Add", {}, n2, prev)
        prev = add(f"b{b}_relu2", "Activation", {"activation": "relu"}, s)
    prev = add("pool", "GlobalAveragePooling2D", {}, prev)
    for i in range(n - len(nodes) - 1):
        prev = add(f"dropout{i}", "Dropout", {"rate": 0.1}, prev)
    add("out", "Dense", {"units": 10, "activation": "softmax"}, prev)
    for i, node in enumerate(nodes):
        col, row = divmod(i, COLUMN)
        node.pos = [col * DX + (40 if node.layer == "BatchNormalization" else 0), row * DY]
    assert len(nodes) == n, (len(nodes), n)
    return Project(name=f"residual {n}", models={"model": Graph(nodes, edges)})


def densenet_project() -> Project:
    import keras

    project = nnbuilder.from_keras(keras.applications.DenseNet201(weights=None), name="DenseNet201")
    graph = next(iter(project.models.values()))
    for i, node in enumerate(graph.nodes):  # columns, like the synthetic graphs
        col, row = divmod(i, COLUMN)
        node.pos = [col * DX, row * DY]
    return project


# ------------------------------------------------------------------ Python side
def widget_state(project: Project) -> tuple[bytes, dict]:
    """The harness state ({graph, node_info, catalog, active_model}) as the
    Python editor would send it, plus Python-side timings."""
    from nnbuilder.ui._catalog import catalog_payload

    check_s, result = timed(lambda: nnbuilder.check(project), repeat=3)
    graph = project.to_dict()
    info = result.to_dict()
    catalog = catalog_payload()
    sizes = {
        name: len(json.dumps(value)) for name, value in (("graph", graph), ("node_info", info), ("catalog", catalog))
    }
    state = {"graph": graph, "node_info": info, "catalog": catalog, "active_model": next(iter(project.models))}
    start = time.perf_counter()
    body = json.dumps(state).encode()
    dump_s = time.perf_counter() - start
    return body, {"check_s": check_s, "dump_s": dump_s, "sizes": sizes, "errors": len(result.errors)}


# ------------------------------------------------------------------ serving
class _Handler(http.server.SimpleHTTPRequestHandler):
    states: dict = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path.startswith(STATE_PREFIX):
            body = self.states.get(self.path[len(STATE_PREFIX) :].split("?")[0])
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


def serve_repo():
    handler = functools.partial(_Handler, directory=str(REPO))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# ------------------------------------------------------------------ browser side
PAN = """() => new Promise((resolve) => {
  const cy = document.querySelector('.nnb-editor').nnb.cy;
  const p0 = cy.pan();
  let frames = 0, worst = 0, t0 = null, last = null;
  function step(now) {
    if (t0 === null) { t0 = last = now; }
    else { frames += 1; worst = Math.max(worst, now - last); last = now; }
    const t = now - t0;
    cy.pan({x: p0.x + 300 * Math.sin(t / 400), y: p0.y + 150 * Math.sin(t / 700)});
    if (t < 2000) requestAnimationFrame(step);
    else { cy.pan(p0); resolve({fps: frames / (t / 1000), worst_ms: worst}); }
  }
  requestAnimationFrame(step);
})"""

LAYOUT = """() => new Promise((resolve) => {
  const t0 = performance.now();
  document.querySelector('.nnb-editor button[data-action="layout"]').click();
  const sync = performance.now() - t0;
  requestAnimationFrame(() => requestAnimationFrame(() =>
    resolve({sync_ms: sync, painted_ms: performance.now() - t0})));
})"""


def measure_browser(browser, base: str, key: str) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{base}/{HARNESS}?state={STATE_PREFIX}{key}")
        page.wait_for_function("() => window.NNB_TIMING || window.NNB_ERROR", timeout=600_000, polling=100)
        error = page.evaluate("() => window.NNB_ERROR || null")
        if error:
            raise RuntimeError(f"harness failed for {key}: {error}")
        timing = page.evaluate("() => window.NNB_TIMING")
        drawn = page.evaluate("() => document.querySelector('.nnb-editor').nnb.cy.nodes().length")
        pan = page.evaluate(PAN)
        saves = page.evaluate("() => window.NNB_MODEL.saves")
        seen = len(errors)
        layout = page.evaluate(LAYOUT)
        # Arrange commits the new positions (one save); no save means it failed.
        layout["ok"] = page.evaluate("() => window.NNB_MODEL.saves") > saves
        layout["error"] = "; ".join(errors[seen:]) or ("no positions written" if not layout["ok"] else "")
        return {
            "nodes_drawn": drawn,
            "render_to_drawn_ms": timing["drawn"] - timing["render_start"],
            "nav_to_drawn_ms": timing["drawn"],
            "render_call_ms": timing["returned"] - timing["render_start"],
            "fps": pan["fps"],
            "worst_frame_ms": pan["worst_ms"],
            "layout_sync_ms": layout["sync_ms"],
            "layout_painted_ms": layout["painted_ms"],
            "layout_ok": layout["ok"],
            "layout_error": layout["error"],
        }
    finally:
        page.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 5000])
    parser.add_argument("--densenet", action="store_true", help="also keras.applications.DenseNet201 (imports TF)")
    args = parser.parse_args(argv)
    if not (REPO / "nnbuilder/static/editor.js").exists() or not (REPO / HARNESS).exists():
        sys.exit("needs nnbuilder/static/editor.js (cd widgets && npm run build) and " + HARNESS)
    if not Path(CHROMIUM).exists():
        sys.exit(f"chromium not found at {CHROMIUM}")

    cases = [(f"residual {n}", functools.partial(residual_project, n)) for n in args.sizes]
    if args.densenet:
        cases.append(("DenseNet201", densenet_project))

    rows = []
    server, base = serve_repo()
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            # Warm-up (not reported): the first page pays for the browser's own start and caches.
            _Handler.states["warm.json"] = widget_state(residual_project(50))[0]
            measure_browser(browser, base, "warm.json")
            for i, (label, make) in enumerate(cases):
                project = make()
                n = sum(len(g.nodes) for g in project.models.values())
                e = sum(len(g.edges) for g in project.models.values())
                body, py = widget_state(project)
                key = f"state-{i}.json"
                _Handler.states[key] = body
                br = measure_browser(browser, base, key)
                rows.append((label, n, e, py, br, len(body)))
                print(f"  done: {label} ({n} nodes)", file=sys.stderr, flush=True)
            browser.close()
    finally:
        server.shutdown()

    print("editor at scale (headless chromium, software rendering; harness = bundle without a kernel)")
    print()
    print(
        f"{'graph':<16}{'nodes':>6}{'edges':>6} | {'check()':>9}{'state':>9} | {'render->drawn':>14}"
        f"{'nav->drawn':>11} | {'pan fps':>8}{'worst':>8} | {'layout':>9}{'+paint':>9}"
    )
    for label, n, e, py, br, size in rows:
        print(
            f"{label:<16}{n:>6}{e:>6} | {py['check_s'] * 1000:>7.1f}ms{size / 1e6:>7.2f}MB | "
            f"{br['render_to_drawn_ms']:>12.0f}ms{br['nav_to_drawn_ms']:>9.0f}ms | "
            f"{br['fps']:>8.1f}{br['worst_frame_ms']:>6.0f}ms | "
            + (
                f"{br['layout_sync_ms']:>7.0f}ms{br['layout_painted_ms']:>7.0f}ms"
                if br["layout_ok"]
                else f"  FAILED after {br['layout_sync_ms']:.0f}ms"
            )
        )
    for label, _n, _e, _py, br, _size in rows:
        if not br["layout_ok"]:
            print(f"  layout of {label} failed: {br['layout_error']}")
    print()
    print(
        "state size by trait (JSON characters): "
        + "; ".join(
            f"{label}: " + ", ".join(f"{k} {v / 1e3:.0f}k" for k, v in py["sizes"].items())
            for label, _n, _e, py, _br, _size in rows
        )
    )
    print(
        "check() = nnbuilder.check(project), median of 3 (full, not incremental); "
        "render->drawn = widget render() to first painted frame; nav->drawn adds page, bundle and state load; "
        "pan = rAF frames per second over 2 s of programmatic panning; layout = Arrange click "
        "(dagre + commit + fit), +paint = to the next painted frame"
    )


if __name__ == "__main__":
    main()
