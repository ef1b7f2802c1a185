"""`export_code(project)`: a standalone Keras script for a project.

The script is also an importable module: `build_model()` (or one
`build_<name>()` per model) returns the Keras model; it trains nothing unless
run as a script. It needs only Keras, never nnbuilder.
"""

from __future__ import annotations

from nnbuilder.codegen.model_code import export_code

__all__ = ["export_code"]
