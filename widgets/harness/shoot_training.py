"""Screenshot the training panel harness in headless chromium (light, dark, GAN, autoencoder).

python shoot_training.py [OUTDIR]   (default: shots/ beside this file)
"""

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright
from serve_and_shoot import launch_chromium, serve

HERE = Path(__file__).resolve().parent
CASES = {"training": "", "training-dark": "theme=dark", "training-gan": "recipe=gan&theme=dark",
         "training-autoencoder": "recipe=autoencoder&stream=180"}  # fmt: skip

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "shots"
    out.mkdir(parents=True, exist_ok=True)
    server = serve()
    report = {}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        for name, query in CASES.items():
            page = browser.new_page(viewport={"width": 1150, "height": 620})
            errors = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
            page.goto(f"http://127.0.0.1:{server.server_port}/widgets/harness/training.html?{query}")
            done = "window.NNB_STREAMED" if "stream" in query else "window.NNB_READY"
            page.wait_for_function(f"{done} || window.NNB_ERROR", timeout=60000)
            page.screenshot(path=str(out / f"{name}.png"))
            report[name] = {"error": page.evaluate("window.NNB_ERROR || null"), "console": errors}
            page.close()
        browser.close()
    server.shutdown()
    print(json.dumps(report, indent=1))
