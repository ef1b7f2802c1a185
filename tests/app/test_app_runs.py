"""The app records each training run beside the project file it has open, with what Evaluate scored."""

from __future__ import annotations

import nnbuilder
from tests.app.builder_support import make, tiny_classifier


def test_a_run_started_in_the_app_is_recorded_beside_its_project_file(app_dir):
    path = tiny_classifier().save(app_dir / "iris.nnb.json")
    app = make(str(path))
    app.panel.start()
    app.trainer.wait(120)
    assert app.trainer.epoch == 1, app.panel.state
    app.evaluate_tab.wait(120)
    (run,) = nnbuilder.runs.list_runs(app_dir / "iris.runs")
    assert run.status == "finished" and run.epochs == 1 and run.record["project_file"] == str(path.absolute())
    assert run.record["data"]["dataset"] and run.model_path.is_file()
    assert set(run.test_metrics) == {"loss", "accuracy"}  # what Evaluate scored
