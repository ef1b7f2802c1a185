"""`LatestJobs`: one worker thread, the latest job per name, a bound on those waiting, and a failing job that
leaves the next ones running."""

from __future__ import annotations

import threading

import pytest

from nnbuilder._runtime.latest_jobs import LatestJobs

WAIT = 30  # seconds; every wait below ends as soon as the jobs are done


def blocked(jobs: LatestJobs) -> threading.Event:
    """Hold the worker in a first job until the returned event is set."""
    started, release = threading.Event(), threading.Event()

    def hold() -> None:
        started.set()
        release.wait(WAIT)

    jobs.put("holder", "hold", hold)
    assert started.wait(WAIT)
    return release


def test_a_name_queued_again_runs_only_its_latest_job_and_the_thread_ends_when_none_is_left():
    jobs, ran = LatestJobs("test-jobs"), []
    release = blocked(jobs)
    assert jobs.running() == ("holder", "hold")
    jobs.put("loss", 1, lambda: ran.append(("loss", 1)))
    jobs.put("rate", 1, lambda: ran.append(("rate", 1)))
    jobs.put("loss", 2, lambda: ran.append(("loss", 2)))  # replaces the waiting loss job, keeps its turn at the end
    assert jobs.has("holder", "hold") and jobs.has("loss", 2) and not jobs.has("loss", 1)
    release.set()
    assert jobs.wait(WAIT)
    assert ran == [("rate", 1), ("loss", 2)]
    assert not jobs.has("loss", 2) and jobs.running() is None
    for thread in [t for t in threading.enumerate() if t.name == "test-jobs"]:
        thread.join(WAIT)  # it has let go of the jobs; it ends right after
        assert not thread.is_alive()


def test_at_most_so_many_wait_the_oldest_dropped_and_a_dropped_name_never_runs():
    jobs, ran = LatestJobs("test-jobs", most=2), []
    release = blocked(jobs)
    for name in "abcd":
        jobs.put(name, name, lambda name=name: ran.append(name))
    jobs.drop("d")
    release.set()
    assert jobs.wait(WAIT)
    assert ran == ["c"]


def test_a_failing_job_is_written_to_stderr_and_the_next_still_runs(capsys):
    jobs, ran = LatestJobs("test-jobs"), []
    release = blocked(jobs)
    jobs.put("bad", 0, lambda: 1 / 0)
    jobs.put("good", 0, lambda: ran.append("good"))
    release.set()
    assert jobs.wait(WAIT)
    assert ran == ["good"]
    assert "ZeroDivisionError" in capsys.readouterr().err


def test_wait_says_when_jobs_are_still_running_at_its_timeout():
    jobs = LatestJobs("test-jobs")
    release = blocked(jobs)
    assert jobs.wait(0.01) is False
    release.set()
    assert jobs.wait(WAIT) is True
    assert jobs.wait(0) is True  # nothing left: at once


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the SystemExit, on purpose
def test_a_job_that_ends_the_thread_leaves_the_next_put_a_new_one():
    jobs, ran = LatestJobs("test-jobs"), []

    def leave() -> None:
        raise SystemExit

    first = jobs.put("exit", 0, leave)
    first.join(WAIT)
    assert jobs.wait(WAIT)  # not a dead thread waited on forever
    second = jobs.put("next", 0, lambda: ran.append("next"))
    assert second is not first and jobs.wait(WAIT) and ran == ["next"]
