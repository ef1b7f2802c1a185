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

import nnbuilder
from tests.browser import app_notebooks as an
from tests.browser import editor_steps as st
from tests.browser import lab_kernels, servers
from tests.browser.conftest import LIVE_SERVERS, close_page, open_page
from tests.browser.drivers import LabDriver, VoilaDriver
from tests.browser.notebooks import NOTEBOOK, model_of, summary
from tests.browser.scenario import load, template_summary

SIZES = [(1366, 768), (1920, 1080)]
ZOOM = 1.25
_CANVAS = "document.querySelector('.nnb-editor .nnb-canvas')"


@pytest.fixture(scope="module", params=["lab", "voila"])
def app(request, browser):
    """One page per app for the whole module, with room below the editor to scroll the page both ways."""
    server = request.getfixturevalue(f"{request.param}_server")
    name = f"moves-{request.param}"
    page = open_page(browser, name)
    request.addfinalizer(lambda: forget_session(name, server, request.param))
    driver = (LabDriver if request.param == "lab" else VoilaDriver)(page, server)
    page.evaluate(
        """() => { const after = document.createElement('div'); after.className = 'nnb-test-below';
                   after.style.height = '1600px'; document.querySelector('.nnb-editor').after(after); }"""
    )
    return request.param, page, driver


def forget_session(name: str, server, kind: str) -> None:
    """Close the page, end its kernel and drop the state it wrote: the next page of the editor
    notebook starts its numbering of states afresh, and its history must not hold this one's."""
    close_page(name)
    if kind == "lab":  # Voila ends a page's kernel itself
        lab_kernels.shut_down_kernels(server, NOTEBOOK)
    for path in (server.state.path, server.state.path.with_name(server.state.path.name + ".log")):
        path.unlink(missing_ok=True)


def three_layers(page, driver) -> list[str]:
    """An empty project with an Input and two Dense layers side by side, unconnected."""
    load(page, driver, None)
    nodes = [st.drop_layer(page, layer, fx, 0.3) for layer, fx in (("Input", 0.25), ("Dense", 0.5), ("Dense", 0.75))]
    st.assert_in_sync(page, driver.state, -1, expect=lambda g: len(g["nodes"]) == 3)
    return nodes


# ------------------------------------------------------------------ where things are now
def canvas_top(page) -> float:
    return page.evaluate(f"() => {_CANVAS}.getBoundingClientRect().top")


def wait_canvas(page, js_predicate: str, what: str, arg=None) -> None:
    """Wait for a predicate over the canvas' client rectangle `r` (and `arg`)."""
    try:
        page.wait_for_function(
            f"(arg) => {{ const r = {_CANVAS}.getBoundingClientRect(); return !!({js_predicate}); }}",
            arg=arg,
            timeout=st.TIMEOUT_MS,
        )
    except Exception as exc:
        rect = page.evaluate(f"() => {_CANVAS}.getBoundingClientRect().toJSON()")
        raise AssertionError(f"the page never got to: {what}; the canvas is at {rect}") from exc


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
                const hit = document.elementFromPoint(x, y); const c = {_CANVAS};
                return !!hit && c.contains(hit) && !hit.closest('.nnb-overview'); }}""",
            [p["x"], p["y"]],
        )
        if seen:
            out.append(node)
    return out


# ------------------------------------------------------------------ what the user does after a move
def selected(page) -> list[str]:
    return page.evaluate(f"() => {st._CY}.$('node:selected').map(n => n.id())")


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
        raise AssertionError(f"after {move}: clicking {node!r} selected {selected(page)}") from exc
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


def check_aim(page, driver, nodes: list[str], move: str) -> None:
    seen = visible_nodes(page, nodes)
    assert len(seen) >= 2, f"after {move}: only {seen} of {nodes} can be seen; the move hides the editor"
    for node in seen:
        click_selects(page, driver, node, move)
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


def scroll_output_area(page) -> None:
    """Let JupyterLab scroll the editor's output area, then scroll it by 150 px."""
    page.evaluate(
        """async () => { const app = window.jupyterapp; const nb = app.shell.currentWidget.content;
             const root = document.querySelector('.nnb-editor');
             nb.activeCellIndex = nb.widgets.findIndex((cell) => cell.node.contains(root));
             await app.commands.execute('notebook:enable-output-scrolling'); }"""
    )
    wait_canvas(
        page,
        "document.querySelector('.nnb-editor').closest('.jp-mod-outputsScrolled')",
        "the editor's output area to scroll",
    )
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


def output_area_unscrolled(page) -> None:
    page.evaluate(
        """async () => { const app = window.jupyterapp; const nb = app.shell.currentWidget.content;
             const root = document.querySelector('.nnb-editor');
             nb.activeCellIndex = nb.widgets.findIndex((cell) => cell.node.contains(root));
             await app.commands.execute('notebook:disable-output-scrolling'); }"""
    )
    wait_canvas(page, "!document.querySelector('.nnb-editor').closest('.jp-mod-outputsScrolled')", "output unscrolled")


def toggle_left_sidebar(page, opened: bool) -> None:
    left = page.evaluate(f"() => {_CANVAS}.getBoundingClientRect().left")
    page.evaluate("() => window.jupyterapp.commands.execute('application:toggle-left-area')")
    page.wait_for_function("(open) => window.jupyterapp.shell.leftCollapsed === !open", arg=opened, timeout=5_000)
    wait_canvas(page, "arg[1] ? r.left > arg[0] + 50 : r.left < arg[0] - 50", "the sidebar to move the canvas",
                arg=[left, opened])  # fmt: skip


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


def resize_window(page, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function("([w, h]) => innerWidth === w && innerHeight === h", arg=[width, height], timeout=5_000)


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


def show(page) -> None:
    """Bring the canvas back into view the way a user scrolls to it."""
    page.locator(".nnb-editor .nnb-canvas").scroll_into_view_if_needed()


def lab_moves(page, size):
    yield "the page as opened", lambda: None
    yield "content opened above the editor", lambda: insert_above(page, 300)
    yield "the notebook scrolled down 300 px", lambda: scroll_page(page, 300, "notebook scrolled")
    yield "the notebook scrolled up 300 px", lambda: scroll_page(page, -300, "notebook scrolled back")
    yield "the content above closed", lambda: remove_above(page, 300)
    yield "the output area scrolled", lambda: scroll_output_area(page)
    yield "the output area unscrolled", lambda: output_area_unscrolled(page)
    yield "the left sidebar opened", lambda: toggle_left_sidebar(page, True)
    yield "the left sidebar closed", lambda: toggle_left_sidebar(page, False)
    yield "another JupyterLab tab and back", lambda: lab_tab_and_back(page)
    yield "the window resized", lambda: resize_window(page, size[0] - 200, size[1] - 60)
    yield "the page zoomed to 125%", lambda: zoom_page(page, size, ZOOM)


def voila_moves(page, size):
    yield "the page as opened", lambda: None
    yield "content opened above the editor", lambda: insert_above(page, 300)
    yield "the page scrolled down 300 px", lambda: scroll_page(page, 300, "page scrolled")
    yield "the page scrolled up 300 px", lambda: scroll_page(page, -300, "page scrolled back")
    yield "the content above closed", lambda: remove_above(page, 300)
    yield "the editor hidden and shown (a tab of the page)", lambda: hidden_and_shown(page)
    yield "the window resized", lambda: resize_window(page, size[0] - 200, size[1] - 60)
    yield "the page zoomed to 125%", lambda: zoom_page(page, size, ZOOM)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_clicks_and_drags_follow_the_canvas_after_the_page_moves(app, size):
    kind, page, driver = app
    resize_window(page, *size)
    show(page)
    nodes = three_layers(page, driver)
    moves = lab_moves(page, size) if kind == "lab" else voila_moves(page, size)
    try:
        for move, act in moves:
            act()
            check_aim(page, driver, nodes, move)
    finally:
        resize_window(page, *size)  # also ends the zoom


# ------------------------------------------------------------------ views
# Every node of the active model drawn inside the canvas and clear of the overview map; the offenders otherwise.
_OUT_OF_VIEW = f"""() => {{ const cy = {st._CY}; const c = cy.container().getBoundingClientRect();
    const o = document.querySelector('.nnb-editor .nnb-overview').getBoundingClientRect();
    return cy.nodes().filter(n => n.data('layer')).map(n => {{
      const b = n.renderedBoundingBox({{includeLabels: false}});
      const r = {{x1: c.left + b.x1, y1: c.top + b.y1, x2: c.left + b.x2, y2: c.top + b.y2}};
      const inside = r.x1 >= c.left && r.y1 >= c.top && r.x2 <= c.right && r.y2 <= c.bottom;
      const under = r.x2 > o.left && r.x1 < o.right && r.y2 > o.top && r.y1 < o.bottom;
      return inside && !under ? null : n.id();
    }}).filter(id => id); }}"""


def wait_in_view(page, what: str) -> None:
    st.wait_still(page)
    out = page.evaluate(_OUT_OF_VIEW)
    assert not out, f"{what}: {out} off the canvas or under the overview"


TEMPLATES = {"lab": nnbuilder.templates(), "voila": ["mnist_mlp", "mnist_cnn", "gan"]}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_templates_open_whole_and_clear_of_the_overview(app, size):
    """Each template opens with every node in view; undo back over a load shows the whole graph again."""
    kind, page, driver = app
    resize_window(page, *size)
    if kind == "lab":  # the file browser open beside the notebook: a narrower canvas
        toggle_left_sidebar(page, True)
    try:
        names = TEMPLATES[kind]
        for name in names:
            load(page, driver, name)
            wait_in_view(page, f"{name} opened at {size[0]}x{size[1]}")
        show(page)
        st.toolbar(page, "fit")
        wait_in_view(page, f"{names[-1]} after Fit")
        previous = template_summary(names[-2])
        st.toolbar(page, "undo")
        st.wait_cy(page, "cy.nodes().filter(n => n.data('layer')).length === arg", f"{names[-2]} back by undo",
                   arg=len(previous[0]))  # fmt: skip
        assert st.cy_summary(page) == previous
        wait_in_view(page, f"{names[-2]} back by undo")
    finally:
        if kind == "lab":
            toggle_left_sidebar(page, False)


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
        seen = visible_nodes(page, ids)
        assert len(seen) >= 2, f"{name}: only {seen} of {ids} can be seen"
        for node in seen:
            click_selects(page, None, node, f"{name} opened from the gallery")
