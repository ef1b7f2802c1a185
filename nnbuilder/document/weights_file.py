"""The weights file beside a project: `<stem>.weights.npz`, one array per node id and weight index.

A project's JSON never holds weights; `Project.save` writes the weights it holds here and
`Project.load` reads them back. NumPy only (imported when a file is written or read), never
pickle: an entry is named `<model>/<node id>/<index>`, which no model name or node id can
confuse, since model names are identifiers and node ids hold no '/'.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from nnbuilder.document.files import PathArg, write_atomic_with
from nnbuilder.errors import ProjectError


class Weights(dict[str, dict[str, list[Any]]]):
    """Model name -> node id -> that node's weights in its layer's order (NumPy arrays).

    Arrays are never changed in place (a build copies them into the layers), so a copy of a project
    shares them instead of duplicating megabytes of weights at every edit."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Weights:
        return Weights(
            {model: {node: list(arrays) for node, arrays in by_node.items()} for model, by_node in self.items()}
        )


SUFFIX = ".weights.npz"
_ENTRY = re.compile(r"(?P<model>[^/]+)/(?P<node>[^/]+)/(?P<index>0|[1-9][0-9]*)")


def weights_path(project_path: PathArg) -> Path:
    """Where the weights of the project file at `project_path` live: `cnn.nnb.json` -> `cnn.weights.npz`."""
    path = Path(project_path)
    name = path.name
    for ending in (".nnb.json", ".json"):
        if name.endswith(ending) and len(name) > len(ending):
            name = name[: -len(ending)]
            break
    return path.with_name(name + SUFFIX)


def kept_weights(weights: Weights, nodes: dict[str, set[str]]) -> Weights:
    """The weights of nodes that still exist (`nodes`: model name -> its node ids); removed nodes' are dropped."""
    kept = Weights()
    for model, by_node in weights.items():
        alive = {node: list(arrays) for node, arrays in by_node.items() if node in nodes.get(model, set()) and arrays}
        if alive:
            kept[model] = alive
    return kept


def write_weights(project_path: PathArg, weights: Weights, nodes: dict[str, set[str]]) -> Path | None:
    """Write the weights of the nodes that still exist (`nodes`: model name -> node ids) beside the project
    file, atomically; with none, remove a weights file an earlier save left there, so loading the project
    never brings back weights it no longer has. Returns the file written, or None."""
    target = weights_path(project_path)
    weights = kept_weights(weights, nodes)
    if not weights:
        target.unlink(missing_ok=True)
        return None
    import numpy as np

    entries = {
        f"{model}/{node}/{index}": np.asarray(array)
        for model, by_node in weights.items()
        for node, arrays in by_node.items()
        for index, array in enumerate(arrays)
    }
    return write_atomic_with(target, lambda fh: np.savez(fh, **entries))  # type: ignore[arg-type]


def read_weights(project_path: PathArg) -> Weights:
    """The weights saved beside the project file ({} when there is no weights file).

    Raises ProjectError naming the file when it is not a weights file nnbuilder wrote.
    """
    source = weights_path(project_path)
    if not source.exists():
        return Weights()
    import numpy as np

    found: dict[str, dict[str, dict[int, Any]]] = {}
    try:
        with np.load(source, allow_pickle=False) as data:
            for key in data.files:
                match = _ENTRY.fullmatch(key)
                if match is None:
                    raise ProjectError(f"{source}: unexpected entry {key!r}; expected <model>/<node id>/<index>")
                arrays = found.setdefault(match["model"], {}).setdefault(match["node"], {})
                arrays[int(match["index"])] = data[key]
    except ProjectError:
        raise
    except (OSError, ValueError) as exc:
        raise ProjectError(f"{source} is not a weights file nnbuilder can read: {exc}") from None
    weights = Weights()
    for model, nodes in found.items():
        for node, by_index in nodes.items():
            if sorted(by_index) != list(range(len(by_index))):
                raise ProjectError(f"{source}: node {node!r} of model {model!r} misses weights {sorted(by_index)}")
            weights.setdefault(model, {})[node] = [by_index[i] for i in range(len(by_index))]
    return weights
