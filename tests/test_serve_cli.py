"""`nnbuilder serve` refuses unsafe or broken starts in one line, writes the Voila settings it
promises, and its supervisor leaves no process behind after SIGTERM, SIGINT or SIGHUP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from traitlets.config.loader import PyFileConfigLoader

from nnbuilder.app import _voila_config as config
from nnbuilder.app import serve as serve_module
from nnbuilder.app._supervise import _start_time, descendants
from nnbuilder.app.serve import voila_command
from nnbuilder.cli import main


@pytest.fixture(autouse=True)
def _no_server(monkeypatch):
    """These starts must all be refused before Voila runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("Voila was started")

    monkeypatch.setattr(serve_module, "Supervisor", refuse)


def _one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnbuilder: error: "), captured.err
    assert "Traceback" not in captured.out + captured.err
    return lines[0]


@pytest.mark.parametrize("ip", ["0.0.0.0", "10.1.2.3", "", "::", "example.org"])
def test_no_token_is_refused_off_loopback(capsys, ip):
    assert main(["serve", "--no-token", "--ip", ip, "--no-browser", "--template", "mnist_mlp"]) == 1
    assert "--no-token is refused" in _one_error_line(capsys)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not json {", "is not valid JSON"),
        (json.dumps({"format": "nnbuilder", "version": 99}), "newer nnbuilder"),
        (json.dumps({"format": "something else", "version": 1}), "format"),
    ],
)
def test_a_project_that_cannot_load_is_refused_before_voila(tmp_path, capsys, text, expected):
    path = tmp_path / "bad.nnb.json"
    path.write_text(text)
    assert main(["serve", str(path), "--no-browser"]) == 1
    line = _one_error_line(capsys)
    assert "the project cannot be opened" in line and expected in line


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--max-kernels", "0"], "--max-kernels"),
        (["--cull-idle", "-1"], "--cull-idle"),
        (["--token", ""], "--token"),
        (["--token", "a b"], "--token"),
        (["--ip", "no.such.host.invalid"], "--ip"),
    ],
)
def test_bad_options_are_one_line(capsys, args, expected):
    assert main(["serve", "--template", "mnist_mlp", "--no-browser", *args]) == 1
    assert expected in _one_error_line(capsys)


def test_token_and_no_token_exclude_each_other(capsys):
    assert main(["serve", "--token", "x", "--no-token", "--no-browser"]) == 2
    assert "not allowed with" in _one_error_line(capsys)


def test_tokens():
    assert config.choose_token("127.0.0.1", None, no_token=True) == ""
    assert config.choose_token("localhost", None, no_token=True) == ""
    assert config.choose_token("::1", None, no_token=True) == ""
    assert config.choose_token("0.0.0.0", "given", no_token=False) == "given"
    made = config.choose_token("0.0.0.0", None, no_token=False)
    assert len(made) >= 32 and made != config.choose_token("0.0.0.0", None, no_token=False)
    assert config.page_url("127.0.0.1", 8866, "abc") == "http://127.0.0.1:8866/?token=abc"
    assert config.page_url("::1", 8866, "") == "http://[::1]:8866/"


def test_the_config_file_sets_token_limit_culling_and_the_unload_fix(tmp_path):
    path = config.write_config(tmp_path, "secret", max_kernels=3, cull_idle=120)
    assert path.stat().st_mode & 0o077 == 0  # the token is for this user only
    c = PyFileConfigLoader(path.name, path=str(tmp_path)).load_config()
    assert c.Voila.token == "secret"
    assert c.VoilaConfiguration.multi_kernel_manager_class.endswith("BoundedKernelManager")
    assert c.VoilaConfiguration.prelaunch_hook.__name__ == "set_xsrf_cookie"
    assert c.BoundedKernelManager.max_kernels == 3
    assert c.MappingKernelManager.cull_idle_timeout == 120
    assert c.MappingKernelManager.cull_interval == 30
    assert c.MappingKernelManager.cull_connected is False
    command = voila_command(9999, open_browser=True, ip="0.0.0.0", config_dir=tmp_path)
    assert "--Voila.ip=0.0.0.0" in command and "--no-browser" in command
    assert command.index(f"--Voila.config_file_paths={tmp_path}") < command.index(
        f"--Voila.config_file_paths={os.getcwd()}"
    )
    assert "secret" not in " ".join(command)


def test_the_page_is_titled_in_its_language_and_its_template_names_no_other_server(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    for language, title in (("en", "nnbuilder: build a neural network"), ("zh", "nnbuilder：搭建神经网络")):
        (tmp_path / language).mkdir()
        notebook = config.write_page(tmp_path / language, language)
        document = json.loads(notebook.read_text(encoding="utf-8"))
        assert document["metadata"]["title"] == title
        assert document["cells"] == json.loads(config.NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    command = voila_command(9999, open_browser=False, config_dir=tmp_path / "zh")
    assert command[3] == str(tmp_path / "zh" / "app.ipynb") and f"--template={config.TEMPLATE}" in command
    # The template's one trick, on a stand-in parent: stylesheet links to other servers are left out.
    parent = (
        "{% block notebook_css %}<style>a{}</style>\n<link rel='stylesheet' href='https://cdn.example/x.css'>"
        "\n<link rel='stylesheet' href='static/own.css'>{% endblock %}{% block html_head_js_mermaidjs %}"
        "<script src='https://cdn.example/m.js'></script>{% endblock %}"
    )
    loader = FileSystemLoader([str(tmp_path / "zh"), str(tmp_path / "parent")])
    (tmp_path / "parent" / "voila" / "templates" / "lab").mkdir(parents=True)
    (tmp_path / "parent" / "voila" / "templates" / "lab" / "index.html.j2").write_text(parent)
    page = Environment(loader=loader).get_template(f"voila/templates/{config.TEMPLATE}/index.html.j2").render()
    assert "static/own.css" in page and "<style>a{}</style>" in page and "://" not in page


def test_page_writes_the_notebook_naming_its_template_for_servers_it_does_not_start(tmp_path, capsys):
    assert main(["page", str(tmp_path / "srv"), "--language", "zh"]) == 0
    document = json.loads((tmp_path / "srv" / "nnbuilder.ipynb").read_text(encoding="utf-8"))
    assert document["metadata"]["title"] == "nnbuilder：搭建神经网络"
    assert document["metadata"]["voila"] == {"template": config.TEMPLATE}  # Voila draws it with ours
    assert document["cells"] == json.loads(config.NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    template = tmp_path / "srv" / "voila" / "templates" / config.TEMPLATE
    assert (template / "index.html.j2").read_text(encoding="utf-8") == config.PAGE_TEMPLATE
    settings = json.loads((tmp_path / "srv" / config.SERVER_CONFIG_NAME).read_text(encoding="utf-8"))
    assert settings["ServerApp"]["tornado_settings"] == {"mathjax_url": None, "mathjax_config": None}  # no CDN
    assert "JUPYTER_CONFIG_PATH" in capsys.readouterr().out
    (tmp_path / "a-file").write_text("x")
    assert main(["page", str(tmp_path / "a-file")]) == 1
    line = _one_error_line(capsys)
    assert "expected a folder" in line and "a-file" in line


@pytest.mark.parametrize("inside", [".", "work", "sub/deeper"])
def test_a_work_root_inside_the_served_folder_is_refused(tmp_path, monkeypatch, capsys, inside):
    monkeypatch.chdir(tmp_path)
    assert main(["serve", "--template", "mnist_mlp", "--no-browser", "--work-root", inside]) == 1
    line = _one_error_line(capsys)
    assert "--work-root" in line and "outside the served folder" in line


def test_the_work_root_is_private_by_default_or_given_outside(tmp_path, monkeypatch):
    from nnbuilder.app.session import WORK_ROOT_VAR
    from nnbuilder.data._paths import DATA_ROOT_VAR

    served = tmp_path / "class"
    served.mkdir()
    monkeypatch.chdir(served)
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    env = serve_module._project_env(None, "mnist_mlp", "en")
    assert env[WORK_ROOT_VAR] == str(served / ".nnbuilder" / "visitors") and env[DATA_ROOT_VAR] == str(served)
    assert env["TF_CPP_MIN_LOG_LEVEL"] == "3"  # the kernels import Keras quietly
    assert serve_module._project_env(None, None, "en", tmp_path / "work")[WORK_ROOT_VAR] == str(tmp_path / "work")
    inside = serve_module._project_env(None, None, "en", ".nnbuilder/visitors-2")[WORK_ROOT_VAR]
    assert inside == str(served / ".nnbuilder" / "visitors-2")  # never data: accepted
    project = tmp_path / "lesson" / "cnn.nnb.json"
    project.parent.mkdir()
    env = serve_module._project_env(project, "mnist_cnn", "en")  # the project's folder is the served one
    assert env[WORK_ROOT_VAR] == str(project.parent / ".nnbuilder" / "visitors")


# A stand-in for Voila: it ignores SIGTERM and starts a "kernel" in a session of its own.
STUBBORN_SERVER = textwrap.dedent(
    """
    import signal, subprocess, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
    print("ready", flush=True)
    time.sleep(600)
    """
)

SUPERVISED = "import sys; from nnbuilder.app._supervise import Supervisor; "
SUPERVISED += "sys.exit(Supervisor([sys.executable, '-c', sys.argv[1]], None, grace=1.0).run())"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_ends_the_server_and_everything_it_started(sig):
    proc = subprocess.Popen(
        [sys.executable, "-c", SUPERVISED, STUBBORN_SERVER], stdout=subprocess.PIPE, start_new_session=True
    )
    try:
        assert proc.stdout.readline().strip() == b"ready"
        family = descendants(proc.pid)  # the server and its "kernel" ("ready" comes after both started)
        assert len(family) == 2
        deadline = time.monotonic() + 30
        os.kill(proc.pid, sig)
        assert proc.wait(timeout=30) == 0
        while any(_start_time(pid) == start for pid, start in family.items()):
            assert time.monotonic() < deadline, "a process of the server outlived the stop"
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            proc.kill()
