"""The served app's notebook side: which project it opens and where edits are saved."""

from nnbuilder import Project, load_template
from nnbuilder.app.serve import voila_command
from nnbuilder.app.session import PROJECT_VAR, TEMPLATE_VAR, WORK_ROOT_VAR, builder_app, open_project


def test_opens_an_empty_project_without_settings():
    project, path = open_project({})
    assert path is None and project.to_dict() == Project().to_dict()


def test_starts_from_a_template_and_saves_every_edit(tmp_path):
    path = tmp_path / "cnn.nnb.json"
    app = builder_app({PROJECT_VAR: str(path), TEMPLATE_VAR: "mnist_cnn"})
    assert Project.load(path).to_dict() == load_template("mnist_cnn").to_dict()
    assert app.path == path and app.autosave.path == path
    app.editor.set_param("conv1", "filters", 8)
    assert Project.load(path).models["model"].node("conv1").config["filters"] == 8
    reopened, _ = open_project({PROJECT_VAR: str(path), TEMPLATE_VAR: "mnist_mlp"})
    assert reopened.models["model"].node("conv1").config["filters"] == 8  # the file wins over the template


def test_without_a_project_file_edits_go_to_the_tabs_own_autosave_file(tmp_path):
    folder = tmp_path / "work" / "ab12" / "autosave"  # the visitor's own work folder
    app = builder_app({WORK_ROOT_VAR: str(tmp_path / "work"), TEMPLATE_VAR: "mnist_mlp"})
    assert app.path is None and app.autosave is None  # no file before the browser says whose tab this is
    app.visitor_ids.tab, app.visitor_ids.visitor = "5eed", "ab12"
    own = folder / "visitor-ab12-5eed.nnb.json"
    assert app.autosave.path == own and not own.exists()  # nothing written before the first edit
    app.editor.add_node("Dropout", {"rate": 0.2})
    assert len(Project.load(own).models["model"].nodes) == len(load_template("mnist_mlp").graph.nodes) + 1


def test_voila_runs_on_loopback():
    command = voila_command(9999, open_browser=False)
    assert "--Voila.ip=127.0.0.1" in command and "--port=9999" in command and "--no-browser" in command
    assert command[3].endswith("app.ipynb") and "--Voila.port_retries=0" in command
