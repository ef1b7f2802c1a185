"""The browser's word tables (nnbuilder/locale/*.json, read by widgets/src/shared/word-table.ts): every entry in
English and Chinese, with the same values in both, and the tables ship with the package."""

from __future__ import annotations

import json
import re
from fnmatch import fnmatch
from pathlib import Path

import pytest

from nnbuilder.locale.problem_patterns import has_chinese

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "nnbuilder" / "locale"
SOURCES = ROOT / "widgets" / "src"
TABLES = sorted(LOCALE.glob("*.json"))
PLACEHOLDER = re.compile(r"\{(\w+)\}")
COUNTED = re.compile(r"^(.+)_(one|other)$")

# Chinese entries that are a name, number or symbol only, written in Chinese as they are.
NAMES_IN_CHINESE = {
    ("training_words.json", "metrics.auc"),  # AUC
}


def entries():
    for path in TABLES:
        for key, entry in json.loads(path.read_text(encoding="utf-8")).items():
            yield path.name, key, entry


def test_the_browser_tables_are_here():
    assert [p.name for p in TABLES] == ["app_words.json", "editor_words.json", "training_words.json"]


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_each_table_maps_keys_to_english_and_chinese(path):
    table = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(table, dict) and table
    for key, entry in table.items():
        assert re.fullmatch(r"[A-Za-z][\w.]*", key), f"{path.name}: key {key!r}"
        assert isinstance(entry, dict) and sorted(entry) == ["en", "zh"], f"{path.name}: {key} holds {entry!r}"
        for lang in ("en", "zh"):
            text = entry[lang]
            assert isinstance(text, str) and text.strip(), f"{path.name}: {key} has no {lang} text"


def test_both_languages_take_the_same_values():
    for table, key, entry in entries():
        en, zh = (set(PLACEHOLDER.findall(entry[lang])) for lang in ("en", "zh"))
        assert en == zh, f"{table}: {key} takes {sorted(en)} in English but {sorted(zh)} in Chinese"
        for lang in ("en", "zh"):
            rest = PLACEHOLDER.sub("", entry[lang])
            assert "{" not in rest and "}" not in rest, f"{table}: {key} ({lang}) has a brace outside a {{name}}"


def test_chinese_is_chinese():
    for table, key, entry in entries():
        if (table, key) in NAMES_IN_CHINESE:
            continue
        assert entry["zh"] != entry["en"], f"{table}: {key} is the same in Chinese as in English"
        assert has_chinese(entry["zh"]), f"{table}: {key} has no Chinese: {entry['zh']!r}"


def test_the_names_kept_in_chinese_are_names_and_listed_once():
    tables = {(table, key): entry for table, key, entry in entries()}
    for place in NAMES_IN_CHINESE:
        assert place in tables, f"{place} is listed but not in a table"
        zh = tables[place]["zh"]
        assert not has_chinese(zh) and re.fullmatch(r"[\w\s.,:;/<>=+\-−%()]+", zh), f"{place}: {zh!r}"


def test_counted_sentences_come_in_pairs():
    """`key_one` / `key_other` are the forms for 1 and any other count; Chinese has no plural."""
    forms: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    for table, key, entry in entries():
        found = COUNTED.match(key)
        if found:
            forms.setdefault((table, found[1]), {})[found[2]] = entry
    assert forms
    for (table, base), pair in forms.items():
        assert sorted(pair) == ["one", "other"], f"{table}: {base} has only {sorted(pair)}"
        assert pair["one"]["zh"] == pair["other"]["zh"], f"{table}: {base} differs by count in Chinese"
        assert "{n}" in pair["one"]["en"] + pair["other"]["en"], f"{table}: {base} does not say the count"


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_each_table_is_read_by_one_browser_module(path):
    readers = [
        source.relative_to(SOURCES).as_posix()
        for source in SOURCES.rglob("*.ts")
        if re.search(rf"""from ["'](\.\./)+nnbuilder/locale/{re.escape(path.name)}["']""", source.read_text("utf-8"))
    ]
    assert len(readers) == 1, f"{path.name} is read by {readers or 'no module'} under widgets/src"


def test_the_tables_ship_in_the_wheel_and_the_source_archive():
    tomllib = pytest.importorskip("tomllib")
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]
    wheel = build["targets"]["wheel"]
    assert "nnbuilder" in wheel["packages"]
    assert "nnbuilder" in build["targets"]["sdist"]["include"]
    excluded = [*build.get("exclude", []), *wheel.get("exclude", [])]
    for path in TABLES:
        name = path.relative_to(ROOT).as_posix()
        assert not [rule for rule in excluded if fnmatch(name, rule) or fnmatch(path.name, rule)], name
