"""Train the GAN template and save its sample grids (first and last epoch) for the docs.

    python docs/make_gan_samples.py [--epochs 20] [--out docs/images]

Uses whatever MNIST the machine has: the real set from the Keras cache, or the
offline stand-in (scikit-learn's 8x8 digits upscaled to 28x28), and prints which.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nnbuilder import load_template  # noqa: E402
from nnbuilder.training import Trainer  # noqa: E402
from nnbuilder.ui._png import encode_png, image_grid  # noqa: E402


def save_grid(images, path: Path, scale: int = 3) -> None:
    grid = image_grid(images, pad=2)
    grid = np.repeat(np.repeat(grid, scale, axis=0), scale, axis=1)
    path.write_bytes(encode_png(grid))
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    grids: dict[int, np.ndarray] = {}
    trainer = Trainer(load_template("gan"), epochs=args.epochs)
    trainer.subscribe(lambda e: grids.__setitem__(e["epoch"], e["images"]) if e["kind"] == "samples" else None)
    started = time.monotonic()
    trainer.run()
    print(f"{trainer.epoch} epochs in {time.monotonic() - started:.0f} s on {trainer.device}")
    if trainer.dataset.note:
        print(trainer.dataset.note)
    args.out.mkdir(parents=True, exist_ok=True)
    first, last = min(grids), max(grids)
    save_grid(grids[first], args.out / "gan-samples-first-epoch.png")
    save_grid(grids[last], args.out / "gan-samples.png")
    history = trainer.history
    print("last epoch: " + ", ".join(f"{k} {v[-1]:.3f}" for k, v in history.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
