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
