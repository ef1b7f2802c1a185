"""Reading a recorded run's TensorBoard logs back with TensorBoard's own reader."""

from __future__ import annotations

from pathlib import Path

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.plugins.hparams import metadata as hparams_metadata


def session_hparams(logs: Path) -> dict:
    """The settings a run's log folder lists for TensorBoard's HParams: {name: protobuf Value}."""
    top = EventAccumulator(str(logs), size_guidance={"tensors": 0})
    top.Reload()
    tag = hparams_metadata.SESSION_START_INFO_TAG
    assert tag in top.Tags()["tensors"]
    start = hparams_metadata.parse_session_start_info_plugin_data(top.SummaryMetadata(tag).plugin_data.content)
    return dict(start.hparams)
