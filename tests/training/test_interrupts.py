"""Ctrl+C on `nnbuilder train`: always honoured, exit 130 with one line, and the output folder is absent
or complete (the model loads, the history parses), never empty or half-written."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from nnbuilder import Project
from tests.training import _projects

ROOT = Path(__file__).resolve().parents[2]
DOUBLE_RUNS = int(os.environ.get("NNBUILDER_INTERRUPT_RUNS", "4"))  # raise to measure (e.g. 20)


def _project_file(folder: Path, epochs: int) -> Path:
    data = _projects.classifier(features=2, classes=3, epochs=epochs, batch_size=8, validation_split=0.0).to_dict()
    data["data"] = {"dataset": "gaussian_mixture", "options": {"samples": 2000}}
    path = folder / "p.nnb.json"
    Project.from_dict(data).save(path)
    return path


class Run:
    """`nnbuilder train` in a child process, its stderr read line by line as it comes."""

    def __init__(self, folder: Path, epochs: int = 3):
        self.out = folder / "out"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(ROOT)}
        env["NNBUILDER_TRACE_PHASES"] = "1"  # one line `phase: …` on stderr as each phase begins
        command = [sys.executable, "-m", "nnbuilder", "train", str(_project_file(folder, epochs))]
        command += ["--out", str(self.out)]
        self.process = subprocess.Popen(
            command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.lines: queue.Queue = queue.Queue()
        self.err: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.err.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_line(self, start: str, timeout: float = 120) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                continue
            if line is None:
                return False
            if line.startswith(start):
                return True
        return False

    def wait_for_writing(self, timeout: float = 120) -> bool:
        """True once a model file exists in the hidden work folder beside `out` (the outputs are being written)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if any(self.out.parent.glob(".out.*.tmp/*.keras")):
                return True
            time.sleep(0.001)
        return False

    def interrupt(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)

    def finish(self, timeout: float = 120) -> tuple[int, str]:
        code = self.process.wait(timeout)
        self.process.stdout.read()
        deadline = time.monotonic() + 5
        while self.lines.queue and self.lines.queue[-1] is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        return code, "".join(self.err)


def _assert_interrupted(run: Run) -> bool:
    """Exit 130, one line saying so, and the output folder absent or complete; True if it is there."""
    code, err = run.finish()
    said = [line for line in err.splitlines() if "interrupted" in line]
    assert code == 130, err
    assert len(said) == 1 and said[0].startswith(("interrupted", "nnbuilder: error: interrupted")), err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    leftovers = [p.name for p in run.out.parent.iterdir() if p.name.startswith(".out.")]
    assert leftovers == [], leftovers
    if not run.out.exists():
        return False
    assert _complete(run.out)
    return True


def _complete(out: Path) -> bool:
    import keras

    history = json.loads((out / "history.json").read_text())
    model = keras.saving.load_model(out / "model.keras")
    assert (out / "history.csv").read_text().startswith("epoch")
    return model is not None and isinstance(history, dict)


PHASES = ("loading project", "importing keras", "training")


@pytest.mark.slow
@pytest.mark.parametrize("phase", PHASES)
def test_ctrl_c_during_start_up(tmp_path, phase):
    run = Run(tmp_path)
    assert run.wait_for_line(f"phase: {phase}"), "".join(run.err)
    run.interrupt()
    kept = _assert_interrupted(run)
    reached = [line.removeprefix("phase: ").strip() for line in run.err if line.startswith("phase: ")]
    said = next(line for line in run.err if "interrupted" in line)
    if phase == "training":  # the trainer stops and keeps what it has (possibly nothing yet)
        assert said.startswith("interrupted: keeping the "), "".join(run.err)
    else:  # honoured before training began: nothing is written
        assert "training" not in reached and said.startswith("nnbuilder: error: interrupted"), "".join(run.err)
        assert not kept


def test_ctrl_c_during_training_keeps_the_finished_epochs(tmp_path):
    run = Run(tmp_path, epochs=50)
    assert run.wait_for_line("epoch 1/"), "".join(run.err)
    run.interrupt()
    assert _assert_interrupted(run)
    assert len(json.loads((run.out / "history.json").read_text())["loss"]) >= 1
    assert any(line.startswith("interrupted: keeping the") for line in run.err)


@pytest.mark.slow
@pytest.mark.parametrize("attempt", range(DOUBLE_RUNS))
def test_two_quick_ctrl_c_while_writing_leave_the_outputs_whole(tmp_path, attempt):
    run = Run(tmp_path, epochs=1 if attempt % 2 else 50)
    if attempt % 2:  # the run ends by itself; both land while its files are written
        assert run.wait_for_writing(), "".join(run.err)
        run.interrupt()
        time.sleep(0.002 * attempt)
        run.interrupt()
    else:  # the first stops training, the second lands while the files are written
        assert run.wait_for_line("epoch 1/"), "".join(run.err)
        run.interrupt()
        assert run.wait_for_writing(timeout=30), "".join(run.err)  # else the second would not land while writing
        time.sleep(0.002 * attempt)
        run.interrupt()
    assert _assert_interrupted(run)


def test_a_new_output_folder_appears_only_when_complete(tmp_path):
    from nnbuilder.training._out_folder import OutputFolder

    folder = OutputFolder(tmp_path / "deep" / "out")
    assert folder.work.parent == tmp_path / "deep" and not (tmp_path / "deep" / "out").exists()
    (folder.work / "model.keras").write_text("m")
    assert folder.commit() == tmp_path / "deep" / "out"
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]
    assert (tmp_path / "deep" / "out" / "model.keras").read_text() == "m"


def test_an_existing_output_folder_gets_each_file_by_rename_and_keeps_the_rest(tmp_path):
    from nnbuilder.training._out_folder import OutputFolder

    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "old.pb").write_text("old")
    (tmp_path / "history.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("mine")
    folder = OutputFolder(tmp_path)
    (folder.work / "history.json").write_text('{"loss": [1]}')
    (folder.work / "saved").mkdir()
    (folder.work / "saved" / "new.pb").write_text("new")
    folder.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.json", "notes.txt", "saved"]
    assert [p.name for p in (tmp_path / "saved").iterdir()] == ["new.pb"]
    assert json.loads((tmp_path / "history.json").read_text()) == {"loss": [1]}
    dropped = OutputFolder(tmp_path / "never")
    dropped.discard()
    assert not (tmp_path / "never").exists() and not dropped.work.exists()


def test_the_handler_raises_once_records_the_rest_and_defers_while_writing():
    from nnbuilder._runtime.interrupts import catching_interrupts

    before = signal.getsignal(signal.SIGINT)
    with catching_interrupts() as interrupts:
        with interrupts.deferred():
            signal.raise_signal(signal.SIGINT)  # recorded, not raised, while files are written
        assert interrupts.requested
        with pytest.raises(KeyboardInterrupt):
            interrupts.check()  # honoured once the writing is over
        interrupts.acknowledge()
        signal.raise_signal(signal.SIGINT)  # a second Ctrl+C while the run winds down: recorded only
        interrupts.check()
    assert signal.getsignal(signal.SIGINT) == before


def test_a_ctrl_c_swallowed_while_keras_loads_is_raised_again():
    from nnbuilder._runtime.interrupts import catching_interrupts
    from nnbuilder._runtime.quiet import silenced_output

    class Swallowed:
        def __del__(self):  # like a garbage-collection callback: Python can only ignore what it raises
            raise KeyboardInterrupt

    with catching_interrupts() as interrupts:
        with pytest.raises(KeyboardInterrupt), silenced_output():
            Swallowed()
            for _ in range(100_000):
                pass
        assert interrupts.requested
