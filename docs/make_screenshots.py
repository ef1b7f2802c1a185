"""Screenshots of the editor widget for the docs: the MNIST CNN template in a
real JupyterLab, light theme and dark theme, cropped to the widget.

    python docs/make_screenshots.py            # writes docs/images/editor-{light,dark}.png

Needs Debian's chromium (/usr/bin/chromium) and the built bundle
(nnbuilder/static/editor.js). Each theme gets its own JupyterLab whose user
settings pick the theme, so the widget is drawn in that theme from the start.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import editor_steps as st  # noqa: E402
from tests.browser import servers  # noqa: E402
from tests.browser.drivers import LabDriver  # noqa: E402
from tests.browser.notebooks import STATE, StateFile, write_editor_notebook  # noqa: E402
from tests.browser.servers import launch_chromium  # noqa: E402

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
SELECT = "conv2"  # a node to select, so the inspector shows its settings


def shoot(browser, theme: str, out: Path, template: str, select: str | None) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix=f"nnb-shots-{theme}-"))
    root = tmp / "root"
    root.mkdir()
    write_editor_notebook(root, template=template)
    server = servers.start_lab(root, tmp / "home", theme=THEMES[theme])
    server.state = StateFile(root / STATE)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
        LabDriver(page, server)
        page.wait_for_function("(name) => document.body.dataset.jpThemeName === name", arg=THEMES[theme])
        st.show_editor(page)
        if select:
            st.click_node(page, select)
        page.mouse.move(0, 0)  # no hover handle in the picture
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        # Let cytoscape finish any animation and paint.
        page.wait_for_function(
            """() => { const cy = document.querySelector('.nnb-editor').nnb.cy;
                       return !cy.animated() && new Promise(r => requestAnimationFrame(() =>
                         requestAnimationFrame(() => r(true)))); }"""
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        page.locator(".nnb-editor").first.screenshot(path=str(out))
        page.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    parser.add_argument("--template", default="mnist_cnn")
    parser.add_argument("--select", default=SELECT, help="node id to select ('' for none)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        for theme in THEMES:
            path = shoot(browser, theme, args.out / f"editor-{theme}.png", args.template, args.select or None)
            print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
        browser.close()


if __name__ == "__main__":
    main()
