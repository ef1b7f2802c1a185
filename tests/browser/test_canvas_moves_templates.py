"""Templates open whole on the editor canvas, in JupyterLab (beside the open file browser) and in Voila,
at two window sizes: every node drawn inside the canvas and clear of the overview map, after Fit too,
and again when undo steps back over a load."""

from __future__ import annotations

import pytest

import nnbuilder
from tests.browser import canvas_page as cp
from tests.browser import editor_steps as st
from tests.browser.scenario import load, template_summary

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

TEMPLATES = {"lab": nnbuilder.templates(), "voila": ["mnist_mlp", "mnist_cnn", "gan"]}


@pytest.fixture(scope="module", params=["lab", "voila"])
def app(request, browser):
    """One page per app for the whole module."""
    return cp.open_app(request, browser, "templates")


def wait_in_view(page, what: str) -> None:
    st.wait_still(page)
    out = page.evaluate(_OUT_OF_VIEW)
    assert not out, f"{what}: {out} off the canvas or under the overview"


@pytest.mark.parametrize("size", cp.SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_templates_open_whole_and_clear_of_the_overview(app, size):
    """Each template opens with every node in view; undo back over a load shows the whole graph again."""
    kind, page, driver = app
    cp.resize_window(page, *size)
    if kind == "lab":  # the file browser open beside the notebook: a narrower canvas
        cp.toggle_left_sidebar(page, True)
    try:
        names = TEMPLATES[kind]
        for name in names:
            load(page, driver, name)
            wait_in_view(page, f"{name} opened at {size[0]}x{size[1]}")
        cp.show(page)
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
            cp.toggle_left_sidebar(page, False)
