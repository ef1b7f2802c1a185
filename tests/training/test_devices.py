"""Device choice and its refusals (spreading over two CPUs runs in tests/training/test_runs.py)."""

from __future__ import annotations

import pytest

from nnbuilder.errors import NNBuilderError
from nnbuilder.training.devices import choose_placement


def test_default_has_a_readable_name_and_spreads_only_over_several_devices():
    placement = choose_placement()
    assert isinstance(placement.description, str) and placement.description
    assert (placement.engine is None) == (len(placement.devices) == 1)
    with placement.scope():
        pass


def test_bad_requests_name_what_the_machine_has():
    with pytest.raises(NNBuilderError, match=r"devices: asked for 64 but this machine has 1 \(CPU\)"):
        choose_placement(64)
    with pytest.raises(NNBuilderError, match="no local device '/gpu:7'; this machine has"):
        choose_placement(["/gpu:7"])
    with pytest.raises(NNBuilderError, match="expected None, a count or a list"):
        choose_placement("all")


def test_a_broken_cluster_description_is_one_sentence(monkeypatch):
    monkeypatch.setenv("TF_CONFIG", "{not json")
    with pytest.raises(NNBuilderError, match="TF_CONFIG: expected JSON with cluster.worker"):
        choose_placement()
