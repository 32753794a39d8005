from __future__ import annotations

import pytest

from khabar.actors.registry import Registry, clean_name


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.mark.parametrize(
    "alias", ["IS", "ISIS", "ISIL", "Daesh", "the Islamic State", "islamic state"]
)
def test_registry_resolves_is_aliases_to_one_entry(registry: Registry, alias: str) -> None:
    resolved = registry.resolve(alias)
    assert resolved.name == "Islamic State"
    assert not resolved.provisional


def test_registry_keeps_hierarchy(registry: Registry) -> None:
    iskp = registry.resolve("ISKP")
    assert iskp.entry is not None
    assert iskp.entry.parent == "Islamic State"
    assert registry.resolve("Haqqani network").entry is not None
    assert registry.entries["Haqqani Network"].parent == "Taliban"


def test_registry_does_not_match_short_acronyms_case_insensitively(registry: Registry) -> None:
    assert registry.resolve("is").provisional
    assert registry.resolve("bla").provisional


def test_registry_keeps_unknown_groups_provisional(registry: Registry) -> None:
    resolved = registry.resolve("the ISIS-aligned militants")
    assert resolved.provisional
    assert resolved.name == "ISIS-aligned militants"
    assert resolved.kind == "unknown"


def test_registry_resolves_gtd_names(registry: Registry) -> None:
    assert registry.resolve("Tehrik-i-Taliban Pakistan (TTP)").name == "Tehrik-i-Taliban Pakistan"
    assert (
        registry.resolve("Khorasan Chapter of the Islamic State").name
        == "Islamic State Khorasan Province"
    )


def test_registry_clean_name_strips_article_and_possessive() -> None:
    assert clean_name("the  Taliban's") == "Taliban"
    assert clean_name("An armed group") == "armed group"
