"""Where the app's parts sit: the editor, then the Data/Train/Evaluate/Runs/Search/Inside/Code tabs beside the model
summary; on a wide page the tabs and summary move to a column right of the editor, so they are in
view without scrolling past the canvas. The app measures its own width (a CSS container), so this
holds in a notebook cell, a narrow JupyterLab panel, a Voila page or VS Code alike."""

from __future__ import annotations

import ipywidgets

WIDE_PX = 1560  # from this app width on, the tabs and summary sit right of the editor
# the tabs' titles' words, in their order
TAB_KEYS = ("tab_data", "tab_train", "tab_evaluate", "tab_runs", "tab_search", "tab_inside", "tab_code")


def app_body(editor, tabs, summary) -> ipywidgets.Box:
    """The editor and, after it (below, or on a wide page beside it), the tabs and the model summary."""
    editor.add_class("nnb-app-editor")
    side = ipywidgets.Box([tabs, summary])
    side.add_class("nnb-app-side")
    body = ipywidgets.Box([editor, side])
    body.add_class("nnb-app-body")
    return body


LAYOUT_CSS = f"""
<style>
.nnb-app.nnb-app {{ container: nnb-app / inline-size; min-width: 0; }}
.nnb-app .nnb-app-body {{ display: flex; flex-direction: column; gap: 8px; overflow: visible; min-width: 0; }}
.nnb-app .nnb-app-body > .nnb-app-editor {{ flex: 0 0 auto; width: auto; min-width: 0; }}
.nnb-app .nnb-app-side {{ display: flex; flex-flow: row wrap; align-items: flex-start; gap: 8px; overflow: visible;
  min-width: 0; }}
.nnb-app .nnb-app-side > .nnb-app-tabs {{ flex: 1 1 600px; min-width: 0; }}
.nnb-app .nnb-app-side > .nnb-app-summary {{ flex: 0 1 380px; min-width: 260px; max-height: 640px; overflow: auto; }}
@container nnb-app (min-width: {WIDE_PX}px) {{
  .nnb-app .nnb-app-body {{ flex-direction: row; align-items: flex-start; }}
  .nnb-app .nnb-app-body > .nnb-app-editor {{ flex: 1 1 0; }}
  .nnb-app .nnb-app-side {{ flex: 0 0 clamp(520px, 34%, 720px); flex-flow: column nowrap; align-items: stretch; }}
  .nnb-app .nnb-app-side > .nnb-app-tabs {{ flex: 0 0 auto; }}
  .nnb-app .nnb-app-side > .nnb-app-summary {{ flex: 0 0 auto; min-width: 0; max-height: 420px; }}
}}
</style>
"""
