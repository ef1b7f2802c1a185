"""The inspector's Trainable switch and settings objects with their factors (a regularizer's strength, L1+L2,
a Constant initializer's value), each edit reaching Python and undone like any other (JupyterLab, real chromium)."""

from __future__ import annotations

import nnbuilder
from tests.browser import editor_steps as st
from tests.browser.conftest import close_page, open_page
from tests.browser.drivers import LabDriver
from tests.browser.notebooks import model_of

ROOT = st.ROOT


def _dense_project() -> dict:
    nodes = [
        {"id": "x", "layer": "Input", "config": {"shape": [8]}, "pos": [0, 0]},
        {"id": "dense", "layer": "Dense", "config": {"units": 4}, "pos": [0, 130]},
    ]
    model = {"nodes": nodes, "edges": [{"source": "x", "target": "dense", "port": 0}]}
    return nnbuilder.Project.from_dict({"format": "nnbuilder", "version": 1, "models": {"model": model}}).to_dict()


def _factor(page, param: str, factor: str):
    return st.field(page, param).locator(f'input[data-factor="{factor}"]')


def _wait_dense(driver, seq: int, want, what: str) -> tuple[dict, int]:
    """Wait for a state newer than `seq` whose Dense config satisfies `want`: (that config, its seq)."""
    state = driver.state.wait(lambda d: d["seq"] > seq and want(st.node_of(model_of(d), "dense")["config"]), 20, what)
    return st.node_of(model_of(state), "dense")["config"], state["seq"]


def _dense_selected(page, lab_server) -> tuple[LabDriver, int]:
    """The Dense project loaded in the lab page and its Dense node selected: (the driver, the state's seq)."""
    driver = LabDriver(page, lab_server)
    seq = st.load_project(page, driver, _dense_project(), "Python to hold the Dense project")["seq"]
    st.click_node(page, "dense")
    return driver, seq


def test_trainable_switch_and_settings_factors_reach_python_and_undo(browser, lab_server):
    page = open_page(browser, "lab-inspector-settings")
    try:
        driver, seq = _dense_selected(page, lab_server)

        # Freeze the layer: Python writes trainable false and counts its 36 weights as non-trainable.
        switch = st.field(page, "trainable").locator("input[type=checkbox]")
        switch.wait_for(state="visible", timeout=5_000)
        assert switch.is_checked()
        switch.uncheck()
        config, seq = _wait_dense(driver, seq, lambda c: c.get("trainable") is False, "trainable false in Python")
        params = page.locator(f"{ROOT} .nnb-inspector-params")
        page.wait_for_function(
            "(el) => /non-trainable 36\\b/.test(el.textContent)", arg=params.element_handle(), timeout=20_000
        )

        # L1+L2 is offered and written with both factors; its l2 strength is typed in (under More settings).
        more = page.locator(f"{ROOT} .nnb-inspector details.nnb-more")
        if not more.evaluate("(d) => d.open"):
            more.locator("summary").click()
        st.field(page, "kernel_regularizer").locator("select").select_option("l1_l2")
        config, seq = _wait_dense(
            driver, seq, lambda c: c.get("kernel_regularizer", {}).get("class_name") == "L1L2", "L1L2 in Python"
        )
        assert config["kernel_regularizer"] == {"class_name": "L1L2", "config": {"l1": 0, "l2": 0}}
        box = _factor(page, "kernel_regularizer", "l2")
        box.fill("0.02")
        box.press("Enter")
        config, seq = _wait_dense(
            driver, seq, lambda c: c["kernel_regularizer"]["config"].get("l2") == 0.02, "l2 = 0.02 in Python"
        )
        assert config["kernel_regularizer"] == {"class_name": "L1L2", "config": {"l1": 0, "l2": 0.02}}

        # A negative strength is refused in the inspector, naming the factor; Python keeps 0.02.
        box = _factor(page, "kernel_regularizer", "l1")
        box.fill("-1")
        box.press("Enter")
        error = st.field(page, "kernel_regularizer").locator(".nnb-factor-row.nnb-invalid .nnb-field-error")
        error.wait_for(state="visible", timeout=5_000)
        assert error.inner_text() == "l1 of L1L2: expected a non-negative number"

        # Constant, unreachable before, takes its value.
        st.field(page, "bias_initializer").locator("select").select_option("constant")
        config, seq = _wait_dense(
            driver, seq, lambda c: c.get("bias_initializer", {}).get("class_name") == "Constant", "Constant in Python"
        )
        box = _factor(page, "bias_initializer", "value")
        box.fill("0.5")
        box.press("Enter")
        config, seq = _wait_dense(
            driver, seq, lambda c: c["bias_initializer"]["config"].get("value") == 0.5, "value 0.5 in Python"
        )
        assert nnbuilder.check(nnbuilder.Project.from_dict(driver.state.read()["project"])).ok

        # Undo steps back over the value, the Constant pick, the strength, the L1L2 pick and the freeze.
        for back in (
            lambda c: c["bias_initializer"]["config"].get("value") == 0,
            lambda c: "bias_initializer" not in c,
            lambda c: c["kernel_regularizer"]["config"].get("l2") == 0,
            lambda c: "kernel_regularizer" not in c and c.get("trainable") is False,
            lambda c: "trainable" not in c,
        ):
            st.toolbar(page, "undo")
            config, seq = _wait_dense(driver, seq, back, "an undo to reach Python")
        assert config == {"units": 4}
        st.field(page, "trainable").locator("input[type=checkbox]").wait_for(state="visible", timeout=5_000)
        assert st.field(page, "trainable").locator("input[type=checkbox]").is_checked()
    finally:
        close_page("lab-inspector-settings")


# The heights of the activation's curve f(x) in the inspector's chart at its left end, middle and right end
# (SVG coordinates: smaller is higher), once the chart of `name` is drawn.
_HEIGHTS = """(name) => { const box = document.querySelector('.nnb-inspector .nnb-activation-curve');
  if (!box || box.dataset.name !== name || box.dataset.state !== 'chart') return null;
  const points = [...box.querySelectorAll('polyline.nnb-curve-line[data-series="f"]')]
    .flatMap((line) => line.getAttribute('points').trim().split(/\\s+/).map((p) => p.split(',').map(Number)));
  if (points.length < 3) return null;
  return [points[0][1], points[Math.floor(points.length / 2)][1], points[points.length - 1][1]]; }"""


def _curve_heights(page, name: str) -> list[float]:
    """Wait for the chart of activation `name` under the activation field, asking Python to load Keras first
    where the kernel has not loaded it yet (the button says so); the heights of f at its left, middle and right."""
    where = f"{ROOT} .nnb-inspector .nnb-activation-curve[data-name='{name}']"
    state = "(where) => { const box = document.querySelector(where); return box && box.dataset.state !== 'computing' "
    state += "&& box.dataset.state; }"  # looked up at every poll: the inspector redraws its boxes
    if page.wait_for_function(state, arg=where, timeout=300_000).json_value() == "later":
        page.locator(f"{where} button.nnb-curve-load").click()
    return page.wait_for_function(_HEIGHTS, arg=name, timeout=300_000).json_value()


def test_the_activation_setting_draws_its_curve_from_python(browser, lab_server):
    page = open_page(browser, "lab-inspector-curve")
    try:
        driver, seq = _dense_selected(page, lab_server)
        activation = st.field(page, "activation").locator("select")
        activation.select_option("relu")
        _wait_dense(driver, seq, lambda c: c.get("activation") == "relu", "relu in Python")
        left, middle, right = _curve_heights(page, "relu")
        assert left == middle > right  # flat at zero, then rising
        activation.select_option("tanh")
        left, middle, right = _curve_heights(page, "tanh")
        assert left > middle > right  # rising through the whole range
        assert abs((middle - right) - (left - middle)) < 0.5  # odd: as far above zero at 5 as below it at -5
        assert page.locator(f"{ROOT} .nnb-inspector .nnb-activation-curve .nnb-field-error").count() == 0
    finally:
        close_page("lab-inspector-curve")
