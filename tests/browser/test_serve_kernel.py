"""The served app's kernel, driven as Voila and JupyterLab drive it: opening the page imports neither
TensorFlow nor Keras (an idle visitor costs a kernel without them), the first training still works,
the files it makes land in the visitor's own folder, and TensorFlow's start-up log never reaches the
page as stderr (the red box of JupyterLab and Voila) while other stderr output still does."""

from __future__ import annotations

import json
import queue
import time
from pathlib import Path

import pytest

from nnbuilder.app import _voila_config as config
from nnbuilder.app.session import TEMPLATE_VAR, WORK_ROOT_VAR
from nnbuilder.data._paths import DATA_ROOT_VAR
from tests.browser import servers

BACKENDS = "sorted(m for m in __import__('sys').modules if m.split('.')[0] in ('keras', 'tensorflow', 'jax', 'torch'))"
# A line as TensorFlow's C++ side writes it, and one that is not TensorFlow's: the first never reaches the
# page, the second does. Both written to file descriptor 2, as native code writes.
NATIVE = b"I0000 00:00:1796549808.235652   21925 cudart_stub.cc:31] Could not find cuda drivers on your machine\n"
OWN = b"nnbuilder-test: a line of our own on stderr\n"
END = b"nnbuilder-test: end of stderr\n"
STACKS_AFTER_S = 200  # longer than the test takes, shorter than an answer's timeout


class Kernel:
    """A real Python kernel whose iopub streams are kept, as a page would show them."""

    def __init__(self, env: dict, cwd: Path):
        from jupyter_client.manager import start_new_kernel

        self.manager, self.client = start_new_kernel(kernel_name="python3", env=env, cwd=str(cwd), startup_timeout=120)
        self.streams: list[tuple[str, str]] = []
        # A kernel that stops answering writes where every thread of it stands (into this test's captured stderr).
        self.run(f"import faulthandler, sys\nfaulthandler.dump_traceback_later({STACKS_AFTER_S}, file=sys.__stderr__)")

    def run(self, code: str, timeout: float = 300) -> str:
        """Run `code`; its `text/plain` result (or ""). Streams of every cell are kept, whenever they come."""
        msg_id = self.client.execute(code)
        results = []
        deadline = time.monotonic() + timeout
        while True:
            assert time.monotonic() < deadline, f"no answer to {code!r} in {timeout:.0f} s"
            msg = self.pump(deadline - time.monotonic())
            if msg is None or msg["parent_header"].get("msg_id") != msg_id:
                continue
            data = msg["content"].get("data", {})
            if msg["msg_type"] in ("execute_result", "display_data") and "text/plain" in data:
                results.append(data["text/plain"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        reply = self.client.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:  # an answer to an earlier request
            reply = self.client.get_shell_msg(timeout=timeout)
        content = reply["content"]
        assert content["status"] == "ok", "\n".join(content.get("traceback", [])) + self.stderr()
        return results[-1] if results else ""

    def pump(self, timeout: float):
        """The next message on iopub (None after `timeout` seconds without one); streams are kept."""
        try:
            msg = self.client.get_iopub_msg(timeout=max(0.01, timeout))
        except queue.Empty:
            return None
        if msg["msg_type"] == "stream":
            self.streams.append((msg["content"]["name"], msg["content"]["text"]))
        return msg

    def wait_for_stderr(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.stderr():
            assert time.monotonic() < deadline, f"{text!r} never reached the kernel's stderr stream"
            self.pump(0.5)

    def stderr(self) -> str:
        return "".join(text for name, text in self.streams if name == "stderr")

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture
def kernel(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    env = servers.isolated_env(tmp_path / "home")
    for name in ("TF_CPP_MIN_LOG_LEVEL", "GRPC_VERBOSITY"):  # as a teacher's shell would have it: unset
        env.pop(name, None)
    env.pop("PYTEST_CURRENT_TEST", None)  # a kernel that sees it leaves file descriptor 2 alone, unlike Voila's
    env.update({TEMPLATE_VAR: "feedforward", WORK_ROOT_VAR: str(tmp_path / "visitors"), DATA_ROOT_VAR: str(served)})
    kernel = Kernel(env, served)
    yield kernel
    kernel.stop()


def test_the_page_imports_no_backend_and_the_first_training_works_quietly(kernel, tmp_path):
    cell = "".join(json.loads(config.NOTEBOOK.read_text(encoding="utf-8"))["cells"][0]["source"])
    assert "builder_app()" in cell
    kernel.run(cell)  # what Voila runs for each page
    kernel.run("app.visitor_ids.visitor, app.visitor_ids.tab = 'v1', 't1'")  # what the page's browser sends
    assert kernel.run(BACKENDS) == "[]", "opening the page imported a backend"
    assert kernel.run("app.summary.value.count('<tr')") not in ("", "0")  # the summary is drawn all the same

    kernel.run("app.trainer.start(epochs=1).wait(300)")  # the first training: Keras is imported now
    assert kernel.run("app.trainer.epoch, app.panel.state['status']") == "(1, 'finished')", kernel.stderr()
    assert "'keras'" in kernel.run(BACKENDS)
    scratch = tmp_path / "visitors" / "v1" / "tmp"
    assert kernel.run("__import__('tempfile').gettempdir()") == repr(str(scratch))
    assert kernel.run("str(app.autosave.path.parent)") == repr(str(tmp_path / "visitors" / "v1" / "autosave"))

    kernel.run(f"import os; os.write(2, {NATIVE!r}); os.write(2, {OWN!r}); os.write(2, {END!r})")
    kernel.wait_for_stderr(END.decode(), 60)
    stderr = kernel.stderr()
    assert OWN.decode() in stderr
    for noise in ("cudart_stub", "absl::InitializeLog", "cpu_feature_guard", "cuda_platform"):
        assert noise not in stderr, f"TensorFlow's log reached the page:\n{stderr}"


def test_only_native_log_lines_are_dropped():
    from nnbuilder.app._kernel_logs import without_native_lines

    text = (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "I0000 00:00:1796549808.356622   21925 cpu_feature_guard.cc:227] This TensorFlow binary is optimized\n"
        "To enable the following instructions: AVX2 FMA, in other operations, rebuild TensorFlow with flags.\n"
        "W1206 09:40:12.123456    77 loader.cc:9] a warning\n"
        "E0000 00:00:1796549814.150623   21925 cuda_platform.cc:52] failed call to cuInit\n"
        "F0000 00:00:1796549814.150623   21925 check.cc:52] Check failed: the process ends here\n"
        "UserWarning: a warning of Python's\n"
    )
    assert without_native_lines(text) == text.splitlines(keepends=True)[-2] + "UserWarning: a warning of Python's\n"
