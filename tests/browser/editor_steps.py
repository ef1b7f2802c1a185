"""Steps that drive the editor widget in a real page, shared by the JupyterLab
and Voila tests (and the benchmarks). Each takes a Playwright page; the
editor's DOM hooks are the ones widgets/README.md promises.

Waiting is always on a condition (a page function, the state file), never a
fixed sleep.
"""

from __future__ import annotations

import re

from tests.browser.notebooks import StateFile, model_of, poll, summary

ROOT = ".nnb-editor"
TIMEOUT_MS = 20_000

_CY = "document.querySelector('.nnb-editor').nnb.cy"


# ------------------------------------------------------------------ reading the canvas
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def wait_editor(page, timeout_ms: int = 90_000) -> None:
    """Wait until the editor is in the page and has drawn its first graph;
    fail at once with the traceback when a notebook cell raised instead."""
    page.wait_for_function(
        """(err) => { const el = document.querySelector('.nnb-editor');
                      return !!(el && el.nnb && el.nnb.cy) || !!document.querySelector(err)
                             || (window.__nnbErrors || []).some(e => /anywidget/i.test(e)); }""",
        arg=ERROR_OUTPUT,
        timeout=timeout_ms,
    )
    if page.locator(ERROR_OUTPUT).count() and not page.locator(ROOT).count():
        raise AssertionError("a notebook cell failed:\n" + page.locator(ERROR_OUTPUT).first.inner_text()[-3000:])
    errors = page.evaluate("() => window.__nnbErrors || []")
    if not page.locator(ROOT).count():
        console = [m for m in getattr(page, "nnb_console", []) if m.startswith(("[error]", "[pageerror]"))]
        raise AssertionError(f"the editor widget failed to load in the page: {errors}; console: {console[-6:]}")
    page.evaluate("() => document.querySelector('.nnb-editor').nnb.ready.then(() => true)")


def cy_graph(page) -> dict:
    """Nodes (id, layer, label) and edges the canvas draws."""
    return page.evaluate(
        f"""() => {{
        const cy = {_CY};
        return {{
          nodes: cy.nodes().filter(n => n.data('layer')).map(n => ({{id: n.id(), layer: n.data('layer'),
                                                                    label: n.data('label')}})),
          edges: cy.edges().filter(e => e.data('port') !== undefined).map(e => ({{source: e.data('source'),
                                                     target: e.data('target'), port: e.data('port')}})),
        }}; }}"""
    )


def cy_summary(page) -> tuple:
    g = cy_graph(page)
    nodes = sorted((n["id"], n["layer"]) for n in g["nodes"])
    edges = sorted((e["source"], e["target"], e["port"] or 0) for e in g["edges"])
    return nodes, edges


def label(page, node_id: str) -> str:
    return page.evaluate(f"(id) => {{ const n = {_CY}.$id(id); return n.empty() ? null : n.data('label'); }}", node_id)


def wait_label(page, node_id: str, *parts: str, timeout_ms: int = TIMEOUT_MS) -> str:
    """Wait until node `node_id`'s drawn label contains every one of `parts`."""
    try:
        page.wait_for_function(
            f"""([id, parts]) => {{ const n = {_CY}.$id(id);
                return !n.empty() && parts.every(p => (n.data('label') || '').includes(p)); }}""",
            arg=[node_id, list(parts)],
            timeout=timeout_ms,
        )
    except Exception as exc:
        raise AssertionError(f"label of {node_id!r} never showed {parts}; it is {label(page, node_id)!r}") from exc
    return label(page, node_id)


def wait_cy(page, js_predicate: str, what: str, arg=None, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait for a predicate over `cy` (a JS expression using `cy` and `arg`)."""
    try:
        page.wait_for_function(
            f"(arg) => {{ const cy = {_CY}; return !!({js_predicate}); }}", arg=arg, timeout=timeout_ms
        )
    except Exception as exc:
        raise AssertionError(f"canvas never got to: {what}; it shows {cy_summary(page)}") from exc


# Where a node is drawn in page coordinates, read from the DOM as it is now (the way a user aims):
# the canvas' client rectangle (scaled when the page is zoomed) plus the node's rendered box.
_NODE_BOX = f"""(id) => {{ const cy = {_CY}; const n = cy.$id(id); if (n.empty()) return null;
    const c = cy.container(); const r = c.getBoundingClientRect();
    const s = c.offsetWidth ? r.width / c.offsetWidth : 1;
    const bb = n.renderedBoundingBox({{includeLabels: false, includeOverlays: false}});
    return {{x: r.left + s * (bb.x1 + bb.x2) / 2, y: r.top + s * (bb.y1 + bb.y2) / 2, w: s * bb.w, h: s * bb.h,
             bottom: r.top + s * bb.y2}}; }}"""

# True once the canvas has kept its place, size, pan and zoom for a few frames and nothing animates.
_STILL = f"""() => {{ const cy = {_CY}; const r = cy.container().getBoundingClientRect();
    const key = [r.left, r.top, r.width, r.height, cy.pan().x, cy.pan().y, cy.zoom()].join();
    const w = window.__nnbStill || (window.__nnbStill = {{key: '', frames: 0}});
    if (key === w.key && !cy.animated()) w.frames += 1; else {{ w.key = key; w.frames = 0; }}
    return w.frames >= 3; }}"""


def wait_still(page, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the canvas stopped moving on the page and its view stopped animating."""
    page.evaluate("() => { window.__nnbStill = null; }")
    try:
        page.wait_for_function(_STILL, polling="raf", timeout=timeout_ms)
    except Exception as exc:
        raise AssertionError("the canvas never stood still (it keeps moving or animating)") from exc


def node_point(page, node_id: str) -> dict:
    """Where node `node_id` is drawn, in page coordinates: {x, y, w, h} of its centre and size."""
    box = page.evaluate(_NODE_BOX, node_id)
    assert box is not None, f"no node {node_id!r} on the canvas: {cy_summary(page)}"
    return box


def aim(page, node_id: str, tries: int = 5) -> dict:
    """The centre of node `node_id` once the canvas stands still; aim again while the page keeps moving it."""
    for _ in range(tries):
        wait_still(page)
        first = node_point(page, node_id)
        again = node_point(page, node_id)
        if abs(first["x"] - again["x"]) < 0.5 and abs(first["y"] - again["y"]) < 0.5:
            return again
    raise AssertionError(f"node {node_id!r} kept moving on the page")


def wait_handle_under(page, node_id: str, timeout_ms: int = 5_000) -> dict:
    """Wait until the edge handle shows under node `node_id`; return the handle's centre."""
    try:
        page.wait_for_function(
            f"""(id) => {{ const h = document.querySelector('.nnb-editor .nnb-handle');
                if (!h || h.style.display === 'none') return false;
                const b = ({_NODE_BOX})(id); const r = h.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                return !!b && Math.abs(x - b.x) < Math.max(6, b.w / 4) && y > b.bottom - 2 && y < b.bottom + 24; }}""",
            arg=node_id,
            timeout=timeout_ms,
        )
    except Exception as exc:
        raise AssertionError(f"the edge handle never showed under {node_id!r}") from exc
    hb = page.locator(f"{ROOT} .nnb-handle").first.bounding_box()
    return {"x": hb["x"] + hb["width"] / 2, "y": hb["y"] + hb["height"] / 2}


def canvas_box(page) -> dict:
    return page.locator(f"{ROOT} .nnb-canvas").bounding_box()


_CANVAS_RECT = """() => { const c = document.querySelector('.nnb-editor .nnb-canvas');
    if (!c) return null;
    const r = c.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, width: r.width, height: innerHeight}; }"""


def show_editor(page, timeout: float = 20.0) -> None:
    """Scroll the editor into the page's view (notebook output areas scroll), again while the page's layout
    still moves it (an output drawn above it, a tab growing below), until the whole canvas is in view."""
    editor = page.locator(ROOT).first

    def in_view():
        editor.scroll_into_view_if_needed()
        return page.evaluate(_CANVAS_RECT)

    poll(
        in_view,
        lambda r: r["top"] >= 0 and r["bottom"] <= r["height"] + 1 and r["width"] > 0,
        timeout,
        "the editor's canvas to be in view",
        lambda r: f"the canvas rectangle was {r}",
    )


def load_project(page, driver, doc: dict, what: str, *, trust: bool = False, seen=summary) -> dict:
    """Hand the editor project `doc` from a notebook cell (`trust`: passed to `Project.from_dict`), bring the
    editor into view and wait until Python's state shows `doc`'s model as `seen` reads a graph (by default its
    nodes and edges; "Python to hold ..." is `what`); return that state."""
    want = seen(doc["models"]["model"])
    driver.run_cell(f"editor.project = nnbuilder.Project.from_dict({doc!r}, trust={trust})")
    show_editor(page)
    return driver.state.wait(lambda d: seen(model_of(d)) == want, 60, what)


def _covered(page, x: float, y: float) -> bool:
    """True when page point (x, y) is not the canvas' own: outside it, or under the overview."""
    return page.evaluate(
        """([x, y]) => { const hit = document.elementFromPoint(x, y);
                         const canvas = document.querySelector('.nnb-editor .nnb-canvas');
                         return !hit || !canvas.contains(hit) || !!hit.closest('.nnb-overview'); }""",
        [x, y],
    )


def ensure_visible(page, *node_ids: str) -> None:
    """Fit the view when a node's centre is off the canvas or under the overview."""
    box = canvas_box(page)
    for node_id in node_ids:
        p = node_point(page, node_id)
        inside = (
            box["x"] + 10 < p["x"] < box["x"] + box["width"] - 10
            and box["y"] + 10 < p["y"] < box["y"] + box["height"] - 10
        )
        if not inside or _covered(page, p["x"], p["y"]):
            page.locator(f'{ROOT} button[data-action="fit"]').click()
            wait_still(page)
            return


# ------------------------------------------------------------------ editing by mouse and keyboard
def drop_layer(page, layer: str, fx: float, fy: float) -> str:
    """Drag palette entry `layer` onto the canvas at fractions (fx, fy) of its size; return the new node's id."""
    show_editor(page)
    wait_still(page)
    before = {n["id"] for n in cy_graph(page)["nodes"]}
    item = page.locator(f'{ROOT} .nnb-palette-item[data-layer="{layer}"]').first
    if not item.is_visible():
        page.locator(f"{ROOT} .nnb-palette-search").fill(layer)
        item.wait_for(state="visible", timeout=5_000)
    box = canvas_box(page)
    item.drag_to(page.locator(f"{ROOT} .nnb-canvas"), target_position={"x": box["width"] * fx, "y": box["height"] * fy})
    wait_cy(
        page, "cy.nodes().filter(n => n.data('layer')).length > arg.length", f"a new {layer} node", arg=sorted(before)
    )
    new = [n for n in cy_graph(page)["nodes"] if n["id"] not in before]
    assert len(new) == 1 and new[0]["layer"] == layer, f"dropping {layer} made {new}"
    # The node lands where it was dropped (the view may scroll to show it, so read the canvas now).
    box = canvas_box(page)
    at = node_point(page, new[0]["id"])
    want = (box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    zoom = page.evaluate(f"() => {_CY}.zoom()")
    assert abs(at["x"] - want[0]) < 40 and abs(at["y"] - want[1]) < 40, (
        f"{layer} dropped at {want[0]:.0f},{want[1]:.0f} but drawn at {at['x']:.0f},{at['y']:.0f} (zoom {zoom:.2f})"
    )
    search = page.locator(f"{ROOT} .nnb-palette-search")
    if search.count() and search.input_value():
        search.fill("")
    return new[0]["id"]


def click_node(page, node_id: str) -> None:
    """Select a node by clicking it (and wait until the canvas says it is selected)."""
    ensure_visible(page, node_id)
    p = aim(page, node_id)
    page.mouse.click(p["x"], p["y"])
    wait_cy(page, "cy.$id(arg).selected()", f"{node_id} selected", arg=node_id)


def click_empty(page) -> None:
    """Click an empty spot of the canvas (clears the selection)."""
    box = canvas_box(page)
    g = cy_graph(page)
    for fx, fy in ((0.95, 0.95), (0.95, 0.05), (0.05, 0.95), (0.6, 0.95)):
        x, y = box["x"] + box["width"] * fx, box["y"] + box["height"] * fy
        hit = page.evaluate(
            f"""([x, y]) => {{ const cy = {_CY}; const r = cy.container().getBoundingClientRect();
                const px = x - r.left, py = y - r.top;
                return cy.nodes().some(n => {{ const b = n.renderedBoundingBox();
                  return px >= b.x1 - 20 && px <= b.x2 + 20 && py >= b.y1 - 20 && py <= b.y2 + 20; }}); }}""",
            [x, y],
        )
        if not hit:
            page.mouse.click(x, y)
            return
    raise AssertionError(f"no empty spot on the canvas to click: {g}")


def connect(page, source: str, target: str, release: bool = True) -> None:
    """Draw an edge by mouse: hover `source`, drag its handle onto `target` (and let go there unless `release`
    is false: the caller then looks at the drag in progress and calls page.mouse.up())."""
    ensure_visible(page, source, target)
    s = aim(page, source)
    page.mouse.move(s["x"], s["y"])
    h = wait_handle_under(page, source)  # not the handle of another node that was hovered or selected
    hx, hy = h["x"], h["y"]
    page.mouse.move(hx, hy)
    page.mouse.down()
    t = aim(page, target)
    steps = 12
    for i in range(1, steps + 1):
        page.mouse.move(hx + (t["x"] - hx) * i / steps, hy + (t["y"] - hy) * i / steps)
    t = aim(page, target)  # the page may have moved under the pointer: end on where the target is now
    page.mouse.move(t["x"], t["y"])
    if release:
        page.mouse.up()


def drag_tip_outside(page) -> str | None:
    """What sticks out of the canvas (or the window) of the reason shown beside a refused drag; None when
    all of it can be read."""
    return page.evaluate(
        """() => { const tip = document.querySelector('.nnb-editor .nnb-drag-tip');
                   if (!tip || tip.style.display === 'none') return 'no reason shown';
                   const t = tip.getBoundingClientRect();
                   const c = document.querySelector('.nnb-editor .nnb-canvas-wrap').getBoundingClientRect();
                   const ok = t.left >= c.left && t.right <= c.right && t.top >= c.top && t.bottom <= c.bottom
                              && t.left >= 0 && t.top >= 0 && t.right <= innerWidth && t.bottom <= innerHeight;
                   return ok ? null : `the reason at ${JSON.stringify(t)} leaves the canvas ${JSON.stringify(c)}`; }"""
    )


def field(page, param: str):
    return page.locator(f'{ROOT} .nnb-inspector .nnb-field[data-param="{param}"]')


def set_field(page, param: str, text: str) -> None:
    """Type a value into an inspector field and commit it with Enter."""
    box = field(page, param).locator("input").first
    box.wait_for(state="visible", timeout=5_000)
    box.fill(text)
    box.press("Enter")


def field_error(page, param: str) -> str:
    err = field(page, param).locator(".nnb-field-error")
    err.wait_for(state="visible", timeout=5_000)
    return err.inner_text()


def toolbar(page, action: str) -> None:
    page.locator(f'{ROOT} button[data-action="{action}"]').click()


def status_text(page) -> str:
    return page.locator(f"{ROOT} .nnb-status").inner_text()


def wait_status(page, pattern: str, timeout_ms: int = TIMEOUT_MS) -> str:
    """Wait until the status line matches regex `pattern` (case-insensitive)."""
    try:
        page.wait_for_function(
            "(pat) => new RegExp(pat, 'i').test(document.querySelector('.nnb-editor .nnb-status').textContent)",
            arg=pattern,
            timeout=timeout_ms,
        )
    except Exception as exc:
        raise AssertionError(f"status line never matched {pattern!r}; it says {status_text(page)!r}") from exc
    return status_text(page)


def wait_no_message(page, selector: str, pattern: str, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the editor's `selector` (status line, tooltip) is hidden or no longer matches regex `pattern`."""
    try:
        page.wait_for_function(
            """([sel, pat]) => { const el = document.querySelector('.nnb-editor ' + sel);
                                 return !el || el.style.display === 'none'
                                        || !new RegExp(pat, 'i').test(el.textContent); }""",
            arg=[selector, pattern],
            timeout=timeout_ms,
        )
    except Exception as exc:
        text = page.locator(f"{ROOT} {selector}").first.inner_text()
        raise AssertionError(f"{selector} still says {text!r} after the state it described is gone") from exc


def problems(page) -> list[dict]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.nnb-editor .nnb-problem')).map(p => ({
             node: p.dataset.node, text: p.textContent,
             fixes: Array.from(p.querySelectorAll('button.nnb-fix')).map(b => b.textContent.trim())}))"""
    )


# ------------------------------------------------------------------ Python's truth
def assert_in_sync(page, state: StateFile, seq: int = -1, timeout: float = 20.0, expect=None) -> dict:
    """Wait until state.json (newer than `seq`) shows the same nodes and edges as
    the canvas, and `expect(model_dict)` holds; return that state."""
    want = cy_summary(page)

    def same(doc):
        graph = model_of(doc)
        return summary(graph) == want and (expect is None or expect(graph))

    return state.wait(lambda d: d["seq"] > seq and same(d), timeout, f"Python's project to show nodes/edges {want}")


def node_of(graph: dict, node_id: str) -> dict:
    for n in graph["nodes"]:
        if n["id"] == node_id:
            return n
    raise KeyError(node_id)


def count_in(text: str) -> str:
    return re.sub(r"\s", " ", text)
