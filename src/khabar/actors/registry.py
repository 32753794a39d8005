"""Who is who: actor names resolved to one registry entry per group, or kept as provisional.

The seed file is deliberately small here; anything it does not know becomes a provisional
actor named as the text wrote it, so nothing is silently merged into the wrong group.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

EXTRACTOR = "registry@1"
_DETERMINERS = ("the ", "a ", "an ")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    name: str
    kind: str
    provisional: bool
    entry: ActorEntry | None


class Registry:
    def __init__(self, entries: list[ActorEntry]) -> None:
        self.entries = {entry.name: entry for entry in entries}
        self._exact: dict[str, ActorEntry] = {}
        self._folded: dict[str, ActorEntry] = {}
        for entry in entries:
            for alias in (entry.name, *entry.aliases):
                self._exact[alias] = entry
                # All-caps acronyms ("IS", "LeT") only match as written: "is" is a verb.
                if not (len(alias) <= 4 and alias.upper() == alias):
                    self._folded[alias.casefold()] = entry

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Registry:
        raw = json.loads(
            resources.files("khabar.actors").joinpath("data/actors.json").read_text("utf-8")
        )
        return cls(
            [
                ActorEntry(
                    name=item["name"],
                    kind=item["kind"],
                    parent=item.get("parent"),
                    aliases=tuple(dict.fromkeys(item.get("aliases", []))),
                )
                for item in raw
            ]
        )

    def resolve(self, text: str) -> ResolvedActor:
        cleaned = clean_name(text)
        entry = self._exact.get(cleaned) or self._folded.get(cleaned.casefold())
        if entry is not None:
            return ResolvedActor(entry.name, entry.kind, False, entry)
        return ResolvedActor(cleaned, "unknown", True, None)


def clean_name(text: str) -> str:
    """The name as a registry key: no leading article, no possessive, single spaces."""
    name = " ".join(text.split())
    lowered = name.lower()
    for determiner in _DETERMINERS:
        if lowered.startswith(determiner):
            name = name[len(determiner) :]
            break
    if name.endswith("'s") or name.endswith("’s"):
        name = name[:-2]
    return name
