"""Activation view latency as a learner sees it: from the click on a node of the canvas to its output drawn in the
Inside tab, in a real Voila app with headless chromium, on the MNIST CNN template (CPU).

The Builder opens the template; the Inside tab shows the activations view. Each click is timed inside the page,
from the mouse-down on the node to the next painted frame after the view shows that node's output (the browser ->
Python -> `activations` -> picture -> browser round trip). Opening the tab, before the first click, builds the
model and the probe that returns every node's output at once, and loads the data for the sample (Keras itself is
imported before the page is shown); the first click is reported on its own. `bench/activation_view.py` times the
same work inside Python alone.

The goal: under 200 ms per click. Prints figures; asserts nothing.
Run: `python bench/activation_click.py [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")  # CPU: the case a classroom laptop or Binder has
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nnbuilder.locale.app_text import text  # noqa: E402
from nnbuilder.template_library import load_template  # noqa: E402
from tests.browser import app_notebooks as an  # noqa: E402
from tests.browser import editor_steps as st  # noqa: E402
from tests.browser import servers  # noqa: E402
from tests.browser.conftest import VIEWPORT  # noqa: E402
from tests.browser.notebooks import write_notebook  # noqa: E402
from tests.browser.servers import CHROMIUM, launch_chromium  # noqa: E402

GOAL_MS = 200.0
TEMPLATE = "mnist_cnn"
TAB = f"{an.APP} .nnb-inside-tab"
CELL = """\
from nnbuilder import Builder
app = Builder({path!r}, preload=False)
app.add_class("nnb-test-app")
app
"""
KERAS_CELL = "import keras  # before the page is shown (Voila runs every cell first): the first click does not wait"

# In the page: stamp the next mouse-down, then resolve once the activations view shows `node`'s output and a
# frame has been painted after it.
PROBE = """([tab, node]) => { window.__nnbClick = new Promise((resolve) => {
  let t0 = null;
  const onDown = () => { if (t0 === null) t0 = performance.now(); };
  document.addEventListener('mousedown', onDown, true);
  const shown = () => {
    const views = document.querySelectorAll(tab);
    const view = views[views.length - 1];
    return !!(view && view.querySelector(`.nnb-inside-activations .nnb-inside-node[data-node="${node}"]`));
  };
  const check = () => {
    if (t0 === null || !shown()) { requestAnimationFrame(check); return; }
    const drawn = performance.now();
    document.removeEventListener('mousedown', onDown, true);
    requestAnimationFrame(() => requestAnimationFrame(() =>
      resolve({shown: drawn - t0, painted: performance.now() - t0})));
  };
  requestAnimationFrame(check);
}); }"""


def click_and_time(page, node: str) -> dict:
    page.evaluate(PROBE, [TAB, node])
    st.ensure_visible(page, node)
    point = st.aim(page, node)
    page.mouse.click(point["x"], point["y"])
    return page.evaluate("() => window.__nnbClick")


def run(rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="nnb-activation-click-"))
    root = tmp / "root"
    root.mkdir()
    project = load_template(TEMPLATE)
    path = project.save(root / f"{TEMPLATE}.nnb.json")
    write_notebook(root / an.NOTEBOOK, [CELL.format(path=str(path)), KERAS_CELL])
    nodes = [node.id for node in project.models[next(iter(project.models))].nodes if node.layer != "Input"]
    server = servers.start_voila(root, an.NOTEBOOK, tmp / "home")
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(server.url + "/")
            an.wait_app_drawn(page)
            an.open_tab(page, text("en", "tab_inside"))
            st.show_editor(page)
            started = time.perf_counter()
            first = click_and_time(page, nodes[0])
            first_wall = time.perf_counter() - started
            later: dict[str, list[dict]] = {node: [] for node in nodes}
            for _ in range(rounds):
                for node in nodes[1:] + nodes[:1]:
                    later[node].append(click_and_time(page, node))
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return {"first": first, "first_wall": first_wall, "later": later}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="clicks on every node after the first one")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(f"chromium not found at {CHROMIUM}")
    r = run(args.rounds)
    print(f"click on a node -> its activation view, in Voila and chromium ({TEMPLATE}, CPU, goal {GOAL_MS:.0f} ms)")
    first = r["first"]
    print(f"  first click after the tab opened: shown {first['shown']:.0f} ms, painted {first['painted']:.0f} ms")
    print(f"  {'node':<12}{'median shown':>14}{'median painted':>16}{'slowest painted':>17}")
    every = []
    for node, times in r["later"].items():
        painted = [t["painted"] for t in times]
        every += painted
        shown = statistics.median(t["shown"] for t in times)
        print(f"  {node:<12}{shown:>12.0f}ms{statistics.median(painted):>14.0f}ms{max(painted):>15.0f}ms")
    print(f"  all later clicks: median {statistics.median(every):.0f} ms, slowest {max(every):.0f} ms "
          f"({sum(t <= GOAL_MS for t in every)}/{len(every)} within the goal)")  # fmt: skip


if __name__ == "__main__":
    main()
