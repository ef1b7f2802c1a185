"""Code that exported scripts carry verbatim: the data loaders, the GAN loop, the learning-rate
schedules, the per-epoch test scores and the helper layers (`helper_layers`). nnbuilder runs these
same functions and classes, so a script builds and trains like the app.

Every module here imports nothing of nnbuilder outside this folder and keeps the default 88
columns (`make lint` checks them with --line-length 88), since its text is copied into scripts.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
