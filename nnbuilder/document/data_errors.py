"""Errors raised by the data package: bad data settings or data that cannot be had."""

from __future__ import annotations

from nnbuilder.errors import NNBuilderError


class DataError(NNBuilderError, ValueError):
    """A data section, option or user-supplied data is wrong; the message names the field and the fix."""


class DatasetUnavailable(DataError):
    """The data cannot be had at all and nothing can stand in for it (e.g. a CSV file that is missing)."""
