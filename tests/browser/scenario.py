"""The editor scenario, step by step, for any page that shows the editor
notebook (JupyterLab or Voila). A `driver` says how Python loads a project
into the editor there (typing a cell in JupyterLab, a button in Voila) and
where Python's view of the editor (state.json) is."""

from __future__ import annotations

import nnbuilder
from tests.browser import editor_steps as st
from tests.browser.notebooks import model_of, summary


def template_summary(name: str | None, model: str | None = None) -> tuple:
    project = nnbuilder.load_template(name) if name else nnbuilder.Project()
    graph = project.to_dict()["models"][model or next(iter(project.models))]
    return summary(graph)


def load(page, driver, name: str | None) -> None:
    """Load a template (None: an empty project) from Python; wait until both
    Python and the canvas show it."""
    want = template_summary(name)
    driver.load(name)
    driver.state.wait(lambda d: summary(model_of(d)) == want, 60, f"Python to hold template {name}")
    st.wait_cy(
        page,
        "cy.nodes().filter(n => n.data('layer')).length === arg",
        f"{len(want[0])} nodes drawn",
        arg=len(want[0]),
        timeout_ms=30_000,
    )
    assert st.cy_summary(page) == want


def cfg(graph: dict, node_id: str) -> dict:
    return st.node_of(graph, node_id)["config"]


# ------------------------------------------------------------------ scenario steps
def build_mlp_by_mouse(page, driver) -> dict:
    """Drop Input, Dense, Dense from the palette, wire them by mouse, edit them in the inspector."""
    state = driver.state
    load(page, driver, None)

    seq = state.seq
    inp = st.drop_layer(page, "Input", 0.3, 0.15)
    st.assert_in_sync(page, state, seq)
    seq = state.seq
    d1 = st.drop_layer(page, "Dense", 0.3, 0.45)
    st.assert_in_sync(page, state, seq)
    seq = state.seq
    d2 = st.drop_layer(page, "Dense", 0.3, 0.78)
    doc = st.assert_in_sync(page, state, seq)
    graph = model_of(doc)
    assert [st.node_of(graph, i)["layer"] for i in (inp, d1, d2)] == ["Input", "Dense", "Dense"]

    seq = state.seq
    st.connect(page, inp, d1)
    st.wait_cy(page, "cy.edges().length === 1", "the first edge")
    st.assert_in_sync(page, state, seq, expect=lambda g: (inp, d1, 0) in summary(g)[1])
    st.wait_label(page, d1, "(None, 64)", "50,240 params")
    # The input is connected now: a tooltip saying it is not must not outlive that.
    st.wait_no_message(page, ".nnb-tooltip", "not connected")

    seq = state.seq
    st.connect(page, d1, d2)
    st.wait_cy(page, "cy.edges().length === 2", "the second edge")
    st.assert_in_sync(page, state, seq, expect=lambda g: (d1, d2, 0) in summary(g)[1])
    st.wait_label(page, d2, "4,160 params")

    # Inspector: Input shape 100 -> Dense 64 has 100*64+64 params.
    st.click_node(page, inp)
    seq = state.seq
    st.set_field(page, "shape", "100")
    st.wait_label(page, d1, "6,464 params")
    st.assert_in_sync(page, state, seq, expect=lambda g: cfg(g, inp).get("shape") == [100])

    st.click_node(page, d1)
    seq = state.seq
    st.set_field(page, "units", "32")
    st.wait_label(page, d1, "(None, 32)", "3,232 params")
    st.wait_label(page, d2, "2,112 params")
    st.assert_in_sync(page, state, seq, expect=lambda g: cfg(g, d1).get("units") == 32)

    st.click_node(page, inp)
    seq = state.seq
    st.set_field(page, "shape", "784")
    st.click_node(page, d1)
    st.set_field(page, "units", "64")
    st.click_node(page, d2)
    st.set_field(page, "units", "10")
    st.wait_label(page, d1, "(None, 64)", "50,240 params")
    st.wait_label(page, d2, "(None, 10)", "650 params")
    st.wait_label(page, inp, "(None, 784)")
    st.assert_in_sync(
        page,
        state,
        seq,
        expect=lambda g: (
            (cfg(g, inp).get("shape"), cfg(g, d1).get("units"), cfg(g, d2).get("units")) == ([784], 64, 10)
        ),
    )
    return {"input": inp, "hidden": d1, "output": d2}


def delete_undo_redo(page, driver) -> None:
    """Delete a node (select + Delete key), then undo/redo by buttons and by keyboard."""
    state = driver.state
    load(page, driver, "mnist_mlp")
    full = st.cy_summary(page)
    without = ([n for n in full[0] if n[0] != "hidden"], [e for e in full[1] if "hidden" not in e[:2]])

    def expect_canvas_and_python(want, what):
        st.wait_cy(page, "cy.$id('hidden').empty() === arg", what, arg=(want == without))
        assert st.cy_summary(page) == want
        state.wait(lambda d: summary(model_of(d)) == want, 20, f"Python to show: {what}")

    st.click_node(page, "hidden")
    page.keyboard.press("Delete")
    expect_canvas_and_python(without, "hidden deleted (Delete key)")

    st.toolbar(page, "undo")
    expect_canvas_and_python(full, "delete undone (undo button)")
    st.toolbar(page, "redo")
    expect_canvas_and_python(without, "delete redone (redo button)")

    st.click_empty(page)  # keyboard focus on the canvas
    page.keyboard.press("Control+z")
    expect_canvas_and_python(full, "delete undone (Ctrl+Z)")
    page.keyboard.press("Control+Shift+z")
    expect_canvas_and_python(without, "delete redone (Ctrl+Shift+Z)")
    page.keyboard.press("Control+z")
    expect_canvas_and_python(full, "delete undone again (Ctrl+Z)")
    st.wait_label(page, "hidden", "100,480 params")


def invalid_value_refused(page, driver) -> None:
    """units = -3 is refused in the inspector with the reason; Python never sees it."""
    state = driver.state
    load(page, driver, "mnist_mlp")
    st.click_node(page, "hidden")
    before = state.read()
    st.set_field(page, "units", "-3")
    reason = st.field_error(page, "units")
    assert "positive" in reason.lower() or "integer" in reason.lower(), reason
    assert "128" in st.label(page, "hidden") and "100,480 params" in st.label(page, "hidden")
    # Prove nothing reached Python: a valid edit follows, and no state in between had -3.
    st.set_field(page, "units", "100")
    state.wait_newer(
        before["seq"], lambda d: cfg(model_of(d), "hidden").get("units") == 100, what="units 100 in Python"
    )
    seen = [cfg(model_of(d), "hidden").get("units") for d in state.history(before["seq"])]
    assert -3 not in seen, f"the invalid value reached Python: units went {seen}"
    st.wait_label(page, "hidden", "78,500 params")
    assert not st.field(page, "units").locator(".nnb-field-error").is_visible()


def refused_connections(page, driver) -> None:
    """A second input into a Dense, and Conv2D after Dense, are refused with a reason."""
    state = driver.state
    load(page, driver, "mnist_mlp")
    extra = st.drop_layer(page, "Input", 0.65, 0.2)
    conv = st.drop_layer(page, "Conv2D", 0.85, 0.55)  # near the right edge: the reason must still fit
    doc = st.assert_in_sync(page, state, -1)
    edges = st.cy_summary(page)[1]

    st.connect(page, extra, "hidden")
    text = st.wait_status(page, "input")
    assert "already has 1" in text or "takes 1 input" in text, text
    assert st.cy_summary(page)[1] == edges

    st.connect(page, "digit", conv, release=False)
    text = st.wait_status(page, "rank")
    outside = st.drag_tip_outside(page)  # read while the drag is on: the reason beside the pointer
    page.mouse.up()
    assert outside is None, outside
    assert "4" in text, text
    assert st.cy_summary(page)[1] == edges

    # The refused edges never reached Python: a later edit arrives, and no state had them.
    st.click_node(page, conv)
    page.keyboard.press("Delete")
    after = state.wait_newer(
        doc["seq"], lambda d: conv not in {n["id"] for n in model_of(d)["nodes"]}, what=f"{conv} deleted"
    )
    assert summary(model_of(after))[1] == edges
    # The refusals were about the graph before that edit: the status line lets them go.
    st.wait_no_message(page, ".nnb-status", "rank")
    for d in state.history(doc["seq"]):
        assert summary(model_of(d))[1] == edges, f"Python saw edges {summary(model_of(d))[1]}"


def rank_warning_fix(page, driver) -> None:
    """Input(28,28,1) -> Conv2D -> Dense warns about rank; its fix inserts a Flatten; undo removes it."""
    state = driver.state
    load(page, driver, None)
    inp = st.drop_layer(page, "Input", 0.3, 0.12)
    conv = st.drop_layer(page, "Conv2D", 0.3, 0.45)
    dense = st.drop_layer(page, "Dense", 0.3, 0.8)
    st.click_node(page, inp)
    st.set_field(page, "shape", "28, 28, 1")
    st.wait_label(page, inp, "(None, 28, 28, 1)")
    st.connect(page, inp, conv)
    st.wait_label(page, conv, "(None, 26, 26, 32)", "320 params")
    st.connect(page, conv, dense)
    st.wait_cy(page, "cy.edges().length === 2", "two edges")
    before = st.assert_in_sync(page, state, -1, expect=lambda g: len(g["edges"]) == 2)
    page.locator(f'.nnb-editor .nnb-problem[data-node="{dense}"]').wait_for(timeout=st.TIMEOUT_MS)
    fix = page.locator(f'.nnb-editor .nnb-problem[data-node="{dense}"] button.nnb-fix', has_text="Insert Flatten")
    fix.first.click()

    def flattened(graph):
        layers = {n["id"]: n["layer"] for n in graph["nodes"]}
        flat = [i for i, layer in layers.items() if layer == "Flatten"]
        return len(flat) == 1 and {(conv, flat[0]), (flat[0], dense)} <= {
            (e["source"], e["target"]) for e in graph["edges"]
        }

    doc = state.wait_newer(before["seq"], lambda d: flattened(model_of(d)), what="a Flatten between conv and dense")
    flat = next(n["id"] for n in model_of(doc)["nodes"] if n["layer"] == "Flatten")
    st.wait_cy(page, "!cy.$id(arg).empty()", "the Flatten node drawn", arg=flat)
    st.wait_label(page, dense, "(None, 64)", "1,384,512 params")
    page.wait_for_function(
        "() => document.querySelectorAll('.nnb-editor .nnb-problem').length === 0", timeout=st.TIMEOUT_MS
    )
    assert st.cy_summary(page) == summary(model_of(doc))

    st.toolbar(page, "undo")
    st.wait_cy(page, "cy.$id(arg).empty()", "the Flatten removed by undo", arg=flat)
    state.wait(lambda d: not any(n["layer"] == "Flatten" for n in model_of(d)["nodes"]), 20, "Flatten gone in Python")
    assert st.cy_summary(page) == summary(model_of(before))
    page.locator(f'.nnb-editor .nnb-problem[data-node="{dense}"]').wait_for(timeout=st.TIMEOUT_MS)


def template_from_python(page, driver) -> None:
    """A template loaded from Python is drawn with Python's shapes and parameter counts."""
    load(page, driver, "mnist_cnn")
    project = nnbuilder.load_template("mnist_cnn")
    info = nnbuilder.check(project).to_dict()["models"]
    model = next(iter(project.models))
    for node_id, node in info[model].items():
        params = node["trainable"] + node["non_trainable"]
        parts = ["(" + ", ".join("None" if d is None else str(d) for d in node["output_shape"])]
        if params:
            parts.append(f"{params:,} params")
        st.wait_label(page, node_id, *parts)


def gan_tabs(page, driver) -> None:
    """The GAN template has two models; the tab switches the canvas to the discriminator."""
    state = driver.state
    load(page, driver, "gan")
    tab = page.locator('.nnb-editor .nnb-tab[data-model="discriminator"]')
    tab.click()
    page.wait_for_function(
        """() => document.querySelector('.nnb-editor .nnb-tab[data-model="discriminator"]')
                   .classList.contains('nnb-active')""",
        timeout=st.TIMEOUT_MS,
    )
    want = template_summary("gan", "discriminator")
    st.wait_cy(
        page, "cy.nodes().filter(n => n.data('layer')).length === arg", "the discriminator drawn", arg=len(want[0])
    )
    assert st.cy_summary(page) == want
    state.wait(lambda d: d["active_model"] == "discriminator", 20, "active_model = discriminator in Python")
    page.locator('.nnb-editor .nnb-tab[data-model="generator"]').click()
    st.wait_cy(
        page,
        "cy.nodes().filter(n => n.data('layer')).length === arg",
        "the generator drawn back",
        arg=len(template_summary("gan", "generator")[0]),
    )
    state.wait(lambda d: d["active_model"] == "generator", 20, "active_model = generator in Python")
