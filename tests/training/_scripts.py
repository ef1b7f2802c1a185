"""Run an exported training script's `train()` in a fresh process where nnbuilder cannot be imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from nnbuilder import export_code

RUNNER = r"""
import json, os, sys, runpy
sys.modules["nnbuilder"] = None  # the script must not need nnbuilder
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ns = runpy.run_path(sys.argv[1], run_name="exported")
model, history = ns["train"](int(sys.argv[2]))
found = {"history": {k: [float(v) for v in vs] for k, vs in history.history.items()}}
for layer in model.layers:
    if type(layer).__name__ == "Normalization":
        found.setdefault("normalization", {})[layer.name] = [float(v) for v in layer.mean.numpy().reshape(-1)]
print("REPORT" + json.dumps(found))
"""


def run_training_script(project, folder: Path, epochs: int = 1) -> tuple[dict, str]:
    """Export `project`'s script into `folder`, train it there; ({history, normalization means}, stdout)."""
    script = Path(folder) / "train_project.py"
    script.write_text(export_code(project), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, str(script), str(epochs)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=folder,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("REPORT"):
            return json.loads(line[len("REPORT") :]), proc.stdout
    raise AssertionError(f"the script failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
