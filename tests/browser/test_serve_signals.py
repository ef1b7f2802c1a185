"""A stop signal to `nnbuilder serve` (SIGTERM from a service manager, SIGINT from Ctrl+C,
SIGHUP from a closed terminal) ends Voila and every kernel, and frees the port."""

from __future__ import annotations

import http.client
import os
import signal
import socket
from pathlib import Path

import pytest

from nnbuilder.app._supervise import descendants
from tests.browser import servers


def _running(pid: int, start: str) -> bool:
    """Whether `pid` is still that process and not a zombie waiting to be reaped."""
    try:
        fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[19] == start and fields[0] != "Z"


def _port_free(port: int) -> bool:
    """Whether a server could listen there now (as servers do, connections in TIME_WAIT do not count)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=["TERM", "INT", "HUP"])
def test_a_stop_signal_leaves_no_process_and_frees_the_port(browser_tmp, sig):
    name = f"signal-{sig.name}"
    folder = browser_tmp / name
    folder.mkdir()
    args = ["--template", "mnist_mlp", "--max-kernels", "1"]
    server = servers.start_serve(folder, browser_tmp / f"{name}-home", args, browser_tmp / f"{name}.log")
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        connection.request("GET", "/?" + server.page_url.split("?", 1)[1])
        assert connection.getresponse().status == 200  # the page's kernel has started
        connection.close()
        servers.wait_until(lambda: servers.kernel_pids(server.proc.pid), 60, "the page's kernel")
        family = descendants(server.proc.pid)
        os.kill(server.proc.pid, sig)  # the serve process alone, as a service manager or a terminal would
        assert server.proc.wait(timeout=60) == 0
        servers.wait_until(
            lambda: not any(_running(pid, start) for pid, start in family.items()), 30, "Voila and its kernel to end"
        )
        servers.wait_until(lambda: _port_free(server.port), 30, "the port to be free")
    finally:
        server.stop()
