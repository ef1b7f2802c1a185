"""Search ranges typed into the inspector and what the project's own checks say of each: the section's shape
(`document.search_section.search_problems`) and every value or bound judged by the setting's rule
(`checking.search_check.search_diagnostics`). Written to widgets/test/python-fixtures/search-ranges.json by
`python -m tests.shared_fixtures`; the browser's check of a range as it is typed must take and refuse the same."""

from __future__ import annotations

SEARCH_RANGE_CASES = [  # (layer, argument, ranges tried, written as the inspector writes them)
    (
        "Dense",
        "units",
        [
            {"values": [32, 64, 128]},
            {"values": [32, 0]},
            {"values": []},
            {"values": [32, 32]},
            {"values": [16, "x"]},
            {"values": [16, 2.5]},
            {"low": 8, "high": 32},
            {"low": 8, "high": 4},
            {"low": 8, "high": 8},
            {"low": 0, "high": 4},
            {"low": 8.5, "high": 32},
            {"low": 8, "high": 32, "step": 8},
            {"low": 8, "high": 32, "step": 0},
            {"low": 8, "high": 32, "step": 2.5},
            {"low": 1, "high": 64, "log": True},
            {"low": 8, "high": 64, "log": True, "step": 8},
        ],
    ),
    (
        "Dropout",
        "rate",
        [
            {"values": [0.1, 0.3]},
            {"values": [1.5]},
            {"low": 0, "high": 0.5, "type": "float"},
            {"low": 0.1, "high": 1, "type": "float"},
            {"low": 0.5, "high": 0.1, "type": "float"},
            {"low": 0.01, "high": 0.5, "log": True, "type": "float"},
            {"low": -0.1, "high": 0.5, "type": "float"},
            {"low": 0.1, "high": 0.5, "step": 0.1, "type": "float"},
        ],
    ),
    ("Dense", "activation", [{"values": ["relu", "tanh"]}, {"values": ["relu", "relux"]}, {"values": []}]),
    ("Conv2D", "padding", [{"values": ["same", "valid"]}, {"values": ["same", "full"]}]),
]


def _project(layer: str):
    from nnbuilder.document.project import Node, Project

    project = Project()
    project.graph.nodes.append(Node(id="node", layer=layer, config={}))
    return project


def _verdict(layer: str, name: str, entry: dict) -> dict:
    """Whether the project takes `entry` as the search range of `layer.name`, and the field a refusal names."""
    from nnbuilder.checking.search_check import search_diagnostics
    from nnbuilder.document.search_section import read_search
    from nnbuilder.errors import ProjectError

    target = {"model": "model", "node": "node", "param": name}
    section = {"ranges": [{"target": target, **entry}]}
    try:
        read_search(section)
    except ProjectError as exc:
        field = str(exc.path or "").removeprefix("search.ranges[0]").lstrip(".")
        return {"accepted": False, "field": field or None}
    project = _project(layer)
    project.search = section
    errors = [d for d in search_diagnostics(project) if d.severity == "error"]
    return {"accepted": not errors, "field": None}


def search_ranges() -> dict:
    """Each range tried on a real setting (`params`, as the editor's catalog sends it): taken or not, and for a
    refusal of the section's shape the field it names (`high`, `step`, `values[1]`); `catalog` is the part of the
    editor's catalog payload the browser's check reads."""
    from nnbuilder.catalog import get_spec
    from nnbuilder.ui._catalog import catalog_payload

    payload = catalog_payload()
    params, cases = {}, []
    for layer, name, entries in SEARCH_RANGE_CASES:
        key = f"{layer}.{name}"
        params[key] = get_spec(layer).param(name).to_dict()
        for entry in entries:
            cases.append({"param": key, "range": entry, **_verdict(layer, name, entry)})
    catalog = {key: payload[key] for key in ("choices", "objects", "needs_settings", "search")}
    return {"catalog": catalog, "params": params, "cases": cases}
