"""Shared settings and checks of the property tests (Hypothesis)."""

from __future__ import annotations

import os
import sys

from hypothesis import HealthCheck, settings

from nnbuilder import CheckResult

# Deterministic examples in CI (a red build means a bug, never bad luck); fresh ones elsewhere.
FUZZ = settings(
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
SEVERITIES = ("error", "warning")

HOSTILE = [
    "",
    " ",
    "a'b\"c",
    "x\ny = __import__('os').system('touch PWNED')",
    "'); open('PWNED', 'w'); ('",
    '"""; open("PWNED", "w"); """',
    "\r\n\t\x00\x07\x1b[2J",
    "\u2028\u2029\ufeff\u200b",
    "名字 ünïcode",
    "../../etc/passwd",
    "a/b",
    "__class__",
    "None",
    "Model",
    "Input",
    "Lambda",
    "NoSuchLayer",
    "_private",
    "class",
    "1abc",
    "x" * 300,
]


def assert_problems_well_formed(result):
    """check()'s result: every problem has a message and a known severity, and none is a swallowed crash."""
    assert isinstance(result, CheckResult)
    for problem in result.problems:
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert problem.severity in SEVERITIES, problem
        assert isinstance(problem.code, str) and problem.code, problem
    crashes = [str(p) for p in result.problems if p.code == "internal"]
    assert not crashes, crashes


class FileTouches:
    """Paths opened or listed while active (from Python's audit events), to prove what was never read."""

    EVENTS = ("open", "os.listdir", "os.scandir", "os.walk")

    def __init__(self):
        self.active = False
        self.paths: list[str] = []
        sys.addaudithook(self._hook)  # audit hooks cannot be removed: this one only records while active

    def _hook(self, event, args):
        if self.active and event in self.EVENTS and args and isinstance(args[0], (str, bytes, os.PathLike)):
            self.paths.append(os.fsdecode(args[0]))

    def __enter__(self):
        self.paths = []
        self.active = True
        return self

    def __exit__(self, *exc):
        self.active = False
