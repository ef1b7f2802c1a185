"""Loaders for the user's files: a CSV table and a folder of pictures with one subfolder per class.

Self-contained functions (see `loaders_common`): exported scripts copy their source. They raise
FileNotFoundError when the file or folder is missing and ValueError, with one sentence, for bad content.
"""

from __future__ import annotations

from nnbuilder.verbatim.loaders_common import data_result, data_split


def data_csv_table(path):
    """Read a CSV file with a header row into (header, rows of text cells); the delimiter is guessed."""
    import csv
    import os

    if not os.path.isfile(path):
        raise FileNotFoundError(f"the CSV file {path!r} does not exist")
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            sample = handle.read(65536)
            handle.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel
            rows = [
                row
                for row in csv.reader(handle, dialect)
                if any(cell.strip() for cell in row)
            ]
    except UnicodeDecodeError:
        raise ValueError(f"the CSV file {path!r} is not UTF-8 text") from None
    except csv.Error as exc:
        raise ValueError(
            f"the CSV file {path!r} could not be read as CSV ({exc})"
        ) from None
    if len(rows) < 2:
        raise ValueError(
            f"the CSV file {path!r} needs a header row and at least one row of data"
        )
    header = [cell.strip() for cell in rows[0]]
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise ValueError(
                f"row {number} of the CSV file {path!r} has {len(row)} cells but the header has {len(header)}"
            )
    return header, rows[1:]


def data_csv_number(cell):
    """A CSV cell as a float (NaN when empty or marked missing), or None when it is text."""
    text = cell.strip()
    if text.lower() in ("", "na", "n/a", "nan", "null", "none", "?"):
        return float("nan")
    try:
        return float(text)
    except ValueError:
        return None


def load_csv(path, target, task=None, test_fraction=0.2, seed=0):
    """A CSV table: numeric columns are the features, `target` the column to predict.

    Text targets, and whole-number targets with at most 20 values, become class indices (with class
    names) unless `task` says "regression"; rows with missing values are left out.
    """
    import math

    import numpy as np

    header, rows = data_csv_table(path)
    if target not in header:
        raise ValueError(
            f"the CSV file {path!r} has no column {target!r}; its columns are: {', '.join(header)}"
        )
    cells = list(zip(*rows))
    numbers = [[data_csv_number(cell) for cell in column] for column in cells]
    numeric = [all(v is not None for v in column) for column in numbers]
    t = header.index(target)
    features = [i for i in range(len(header)) if i != t and numeric[i]]
    text_columns = [header[i] for i in range(len(header)) if i != t and not numeric[i]]
    if not features:
        raise ValueError(
            f"the CSV file {path!r} has no numeric columns besides {target!r} to use as features"
        )
    x = np.array([numbers[i] for i in features], dtype=np.float64).T
    raw = [cell.strip() for cell in cells[t]]
    missing = [
        data_csv_number(v) is not None and math.isnan(data_csv_number(v)) for v in raw
    ]
    keep = ~np.isnan(x).any(axis=1) & ~np.array(missing, dtype=bool)
    if not keep.any():
        raise ValueError(f"every row of the CSV file {path!r} has a missing value")
    x = x[keep].astype(np.float32)
    raw = [v for v, k in zip(raw, keep) if k]
    values = [data_csv_number(v) for v in raw] if numeric[t] else None
    if task is None:
        whole = values is not None and all(float(v).is_integer() for v in values)
        task = (
            "classification"
            if values is None or (whole and len(set(values)) <= 20)
            else "regression"
        )
    class_names = None
    if task == "regression":
        if values is None:
            raise ValueError(
                f"the column {target!r} of {path!r} holds text, so it cannot be a regression target"
            )
        y = np.array(values, dtype=np.float32)
    else:
        if values is None:
            classes = sorted(set(raw))
            labels = raw
        else:
            classes = sorted(set(values))
            labels = values
        index = {c: i for i, c in enumerate(classes)}
        y = np.array([index[v] for v in labels], dtype=np.int32)
        class_names = [
            str(int(c)) if isinstance(c, float) and c.is_integer() else str(c)
            for c in classes
        ]
        if task == "binary" and len(classes) != 2:
            raise ValueError(
                f"the column {target!r} of {path!r} has {len(classes)} values, not the 2 a binary task needs"
            )
        if len(classes) == 2:
            task = "binary"
        else:
            task = "classification"
    left_out = []
    if text_columns:
        left_out.append(
            "the text column"
            + ("s " if len(text_columns) > 1 else " ")
            + ", ".join(map(repr, text_columns))
        )
    dropped = len(keep) - int(keep.sum())
    if dropped:
        left_out.append(
            f"{dropped} row{'s' if dropped > 1 else ''} with missing values"
        )
    note = f"Left out of {path!r}: {' and '.join(left_out)}." if left_out else None
    x_train, y_train, x_test, y_test = data_split(x, y, test_fraction, seed)
    names = [header[i] for i in features]
    if not math.isfinite(float(np.abs(x).max())):
        raise ValueError(
            f"the CSV file {path!r} has numbers too large for 32-bit floats"
        )
    return data_result(
        x_train,
        y_train,
        x_test,
        y_test,
        class_names,
        note,
        feature_names=names,
        target_name=target,
        task=task,
    )


def data_png_bytes(pixels):
    """The bytes of a PNG file showing `pixels`, an (height, width, 3) uint8 array."""
    import struct
    import zlib

    height, width = pixels.shape[:2]
    rows = b"".join(b"\x00" + pixels[i].tobytes() for i in range(height))

    def chunk(kind, body):
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 6))
        + chunk(b"IEND", b"")
    )


def data_shapes_folder(seed):
    """Offline stand-in for an image folder: circles/ and squares/, 60 pictures each.

    The 64x64 PNG pictures are drawn from `seed` once, into Keras' dataset cache
    ($KERAS_HOME/datasets, by default ~/.keras/datasets), and reused; returns the folder.
    """
    import os
    import shutil
    import tempfile

    import numpy as np

    home = os.environ.get("KERAS_HOME") or os.path.expanduser("~/.keras")
    if not os.access(home if os.path.isdir(home) else os.path.dirname(home), os.W_OK):
        home = os.path.join(tempfile.gettempdir(), ".keras")
    parent = os.path.join(home, "datasets")
    folder = os.path.join(parent, f"circles_and_squares_seed{seed}")
    if os.path.isdir(folder):
        return folder
    os.makedirs(parent, exist_ok=True)
    work = tempfile.mkdtemp(prefix=".circles_and_squares_", dir=parent)
    rng = np.random.default_rng(seed)
    gy, gx = np.mgrid[0:64, 0:64] + 0.5
    for label, name in enumerate(["circles", "squares"]):
        os.mkdir(os.path.join(work, name))
        for i in range(60):
            cy, cx = rng.uniform(26, 38, 2)
            size = rng.uniform(13, 20)
            if label == 0:
                inside = (gx - cx) ** 2 + (gy - cy) ** 2 <= size**2
            else:  # a square of about the circle's area
                inside = np.maximum(np.abs(gx - cx), np.abs(gy - cy)) <= 0.89 * size
            front = rng.integers(150, 256, 3)  # a light shape on a dark background
            back = rng.integers(0, 90, 3)
            pixels = np.where(inside[..., None], front, back).astype(np.uint8)
            with open(os.path.join(work, name, f"{name[:-1]}_{i:02d}.png"), "wb") as f:
                f.write(data_png_bytes(pixels))
    try:
        os.rename(work, folder)
    except OSError:  # made meanwhile by another process: keep that one
        shutil.rmtree(work, ignore_errors=True)
    return folder


def load_image_folder(
    path=None,
    image_size=(64, 64),
    color_mode="rgb",
    samples=None,
    test_fraction=0.2,
    seed=0,
):
    """Pictures from one subfolder per class, resized to `image_size`, float32 in [0, 1].

    The labels follow the subfolders. Without a `path`, generated pictures of circles
    and squares stand in (see `data_shapes_folder`).
    """
    import contextlib
    import io
    import math
    import os

    import numpy as np

    note = stand_in = None
    if path is None:
        path = data_shapes_folder(seed)
        note = (
            "No image folder was given, so a generated folder of circles and squares "
            f"stands in for it ({path})."
        )
        stand_in = "circles_and_squares"
    if not os.path.isdir(path):
        raise FileNotFoundError(f"the image folder {path!r} does not exist")
    kinds = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
    classes = sorted(
        d for d in os.listdir(path) if os.path.isdir(os.path.join(path, d))
    )
    count = 0
    for name in classes:
        for _, _, files in os.walk(os.path.join(path, name)):
            count += sum(f.lower().endswith(kinds) for f in files)
    if not classes or count == 0:
        raise ValueError(
            f"the image folder {path!r} has no pictures in subfolders; "
            "put each class's pictures in a subfolder named after the class"
        )
    if samples is None and count > 20000:
        raise ValueError(
            f"the image folder {path!r} has {count} pictures, too many to hold at once; set samples to use fewer"
        )
    import keras

    channels = {"rgb": 3, "grayscale": 1, "rgba": 4}[color_mode]
    options = dict(
        labels="inferred", label_mode="int", color_mode=color_mode, batch_size=64
    )
    options.update(image_size=tuple(image_size), shuffle=True, seed=seed)
    with contextlib.redirect_stdout(io.StringIO()):
        if test_fraction > 0:
            train, test = keras.utils.image_dataset_from_directory(
                path, validation_split=test_fraction, subset="both", **options
            )
        else:
            train, test = (
                keras.utils.image_dataset_from_directory(path, **options),
                None,
            )
    n_test = int(test_fraction * count)
    wanted_train = count - n_test if samples is None else min(samples, count - n_test)
    wanted_test = (
        n_test
        if samples is None
        else math.ceil(n_test * wanted_train / max(1, count - n_test))
    )

    def arrays(dataset, wanted):
        xs, ys = [], []
        got = 0
        try:
            for x, y in [] if dataset is None else dataset.as_numpy_iterator():
                xs.append(x)
                ys.append(y)
                got += len(x)
                if got >= wanted:
                    break
        except Exception as exc:
            raise ValueError(
                f"a picture in {path!r} could not be read ({type(exc).__name__})"
            ) from None
        if not xs:
            return np.zeros((0, *image_size, channels), np.float32), np.zeros(
                (0,), np.int32
            )
        x = np.concatenate(xs)[:wanted].astype(np.float32) / np.float32(255)
        return x, np.concatenate(ys)[:wanted].astype(np.int32)

    x_train, y_train = arrays(train, wanted_train)
    x_test, y_test = arrays(test, wanted_test)
    task = "binary" if len(train.class_names) == 2 else "classification"
    names = list(train.class_names)
    return data_result(
        x_train, y_train, x_test, y_test, names, note, stand_in, task=task
    )
