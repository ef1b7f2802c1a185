"""Fixtures of rules the browser repeats, written by running the Python that owns each rule.

`python -m tests.shared_fixtures` writes widgets/test/python-fixtures/*.json; the vitest suites
assert that the TypeScript gives the same answers, and tests/test_shared_fixtures.py that the
committed files equal a fresh run, so neither side can drift from the other unnoticed. Each
family of fixtures has a module of its own (graph edits, edges, catalog, settings, training);
FIXTURES names the file each one is written to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nnbuilder  # noqa: F401  (hands the document its layer rules)
from tests.catalog_fixtures import category_colors, operations, shape_text
from tests.edge_fixtures import edge_identity
from tests.graph_fixtures import delete_nodes, node_ids
from tests.search_fixtures import search_ranges
from tests.setting_fixtures import param_values
from tests.training_fixtures import end_reasons

FOLDER = Path(__file__).resolve().parents[1] / "widgets" / "test" / "python-fixtures"

FIXTURES = {
    "delete-nodes.json": delete_nodes,
    "node-ids.json": node_ids,
    "shape-text.json": shape_text,
    "category-colors.json": category_colors,
    "end-reasons.json": end_reasons,
    "param-values.json": param_values,
    "edge-identity.json": edge_identity,
    "operations.json": operations,
    "search-ranges.json": search_ranges,
}


def render(name: str) -> str:
    """The text of fixture `name`, as written to disk."""
    return json.dumps(FIXTURES[name](), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name in FIXTURES:
        (FOLDER / name).write_text(render(name), encoding="utf-8")
        print(f"wrote {FOLDER / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
