"""Pointer events on the editor canvas land where the user aims after the page moved it.

In JupyterLab and in Voila, at two window sizes, the page moves the editor in
the ways people move it (scrolling the notebook, the page or the output area,
content opening above the editor, the left sidebar, another tab and back, a
window resize, page zoom). After each move the test aims as a user does, at
the node it sees, from the DOM as it is now, and checks that a click selects
exactly that node and that dragging a node's handle onto another connects
that pair, on the canvas and in Python.
"""

from __future__ import annotations

import pytest

from tests.browser import app_notebooks as an
from tests.browser import editor_steps as st
from tests.browser import servers
from tests.browser.canvas_page import CANVAS, SIZES, open_app, resize_window, show, toggle_left_sidebar, wait_canvas
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.notebooks import model_of, summary
from tests.browser.scenario import load, template_summary

ZOOM = 1.25


@pytest.fixture(scope="module", params=["lab", "voila"])
def app(request, browser):
    """One page per app for the whole module, with room below the editor to scroll the page both ways."""
    return open_app(request, browser, "moves")


def three_layers(page, driver) -> list[str]:
    """An empty project with an Input and two Dense layers side by side, unconnected."""
    load(page, driver, None)
    nodes = [st.drop_layer(page, layer, fx, 0.3) for layer, fx in (("Input", 0.25), ("Dense", 0.5), ("Dense", 0.75))]
    st.assert_in_sync(page, driver.state, -1, expect=lambda g: len(g["nodes"]) == 3)
    return nodes


# ------------------------------------------------------------------ where things are now
def canvas_top(page) -> float:
    return page.evaluate(f"() => {CANVAS}.getBoundingClientRect().top")


def moved_by(page, act, dy: float, what: str) -> None:
    """Run `act()` and wait until the canvas sits `dy` px lower on the page (higher when negative)."""
    before = canvas_top(page)
    act()
    wait_canvas(page, "Math.abs(r.top - arg) < 2", what, arg=before + dy)


def visible_nodes(page, nodes: list[str]) -> list[str]:
    """The nodes whose centre the user sees: inside the window, on the canvas, under nothing else."""
    st.wait_still(page)
    out = []
    for node in nodes:
        p = st.node_point(page, node)
        seen = page.evaluate(
            f"""([x, y]) => {{ if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
                const hit = document.elementFromPoint(x, y); const c = {CANVAS};
                return !!hit && c.contains(hit) && !hit.closest('.nnb-overview'); }}""",
            [p["x"], p["y"]],
        )
        if seen:
            out.append(node)
    return out


# ------------------------------------------------------------------ what the user does after a move
def selected(page) -> list[str]:
    return page.evaluate(f"() => {st._CY}.$('node:selected').map(n => n.id())")


# What a point of the page holds: the element on top, and the nodes cytoscape's own mapping puts there now.
_UNDER = f"""([x, y]) => {{ const cy = {st._CY}; const hit = document.elementFromPoint(x, y);
    const [mx, my] = cy.renderer().projectIntoViewport(x, y);
    const inside = (b) => mx >= b.x1 && mx <= b.x2 && my >= b.y1 && my <= b.y2;
    const nodes = cy.nodes().filter((n) => inside(n.boundingBox())).map((n) => n.id());
    const element = hit ? hit.tagName + '.' + String(hit.className) : null;
    return {{element, nodes, grabbed: cy.$(':grabbed').map((n) => n.id())}}; }}"""


def under_point(page, p: dict) -> dict:
    try:
        return page.evaluate(_UNDER, [p["x"], p["y"]])
    except Exception as exc:  # the account of a failure must not hide it
        return {"unreadable": repr(exc)}


def click_selects(page, driver, node: str, move: str) -> None:
    p = st.aim(page, node)
    page.mouse.click(p["x"], p["y"])
    try:
        page.wait_for_function(
            f"(id) => {{ const s = {st._CY}.$('node:selected'); return s.length === 1 && s[0].id() === id; }}",
            arg=node,
            timeout=st.TIMEOUT_MS,
        )
    except Exception as exc:
        raise AssertionError(
            f"after {move}: clicking {node!r} at {p} selected {selected(page)}; there: {under_point(page, p)}"
        ) from exc
    if driver is None:
        return
    driver.state.wait(lambda d: d["selection"] == [node], 20, f"Python's selection to be [{node!r}] after {move}")


def edges_of(doc) -> set:
    return {(s, t) for s, t, _ in summary(model_of(doc))[1]}


def drag_connects(page, driver, source: str, target: str, move: str) -> None:
    """Draw source -> target with the handle; check it on the canvas and in Python, then undo it."""
    st.connect(page, source, target)
    try:
        st.wait_cy(page, "cy.edges().length === 1", f"one edge after {move}")
    except AssertionError as exc:
        raise AssertionError(f"after {move}: dragging {source!r} onto {target!r} drew nothing: {exc}") from exc
    drawn = st.cy_summary(page)[1]
    assert [e[:2] for e in drawn] == [(source, target)], f"after {move}: dragging {source}->{target} drew {drawn}"
    driver.state.wait(lambda d: edges_of(d) == {(source, target)}, 20, f"Python to hold {source}->{target}")
    page.keyboard.press("Control+z")
    st.wait_cy(page, "cy.edges().length === 0", f"the edge undone after {move}")
    driver.state.wait(lambda d: not edges_of(d), 20, f"Python to drop {source}->{target} again")


def clicks_select_what_is_seen(page, driver, nodes: list[str], move: str) -> list[str]:
    """After `move`, at least two of `nodes` can be seen and a click on each selects it; the nodes seen."""
    seen = visible_nodes(page, nodes)
    assert len(seen) >= 2, f"after {move}: only {seen} of {nodes} can be seen; the move hides the editor"
    for node in seen:
        click_selects(page, driver, node, move)
    return seen


def check_aim(page, driver, nodes: list[str], move: str) -> None:
    seen = clicks_select_what_is_seen(page, driver, nodes, move)
    inp, dense = nodes[0], nodes[1:]
    pairs = [(inp, d) for d in dense] + [(dense[0], dense[1])]
    source, target = next((s, t) for s, t in pairs if s in seen and t in seen)
    drag_connects(page, driver, source, target, move)


# ------------------------------------------------------------------ moves
# The element that scrolls the editor: the first ancestor with more content than room (JupyterLab's
# notebook, Voila's page body), else the document.
_SCROLLER = """() => { let e = document.querySelector('.nnb-editor').parentElement;
    for (; e && e !== document.body; e = e.parentElement) {
      const y = getComputedStyle(e).overflowY;
      if ((y === 'auto' || y === 'scroll') && e.scrollHeight > e.clientHeight + 1) return e;
    }
    return document.scrollingElement; }"""


def scroll_page(page, dy: int, what: str) -> None:
    """Scroll whatever scrolls the editor by `dy` px; the canvas moves by -dy."""
    moved_by(page, lambda: page.evaluate(f"(dy) => {{ ({_SCROLLER})().scrollTop += dy; }}", dy), -dy, what)


def insert_above(page, height: int) -> None:
    """Content opens above the editor (a gallery, another output), pushing it down."""
    moved_by(
        page,
        lambda: page.evaluate(
            """(h) => { const d = document.createElement('div'); d.className = 'nnb-test-above';
                        d.style.height = h + 'px'; const root = document.querySelector('.nnb-editor');
                        root.parentElement.insertBefore(d, root); }""",
            height,
        ),
        height,
        f"{height} px of content opened above the editor",
    )


def remove_above(page, height: int) -> None:
    moved_by(
        page,
        lambda: page.evaluate("() => document.querySelector('.nnb-test-above').remove()"),
        -height,
        "the content above the editor closed",
    )


def output_scrolling(page, on: bool, what: str) -> None:
    """Let JupyterLab scroll the editor's output area (or stop it) and wait until the page shows it."""
    page.evaluate(
        """async (command) => { const app = window.jupyterapp; const nb = app.shell.currentWidget.content;
             const root = document.querySelector('.nnb-editor');
             nb.activeCellIndex = nb.widgets.findIndex((cell) => cell.node.contains(root));
             await app.commands.execute(command); }""",
        f"notebook:{'enable' if on else 'disable'}-output-scrolling",
    )
    scrolled = "document.querySelector('.nnb-editor').closest('.jp-mod-outputsScrolled')"
    wait_canvas(page, scrolled if on else f"!{scrolled}", what)


def scroll_output_area(page) -> None:
    """Let JupyterLab scroll the editor's output area, then scroll it by 150 px."""
    output_scrolling(page, True, "the editor's output area to scroll")
    scroller = """() => { let e = document.querySelector('.nnb-editor').parentElement;
                          const scrolls = (e) => e.scrollHeight > e.clientHeight + 20
                                                 && getComputedStyle(e).overflowY !== 'visible';
                          while (e && !(scrolls(e) && e.closest('.jp-Cell-outputWrapper'))) e = e.parentElement;
                          return e; }"""
    moved_by(
        page,
        lambda: page.evaluate(f"() => {{ const e = ({scroller})(); e.scrollTop += 150; }}"),
        -150,
        "the output area scrolled by 150 px",
    )


def lab_tab_and_back(page) -> None:
    """Open a launcher tab in JupyterLab (the notebook hides), then come back to the notebook."""
    notebook = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    page.evaluate("() => window.jupyterapp.commands.execute('launcher:create')")
    wait_canvas(page, "r.width === 0 && r.height === 0", "the notebook hidden behind another tab")
    page.evaluate("(id) => window.jupyterapp.shell.activateById(id)", notebook)
    wait_canvas(page, "r.width > 100 && r.height > 100", "the notebook shown again")


def hidden_and_shown(page) -> None:
    """The editor hidden and shown again, as a tab of the page's own (an ipywidgets Tab in an app) does."""
    page.evaluate("() => { document.querySelector('.nnb-editor').parentElement.style.display = 'none'; }")
    wait_canvas(page, "r.width === 0 && r.height === 0", "the editor hidden")
    page.evaluate("() => { document.querySelector('.nnb-editor').parentElement.style.display = ''; }")
    wait_canvas(page, "r.width > 100 && r.height > 100", "the editor shown again")


def zoom_page(page, size: tuple[int, int], zoom: float) -> None:
    """Page zoom as the browser does it: fewer, larger CSS pixels in the same window."""
    cdp = page.context.new_cdp_session(page)
    width, height = round(size[0] / zoom), round(size[1] / zoom)
    cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": zoom, "mobile": False},
    )
    page.wait_for_function(
        "([w, z]) => innerWidth === w && Math.abs(devicePixelRatio - z) < 0.01", arg=[width, zoom], timeout=5_000
    )
    cdp.detach()


def moves(kind: str, page, size):
    """(what, act) for each way the page moves the editor, in order; JupyterLab scrolls the notebook, Voila the page."""
    where = "notebook" if kind == "lab" else "page"
    yield "the page as opened", lambda: None
    yield "content opened above the editor", lambda: insert_above(page, 300)
    yield f"the {where} scrolled down 300 px", lambda: scroll_page(page, 300, f"{where} scrolled")
    yield f"the {where} scrolled up 300 px", lambda: scroll_page(page, -300, f"{where} scrolled back")
    yield "the content above closed", lambda: remove_above(page, 300)
    if kind == "lab":
        yield "the output area scrolled", lambda: scroll_output_area(page)
        yield "the output area unscrolled", lambda: output_scrolling(page, False, "output unscrolled")
        yield "the left sidebar opened", lambda: toggle_left_sidebar(page, True)
        yield "the left sidebar closed", lambda: toggle_left_sidebar(page, False)
        yield "another JupyterLab tab and back", lambda: lab_tab_and_back(page)
    else:
        yield "the editor hidden and shown (a tab of the page)", lambda: hidden_and_shown(page)
    yield "the window resized", lambda: resize_window(page, size[0] - 200, size[1] - 60)
    yield "the page zoomed to 125%", lambda: zoom_page(page, size, ZOOM)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_clicks_and_drags_follow_the_canvas_after_the_page_moves(app, size):
    kind, page, driver = app
    resize_window(page, *size)
    show(page)
    nodes = three_layers(page, driver)
    try:
        for move, act in moves(kind, page, size):
            act()
            check_aim(page, driver, nodes, move)
    finally:
        resize_window(page, *size)  # also ends the zoom


# ------------------------------------------------------------------ the app's gallery
@pytest.fixture(scope="module")
def builder(browser, browser_tmp, request):
    """The whole app (nnbuilder.Builder) served by Voila, at 1366x768."""
    root = browser_tmp / "moves-builder-root"
    state = an.write_app_notebook(root)
    server = servers.start_voila(root, an.NOTEBOOK, browser_tmp / "moves-builder-home",
                                 log_path=browser_tmp / "moves-builder.log")  # fmt: skip
    server.state = state
    LIVE_SERVERS["moves-builder"] = server
    request.addfinalizer(server.stop)
    request.addfinalizer(lambda: LIVE_SERVERS.pop("moves-builder", None))
    page = open_page(browser, "moves-builder")
    request.addfinalizer(lambda: close_page("moves-builder"))
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    page.goto(server.url + "/")
    an.wait_app_drawn(page)
    return page


def test_layers_of_a_template_opened_from_the_gallery_take_clicks(builder):
    """The gallery opens above the editor and closes again: the canvas moves twice, and clicks must follow it."""
    page = builder
    for name in ("mnist_cnn", "mnist_mlp"):
        if not an.read_app(page)["gallery"]["shown"]:
            an.click_tool(page, "templates")
            an.wait_app(page, lambda v: v["gallery"]["shown"], "the gallery to open")
        page.locator(f"{an.APP} .nnb-open-{name}").click()
        ids = sorted(n for n, _ in template_summary(name)[0])
        an.wait_app(page, lambda v, ids=ids: v["canvas"]["ids"] == ids and not v["gallery"]["shown"], f"{name} drawn")
        clicks_select_what_is_seen(page, None, ids, f"{name} opened from the gallery")
