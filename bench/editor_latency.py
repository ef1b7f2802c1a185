"""Edit-to-feedback latency of the editor widget in a real Voila app.

Voila serves a notebook whose editor holds the MNIST MLP template; headless
chromium (Debian's /usr/bin/chromium) sets `units` of the hidden Dense layer in
the inspector and times, inside the page, from the Enter key to the moment the
node's label shows the new parameter count (the browser -> Python -> check() ->
browser round trip), and to the next painted frame after that.

Prints figures; asserts nothing. Run: `python bench/editor_latency.py [--repeat 20]`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import editor_steps as st  # noqa: E402
from tests.browser import servers  # noqa: E402
from tests.browser.conftest import VIEWPORT  # noqa: E402
from tests.browser.notebooks import write_editor_notebook  # noqa: E402
from tests.browser.servers import CHROMIUM, launch_chromium  # noqa: E402

# In the page: stamp the Enter key in the inspector, and the first cytoscape
# update after it whose label of `node` contains the expected text.
PROBE = """([node, expected]) => { window.__nnbProbe = new Promise((resolve) => {
  const cy = document.querySelector('.nnb-editor').nnb.cy;
  let t0 = null, done = false;
  const onKey = (e) => { if (e.key === 'Enter' && t0 === null) t0 = performance.now(); };
  document.addEventListener('keydown', onKey, true);
  const check = () => {
    if (done || t0 === null) return;
    const n = cy.$id(node);
    if (n.empty() || !(n.data('label') || '').includes(expected)) return;
    done = true;
    const t1 = performance.now();
    cy.off('data add', 'node', check);
    document.removeEventListener('keydown', onKey, true);
    requestAnimationFrame(() => requestAnimationFrame(() =>
      resolve({label: t1 - t0, painted: performance.now() - t0})));
  };
  cy.on('data add', 'node', check);
}); }"""


def percentile(values, q):
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run(repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="nnb-latency-"))
    root = tmp / "root"
    root.mkdir()
    write_editor_notebook(root, template="mnist_mlp")
    server = servers.start_voila(root, "editor.ipynb", tmp / "home")
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            page = browser.new_page(viewport=VIEWPORT)
            start = time.perf_counter()
            page.goto(server.url + "/")
            st.wait_editor(page)
            first_draw = time.perf_counter() - start
            st.wait_label(page, "hidden", "100,480 params")
            st.click_node(page, "hidden")
            labels, painted = [], []
            for i in range(repeat + 2):  # two warm-up edits
                units = 100 + i
                expected = f"{785 * units:,} params"
                page.evaluate(PROBE, ["hidden", expected])
                st.set_field(page, "units", str(units))
                result = page.evaluate("() => window.__nnbProbe")
                if i >= 2:
                    labels.append(result["label"])
                    painted.append(result["painted"])
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return {"first_draw_s": first_draw, "label": labels, "painted": painted}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(f"chromium not found at {CHROMIUM}")
    r = run(args.repeat)
    print(f"editor edit-to-feedback latency in Voila (MNIST MLP, {args.repeat} edits of hidden.units)")
    print(f"  page open to first draw (kernel start included): {r['first_draw_s']:.2f} s")
    print(f"  {'':<34}{'median':>10}{'p90':>10}{'min':>10}{'max':>10}")
    for name, key in (("Enter -> label shows new params", "label"), ("Enter -> next painted frame", "painted")):
        v = r[key]
        print(f"  {name:<34}{statistics.median(v):>8.1f}ms{percentile(v, 0.9):>8.1f}ms{min(v):>8.1f}ms{max(v):>8.1f}ms")


if __name__ == "__main__":
    main()
