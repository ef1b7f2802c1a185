"""Drive the harness like a user and assert the editor's behaviour.

python check_interactions.py        (after npm run build and make_state.py)
"""

import json
import sys

from playwright.sync_api import sync_playwright
from serve_and_shoot import open_page, serve

SHOTS = str(__import__("pathlib").Path(__file__).resolve().parent / "shots")
results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok)))
    print(("PASS " if ok else "FAIL ") + name + (f"  [{detail}]" if detail else ""), flush=True)


def nodes(page, model="model"):
    return page.evaluate(f"NNB_MODEL.get('graph').models[{json.dumps(model)}].nodes")


def edges(page, model="model"):
    return page.evaluate(f"NNB_MODEL.get('graph').models[{json.dumps(model)}].edges")


def node_center(page, node_id):
    """Client coordinates of a node's centre."""
    return page.evaluate(
        """(id) => { const root = document.querySelector('.nnb-editor'); const n = root.nnb.cy.getElementById(id);
        const r = root.querySelector('.nnb-canvas').getBoundingClientRect(); const p = n.renderedPosition();
        return [r.left + p.x, r.top + p.y, n.renderedOuterHeight()]; }""",
        node_id,
    )


def main():
    server = serve()
    with sync_playwright() as p:
        # ---------------------------------------------------------------- MNIST
        browser, page, errors = open_page(p, server, "state.json")
        labels = page.evaluate("document.querySelector('.nnb-editor').nnb.cy.getElementById('conv1').data('label')")
        check(
            "label of conv1",
            "conv1 · Conv2D" in labels
            and "32 · 3×3 · relu" in labels
            and "(None, 26, 26, 32)" in labels
            and "320 params" in labels,
            labels,
        )

        # drop from palette
        before = len(nodes(page))
        page.drag_and_drop('.nnb-palette-item[data-layer="Dense"]', ".nnb-canvas", target_position={"x": 150, "y": 120})
        after = nodes(page)
        check(
            "drop adds a node",
            len(after) == before + 1
            and after[-1]["id"] == "dense"
            and after[-1]["config"] == {"units": 64, "activation": "relu"},
            str(after[-1]),
        )
        check("dropped node is selected", page.evaluate("NNB_MODEL.get('selection')") == ["dense"])

        # draw edge digit -> dense by mouse
        x, y, h = node_center(page, "digit")
        page.mouse.move(x, y)
        page.wait_for_timeout(100)
        hb = page.locator(".nnb-handle").bounding_box()
        check("handle visible on hover", hb is not None and abs(hb["y"] + 8 - (y + h / 2)) < 10, str(hb))
        page.mouse.move(hb["x"] + 8, hb["y"] + 8)
        page.mouse.down()
        tx, ty, _ = node_center(page, "dense")
        page.mouse.move((hb["x"] + tx) / 2, (hb["y"] + ty) / 2, steps=5)
        ghost = page.evaluate("getComputedStyle(document.querySelector('.nnb-ghost')).display")
        page.mouse.move(tx, ty, steps=5)
        page.mouse.up()
        es = edges(page)
        check(
            "edge drawn by mouse",
            {"source": "digit", "target": "dense", "port": 0} in es and ghost == "block",
            str(es[-1]),
        )

        # refused connection: into the Input node
        x, y, h = node_center(page, "dense")
        page.mouse.move(x, y)
        page.wait_for_timeout(50)
        hb = page.locator(".nnb-handle").bounding_box()
        page.mouse.move(hb["x"] + 8, hb["y"] + 8)
        page.mouse.down()
        tx, ty, _ = node_center(page, "image")
        page.mouse.move(tx, ty, steps=8)
        tip = page.locator(".nnb-drag-tip").inner_text()
        status = page.locator(".nnb-status").inner_text()
        page.screenshot(path=f"{SHOTS}/refuse-drag.png")
        page.mouse.up()
        check("bad target shows reason", "takes no inputs" in tip and "takes no inputs" in status, f"{tip} / {status}")
        check("bad target: nothing added", len(edges(page)) == 8)
        # cycle
        page.mouse.move(*node_center(page, "dense")[:2])
        page.wait_for_timeout(50)
        hb = page.locator(".nnb-handle").bounding_box()
        page.mouse.move(hb["x"] + 8, hb["y"] + 8)
        page.mouse.down()
        page.mouse.move(*node_center(page, "conv2")[:2], steps=8)
        status = page.locator(".nnb-status").inner_text()
        page.mouse.up()
        check("cycle refused", "loop" in status, status)

        # inspector edit
        page.mouse.click(*node_center(page, "digit")[:2])
        page.wait_for_timeout(50)
        check(
            "inspector shows node",
            "digit" in page.locator(".nnb-inspector").inner_text()
            and page.locator(".nnb-inspector-params").inner_text().startswith("16,010"),
            page.locator(".nnb-inspector-params").inner_text(),
        )
        units = page.locator('.nnb-field[data-param="units"] input')
        units.fill("-3")
        units.press("Tab")
        err = page.locator('.nnb-field[data-param="units"] .nnb-field-error').inner_text()
        check(
            "invalid value refused",
            "positive integer" in err and [n for n in nodes(page) if n["id"] == "digit"][0]["config"]["units"] == 10,
            err,
        )
        units = page.locator('.nnb-field[data-param="units"] input')
        units.fill("128")
        units.press("Tab")
        digit = [n for n in nodes(page) if n["id"] == "digit"][0]
        check("valid value written", digit["config"]["units"] == 128, str(digit))
        page.locator('.nnb-field[data-param="activation"] select').select_option("")
        digit = [n for n in nodes(page) if n["id"] == "digit"][0]
        check("default removes key", "activation" not in digit["config"], str(digit))
        page.locator('.nnb-field[data-param="use_bias"] input').uncheck()
        digit = [n for n in nodes(page) if n["id"] == "digit"][0]
        check("bool written", digit["config"].get("use_bias") is False, str(digit))
        page.screenshot(path=f"{SHOTS}/inspector.png")

        # undo / redo
        page.locator('button[data-action="undo"]').click()
        page.locator('button[data-action="undo"]').click()
        digit = [n for n in nodes(page) if n["id"] == "digit"][0]
        check("undo twice", digit["config"] == {"activation": "softmax", "units": 128}, str(digit))
        page.locator(".nnb-editor").focus()
        page.keyboard.press("Control+Shift+Z")
        digit = [n for n in nodes(page) if n["id"] == "digit"][0]
        check("redo by key", "activation" not in digit["config"], str(digit))

        # delete by key
        page.mouse.click(*node_center(page, "dense")[:2])
        dbg = page.evaluate("[document.activeElement.className, NNB_MODEL.get('selection')]")
        page.keyboard.press("Delete")
        check(
            "delete by key",
            all(n["id"] != "dense" for n in nodes(page)) and all(e["target"] != "dense" for e in edges(page)),
            str(dbg),
        )
        page.keyboard.press("Control+z")
        check(
            "undo delete",
            any(n["id"] == "dense" for n in nodes(page)) and any(e["target"] == "dense" for e in edges(page)),
        )

        # copy / paste two connected nodes
        page.mouse.click(*node_center(page, "conv1")[:2])
        page.keyboard.down("Shift")
        page.mouse.click(*node_center(page, "pool1")[:2])
        page.keyboard.up("Shift")
        sel = page.evaluate("document.querySelector('.nnb-editor').nnb.cy.$('node:selected').map(n => n.id())")
        page.keyboard.press("Control+c")
        page.keyboard.press("Control+v")
        ns = nodes(page)
        new = [n for n in ns if n["id"] in ("conv1_2", "pool1_2")]
        check(
            "copy/paste",
            len(new) == 2
            and {"source": "conv1_2", "target": "pool1_2", "port": 0} in edges(page)
            and sel == ["conv1", "pool1"],
            f"{sel} {[n['id'] for n in new]}",
        )
        check("paste selects", sorted(page.evaluate("NNB_MODEL.get('selection')")) == ["conv1_2", "pool1_2"])

        # layout and fit
        len(edges(page))
        page.locator('button[data-action="layout"]').click()
        pos = {n["id"]: n["pos"] for n in nodes(page)}
        check(
            "layout writes positions",
            pos["conv1"][1] > pos["image"][1] and all(isinstance(v, int) for p_ in pos.values() for v in p_),
            str(pos)[:200],
        )
        page.locator('button[data-action="undo"]').click()
        check("layout undoable", [n["pos"] for n in nodes(page) if n["id"] == "conv1"][0] == [0, 90])
        page.locator('button[data-action="fit"]').click()

        # palette click: add below selection and connect
        page.mouse.click(*node_center(page, "digit")[:2])
        page.locator('.nnb-palette-item[data-layer="Dropout"]').click()
        check(
            "palette click connects",
            {"source": "digit", "target": "dropout_2", "port": 0} in edges(page),
            str(edges(page)[-1]),
        )

        # search
        page.locator(".nnb-palette-search").fill("lstm")
        visible = page.evaluate(
            "[...document.querySelectorAll('.nnb-palette-item')].filter(e => !e.hidden).map(e => e.dataset.layer)"
        )
        check("palette search", visible == ["LSTM"] or "LSTM" in visible, str(visible))
        page.locator(".nnb-palette-search").fill("")

        # messages
        page.evaluate("NNB_MODEL.deliver({type: 'refused', reason: 'cycle found'})")
        check("refused shown", "cycle found" in page.locator(".nnb-status").inner_text())

        # external edit recorded on the undo stack
        page.evaluate(
            """() => { const g = structuredClone(NNB_MODEL.get('graph'));
                       g.models.model.nodes[1].config.filters = 7; NNB_MODEL.set('graph', g); }"""
        )
        label = page.evaluate("document.querySelector('.nnb-editor').nnb.cy.getElementById('conv1').data('label')")
        page.locator('button[data-action="undo"]').click()
        check("python edit drawn and undoable", "7 · 3×3" in label and nodes(page)[1]["config"]["filters"] == 32, label)

        # drag a node: position written on dragfree
        x, y, _ = node_center(page, "image")
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 60, y + 10, steps=6)
        page.mouse.up()
        page.wait_for_timeout(50)
        img = [n for n in nodes(page) if n["id"] == "image"][0]
        check("move writes pos", img["pos"][0] != 0, str(img["pos"]))

        # overview pans
        pan0 = page.evaluate("document.querySelector('.nnb-editor').nnb.cy.pan()")
        ob = page.locator(".nnb-overview").bounding_box()
        page.mouse.click(ob["x"] + 10, ob["y"] + 10)
        pan1 = page.evaluate("document.querySelector('.nnb-editor').nnb.cy.pan()")
        check("overview pans", pan0 != pan1, f"{pan0} -> {pan1}")
        page.screenshot(path=f"{SHOTS}/after-edits.png")
        check("no page errors", not errors, str(errors))
        browser.close()

        # ---------------------------------------------------------------- warning + fix
        browser, page, errors = open_page(p, server, "state-warn.json")
        prob = page.locator('.nnb-problem[data-node="digit"]')
        check("warning listed", prob.count() == 1 and "Dense expects a vector" in prob.inner_text())
        btn = prob.locator("button.nnb-fix").first
        check("fix button text", btn.inner_text() == "Insert Flatten", btn.inner_text())
        btn.click()
        check(
            "fix message sent",
            page.evaluate("NNB_MODEL.sent") == [{"type": "fix", "problem": 0, "fix": 0}],
            str(page.evaluate("NNB_MODEL.sent")),
        )
        cls = page.evaluate(
            "(() => { const cy = document.querySelector('.nnb-editor').nnb.cy;"
            " return [cy.getElementById('digit').classes(), cy.getElementById('dropout->digit#0').classes()]; })()"
        )
        check("warning classes on node and edge", "nnb-warning" in cls[0] and "nnb-warning" in cls[1], str(cls))
        page.mouse.move(*node_center(page, "digit")[:2])
        page.wait_for_timeout(50)
        check("tooltip", "Dense expects" in page.locator(".nnb-tooltip").inner_text())
        page.screenshot(path=f"{SHOTS}/warning.png")
        browser.close()

        # ---------------------------------------------------------------- GAN tabs
        browser, page, errors = open_page(p, server, "state-gan.json", "&theme=dark")
        tabs = page.evaluate("[...document.querySelectorAll('.nnb-tab')].map(t => t.dataset.model)")
        check("tabs", sorted(tabs) == ["discriminator", "generator"], str(tabs))
        page.locator('.nnb-tab[data-model="generator"]').click()
        ids = page.evaluate("document.querySelector('.nnb-editor').nnb.cy.nodes().map(n => n.id())")
        check(
            "tab switches",
            "noise" in ids
            and page.evaluate("NNB_MODEL.get('active_model')") == "generator"
            and page.locator('.nnb-tab[data-model="generator"]').get_attribute("class").find("nnb-active") >= 0,
        )
        page.screenshot(path=f"{SHOTS}/gan-dark.png")
        check("no page errors", not errors, str(errors))
        browser.close()
    server.shutdown()
    failed = [n for n, ok in results if not ok]
    print(f"{len(results) - len(failed)}/{len(results)} passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
