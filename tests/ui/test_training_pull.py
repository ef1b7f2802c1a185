"""The training panel's pulling path: a view that polls gets every chart point once, whether the
training thread's messages reach it (JupyterLab), never do (Google Colab, ipykernel 7.0.0) or
arrive late and out of order (no browser: a fake comm and a view that follows the browser's rules)."""

from __future__ import annotations

import json
import threading

import pytest

from nnbuilder.ui import training_panel
from nnbuilder.ui._chart_feed import KEEP_MESSAGES, ChartFeed
from nnbuilder.ui.training_panel import TrainingPanel
from tests.ui.test_training_panel import FakeTrainer

EPOCHS, STEPS = 3, 200


class FakeComm:
    """Where the panel's messages go. `threads`: "deliver" (they arrive at once), "drop" (they never
    arrive) or "late" (they arrive after everything sent from the main thread)."""

    kernel = object()

    def __init__(self, threads: str):
        self.threads = threads
        self.comm_id = f"fake-{threads}"
        self.inbox: list[dict] = []  # delivered, in order
        self.late: list[dict] = []
        self.dropped = 0
        self._lock = threading.Lock()

    def send(self, data=None, metadata=None, buffers=None):
        data = json.loads(json.dumps(data, allow_nan=False))  # what the wire carries
        with self._lock:
            if threading.current_thread() is threading.main_thread() or self.threads == "deliver":
                self.inbox.append(data)
            elif self.threads == "late":
                self.late.append(data)
            else:
                self.dropped += 1

    def on_msg(self, callback):
        self.handler = callback

    def take(self) -> list[dict]:
        with self._lock:
            taken, self.inbox = self.inbox, []
        return taken

    def close(self, *args, **kwargs):
        pass


class View:
    """The browser's side, by its rules (widgets/src/training/message-order.ts): traits from
    updates; a points message is appended only onto the one it follows, once."""

    def __init__(self, panel: TrainingPanel):
        self.panel = panel
        self.state = dict(panel.state)
        self.x: list[float] = []
        self.loss: list = []
        self.last: int | None = None
        self.held: dict[int, dict] = {}
        self.polls = 0
        self.send({"type": "snapshot"})

    def send(self, content: dict) -> None:
        """A custom message from the browser, handled as the kernel does: on the main thread."""
        self.panel.comm.handler({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})

    def poll(self) -> None:
        self.polls += 1
        self.send({"type": "poll", "since": self.last})

    def receive(self, messages: list[dict]) -> None:
        for data in messages:
            if data["method"] == "update" and "state" in data["state"]:
                self.state = data["state"]["state"]
            elif data["method"] == "custom":
                self.take(data["content"])

    def take(self, msg: dict) -> None:
        if msg["type"] == "pulled":
            for one in msg["messages"]:
                self.take(one)
        elif msg["type"] == "snapshot":
            if self.last is None or msg["seq"] >= self.last:
                self.x, self.loss, self.last = list(msg["x"]), list(msg["series"].get("loss", [])), msg["seq"]
                self.drain()
        elif msg["type"] == "points" and (self.last is None or msg["seq"] > self.last):
            self.held[msg["after"]] = msg
            self.drain()

    def drain(self) -> None:
        while self.last in self.held:
            msg = self.held.pop(self.last)
            self.x += msg["x"]
            self.loss += msg["series"].get("loss", [None] * len(msg["x"]))
            self.last = msg["seq"]
        self.held = {after: m for after, m in self.held.items() if after >= self.last and m["seq"] > self.last}

    @property
    def active(self) -> bool:
        return self.state["running"] or self.state["status"] in ("starting", "running", "stopping")


def train(trainer: FakeTrainer, polled: threading.Event) -> None:
    """A whole run, on the calling thread, as the Trainer's worker thread emits it; halfway through
    each epoch it waits for the view's next poll, so that pushes and pulls interleave."""
    trainer.start_event(epochs=EPOCHS, steps=STEPS)
    for epoch in range(EPOCHS):
        for step in range(1, STEPS + 1):
            trainer.batch(epoch, step, steps=STEPS, loss=epoch + step / 1000)
            if step == STEPS // 2:
                polled.clear()
                assert polled.wait(30), "the view stopped polling"
        trainer.epoch(epoch, epochs=EPOCHS, loss=0.5 - epoch / 10)
    trainer.running = False
    trainer.emit({"kind": "end", "reason": "finished", "epoch": EPOCHS - 1, "message": f"finished {EPOCHS} epochs",
                  "history": {"loss": [0.5 - e / 10 for e in range(EPOCHS)]}})  # fmt: skip


EXPECTED_X = [e + s / STEPS for e in range(EPOCHS) for s in range(1, STEPS + 1)]
EXPECTED_LOSS = [e + s / 1000 for e in range(EPOCHS) for s in range(1, STEPS + 1)]


def run_with_polls(threads: str, poll_every_round: bool) -> tuple[View, FakeComm, TrainingPanel]:
    """Start a run from the view's Start button; the training thread emits while the view polls."""
    trainer = FakeTrainer()
    panel = TrainingPanel(trainer, interval=0.0005)
    comm = FakeComm(threads)
    panel.comm = comm
    view = View(panel)
    view.receive(comm.take())
    view.send({"type": "start"})  # the main thread: "starting" always reaches the view
    view.receive(comm.take())
    assert view.active and trainer.calls == ["start"]
    polled = threading.Event()
    worker = threading.Thread(target=train, args=(trainer, polled), name="training")
    worker.start()
    rounds = 0
    while worker.is_alive() or view.active:
        rounds += 1
        assert rounds < 20_000, f"the view never saw the run end: it shows {view.state['status']!r}"
        worker.join(0.002)  # the browser's timer, made short
        got = comm.take()
        view.receive(got)
        if view.active and (poll_every_round or not got):
            view.poll()
            polled.set()
            view.receive(comm.take())
    view.receive(comm.take() + comm.late)
    return view, comm, panel


@pytest.mark.parametrize("threads", ["drop", "deliver", "late"])
def test_the_curves_end_complete_whatever_reaches_the_view(threads):
    view, comm, panel = run_with_polls(threads, poll_every_round=True)
    assert view.x == pytest.approx(EXPECTED_X)  # every batch once, in order
    assert view.loss == pytest.approx(EXPECTED_LOSS)
    assert view.state["status"] == "finished" and not view.state["running"]
    assert view.state["history"] == panel.state["history"] and view.state["history"]["epochs"] == [0, 1, 2]
    assert view.polls > 0 and not view.held
    if threads == "drop":
        assert comm.dropped > 0  # the training thread's points and states never arrived
    if threads == "late":
        assert comm.late  # they arrived, after the pulls, and were not drawn twice


def test_a_view_that_polls_only_when_quiet_ends_complete_when_thread_messages_are_dropped():
    view, comm, panel = run_with_polls("drop", poll_every_round=False)
    assert view.x == pytest.approx(EXPECTED_X) and view.state["status"] == "finished"
    assert view.state["progress"] == panel.state["progress"]


def test_thread_pushes_off_drops_every_message_sent_off_the_main_thread(monkeypatch):
    monkeypatch.setenv("NNBUILDER_THREAD_PUSHES", "0")
    assert not training_panel.thread_pushes_enabled()
    view, comm, panel = run_with_polls("deliver", poll_every_round=False)
    assert view.x == pytest.approx(EXPECTED_X) and view.state["status"] == "finished"
    monkeypatch.setenv("NNBUILDER_THREAD_PUSHES", "yes")
    assert training_panel.thread_pushes_enabled()


def test_pull_answers_with_what_follows_or_a_snapshot():
    sent = []
    feed = ChartFeed(sent.append, clock=lambda: 0.0, interval=0)
    first = feed.seq
    assert feed.pull(first) == [] and feed.pull(None)[0]["type"] == "snapshot"
    feed({"kind": "start", "epoch": 0, "epochs": 2, "steps": 4})
    for step in range(1, 5):
        feed({"kind": "batch", "epoch": 0, "step": step, "steps": 4, "logs": {"loss": step}})
    assert [m["after"] for m in sent] == [first, first + 1, first + 2, first + 3]
    pulled = feed.pull(first + 2)
    assert [m["seq"] for m in pulled] == [first + 3, first + 4] and pulled == sent[2:]
    assert feed.pull(feed.seq) == [] and feed.pull(feed.seq + 5)[0]["type"] == "snapshot"
    assert feed.pull(first - 1)[0]["type"] == "snapshot"  # from before this feed
    assert feed.pull("7")[0]["type"] == "snapshot" and feed.pull(True)[0]["type"] == "snapshot"
    feed({"kind": "start", "epoch": 0, "epochs": 2, "steps": 4})  # continued: the unfinished epoch again
    (snap,) = feed.pull(first + 4)  # the points it held are gone
    assert snap == {"type": "snapshot", "seq": feed.seq, "x": [], "series": {"loss": []}, "progress": snap["progress"]}


def test_pull_gathers_waiting_points_and_falls_back_to_a_snapshot_past_the_kept_messages():
    sent = []
    feed = ChartFeed(sent.append, clock=lambda: 0.0, interval=10)
    feed({"kind": "start", "epoch": 0, "epochs": 1, "steps": 10})
    since = feed.seq
    feed({"kind": "batch", "epoch": 0, "step": 1, "steps": 10, "logs": {"loss": 1}})  # sent at once
    feed({"kind": "batch", "epoch": 0, "step": 2, "steps": 10, "logs": {"loss": 2}})  # waits for the interval
    pulled = feed.pull(since)
    assert [m["x"] for m in pulled] == [[0.1], [0.2]] and len(sent) == 1
    fast = ChartFeed(sent.append, clock=lambda: 0.0, interval=0)
    since = fast.seq
    for step in range(KEEP_MESSAGES + 3):
        fast({"kind": "batch", "epoch": 0, "step": step, "steps": 1000, "logs": {"loss": step}})
    (snap,) = fast.pull(since)
    assert snap["type"] == "snapshot" and len(snap["x"]) == KEEP_MESSAGES + 3
    assert len(fast.pull(fast.seq - KEEP_MESSAGES)) == KEEP_MESSAGES
