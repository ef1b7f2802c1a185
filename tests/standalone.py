"""Run exported code in a fresh Python process in which nnbuilder cannot be imported."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

RUNNER = r"""
import json, os, sys, runpy
sys.modules["nnbuilder"] = None  # importing nnbuilder now fails: the script must not need it
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
jobs = json.loads(sys.argv[1])
report = []
for job in jobs:
    entry = {"script": job["script"], "saved": {}, "error": None}
    try:
        ns = runpy.run_path(job["script"], run_name="exported")
        for fn in job["functions"]:
            model = ns[fn]()
            path = os.path.join(job["out"], fn + ".keras")
            model.save(path)
            entry["saved"][fn] = path
    except Exception as exc:
        entry["error"] = type(exc).__name__ + ": " + str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    report.append(entry)
print("REPORT" + json.dumps(report))
"""


def run_exports(jobs: list[dict], timeout: int = 600) -> list[dict]:
    """Each job: {"script": path, "functions": [...], "out": dir}. Returns per-job saved model paths or error.

    The process runs in the first job's `out` folder, so a file a script creates lands there."""
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(jobs)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=jobs[0]["out"],
    )
    for line in proc.stdout.splitlines():
        if line.startswith("REPORT"):
            return json.loads(line[len("REPORT") :])
    raise AssertionError(f"runner failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def ruff_format_changes(path: Path) -> bool:
    """True when `ruff format` (default settings) would change the file."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    proc = subprocess.run([ruff, "format", "--isolated", "--check", str(path)], capture_output=True, text=True)
    return proc.returncode != 0


def run_exported(codes: dict[str, str], folder: Path) -> dict:
    """Write each exported script (`name: code`) into `folder`, hold it to `ruff format`, run them all in one
    fresh process without nnbuilder and return each script's `build_model()` as Keras loads it back."""
    import keras

    jobs = []
    for name, code in codes.items():
        script = folder / f"{name}.py"
        script.write_text(code, encoding="utf-8")
        assert not ruff_format_changes(script), f"ruff format would change the export of {name}"
        (folder / name).mkdir()
        jobs.append({"script": str(script), "functions": ["build_model"], "out": str(folder / name)})
    loaded = {}
    for name, report in zip(codes, run_exports(jobs)):
        assert report["error"] is None, (name, report)
        loaded[name] = keras.saving.load_model(report["saved"]["build_model"])
    return loaded
