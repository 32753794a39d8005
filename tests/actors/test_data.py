"""The registry file is consistent: unique names, valid kinds, parents that exist."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from typing import Any

import pytest

from khabar.actors.registry import KINDS, is_acronym


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    raw = resources.files("khabar.actors").joinpath("data/actors.json").read_text("utf-8")
    loaded: list[dict[str, Any]] = json.loads(raw)
    return loaded


def test_data_has_unique_names_and_valid_kinds(items: list[dict[str, Any]]) -> None:
    assert len(items) >= 150
    names = Counter(item["name"] for item in items)
    assert [name for name, n in names.items() if n > 1] == []
    assert {item["kind"] for item in items} <= KINDS


def test_data_parents_and_affiliations_exist(items: list[dict[str, Any]]) -> None:
    names = {item["name"] for item in items}
    for item in items:
        assert item.get("parent") is None or item["parent"] in names, item["name"]
        for link in item.get("affiliations", []):
            assert link["actor"] in names, item["name"]


def test_data_aliases_are_not_shared_between_entries(items: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    for item in items:
        external = [n for names in item.get("external_names", {}).values() for n in names]
        for alias in {item["name"], *item.get("aliases", []), *external}:
            key = alias if is_acronym(alias) else alias.casefold()
            assert owner.setdefault(key, item["name"]) == item["name"], alias


def test_data_covers_the_ucdp_names_of_the_dev_set(items: list[dict[str, Any]]) -> None:
    external = {n for item in items for n in item.get("external_names", {}).get("ucdp", [])}
    for name in ("IS", "Government of Syria", "Syrian insurgents", "SDF", "KIO", "HTS", "TTP"):
        assert name in external, name
