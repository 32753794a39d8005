"""Who is who: actor names resolved to one registry entry per group, or kept as provisional.

`Registry.resolve(text)` reads one name on its own, in this order (first hit wins):

1. exact alias, then case-folded alias (all-caps acronyms of up to four letters only match as
   written: "is" is a verb, "IS" a group), then the alias with punctuation ignored and
   apostrophes or ʿayn/hamza marks dropped (`match_key`: "Jama'at", "Jamāʿat", "Jamaat");
2. an alias inside a longer phrase (Aho–Corasick, whole words, longest match): when the rest of
   the phrase is only generic people words ("suspected Boko Haram fighters") it *is* that
   entry; otherwise ("ISIS-aligned militants", "a Taliban commander") it is a provisional actor
   of its own, named as written, whose `affiliate` is the entry found — linked, never merged;
3. a spelling variant of a non-state entry's alias: the same consonants in the same order
   (`skeleton`: "Tehreek"/"Tehrik", "Tayyaba"/"Taiba", "ash-Sham"/"al-Sham") and rapidfuzz
   `ratio` ≥ `FUZZY_MIN` on the match keys, both at least `FUZZY_MIN_LENGTH` characters, and
   one entry only among such aliases. A different word is never a variant, however long the
   rest of the name ("Communist Party of Nepal (Maoist)" is not "… of India (Maoist)"). State
   entries are left out because their names differ only by country;
4. otherwise a provisional actor named as written, for an analyst to review.

`DocumentResolver` adds what one document's context allows: a definite generic reference
("the militants", "the group") is the group named earlier in the same document when exactly
one group was named so far; otherwise it stays generic (`Unidentified armed group`).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick
from rapidfuzz import fuzz

EXTRACTOR = "registry@4"
KINDS = frozenset(
    {"armed_group", "state_force", "government", "political_party", "person", "civilians",
     "generic"}
)  # fmt: skip
UNIDENTIFIED = "Unidentified armed group"
FUZZY_MIN = 75.0
FUZZY_MIN_LENGTH = 8
_DETERMINERS = ("the ", "a ", "an ")
_STATE_KINDS = frozenset({"state_force", "government"})
_GENERIC_WORDS = frozenset(
    {
        "gunman", "gunmen", "militant", "militants", "assailant", "assailants", "attacker",
        "attackers", "insurgent", "insurgents", "terrorist", "terrorists", "rebel", "rebels",
        "fighter", "fighters", "bomber", "bombers", "member", "members", "group", "groups",
        "extremists", "jihadists", "outfit", "organisation", "organization", "cadres", "men",
        "unidentified", "unknown", "armed", "suspected", "alleged", "masked", "suicide", "of",
        "the", "a", "an", "some", "several", "its", "their", "local", "forces", "force",
        "troops", "soldiers", "militia", "militiamen", "operatives", "loyalists", "guerrilla",
        "guerrillas", "paramilitaries", "gang", "gangs", "gangsters", "hitmen",
    }
)  # fmt: skip
"""Words that add nobody to a name: "Taliban fighters" are the Taliban, "FARC guerrillas" the
FARC and "Sinaloa Cartel hitmen" the Sinaloa Cartel."""
_ANAPHORS = ("the ", "these ", "those ", "this ", "that ")
_ANAPHORIC_HEADS = frozenset(
    {
        "militants", "militant", "group", "insurgents", "attackers", "assailants", "gunmen",
        "fighters", "rebels", "outfit", "organisation", "organization", "terrorists",
        "jihadists", "extremists", "terrorist group", "militant group", "armed group",
        "insurgent group", "jihadist group",
    }
)  # fmt: skip
_WORD = re.compile(r"\w", re.UNICODE)
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
_APOSTROPHES = re.compile("['’‘ʼʿʾ`´]")
_ASSIMILATED_ARTICLE = re.compile(r"^[aeu](?:d|dh|n|r|s|sh|t|th|z)$")
""""ad-Din", "ash-Sham", "ar-Rahman": the Arabic article "al" before a sun letter."""
_FINAL_VOWEL_H_OR_T = re.compile(r"(?<=[aeiou])h$|(?<=a)t$")
_LINKING_WORDS = frozenset({"in", "of", "the", "and", "for"})
_VOWELS = re.compile("[aeiouy ]")
_REPEATS = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class Affiliation:
    actor: str
    relation: str
    since: int | None = None
    until: int | None = None


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...]
    active_from: int | None = None
    active_to: int | None = None
    countries: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    """Gazetteer ids of the first-level units where a group fights, for a group of a few units
    (`geo.actor_country` places a report naming it there when they agree on one)."""
    external_names: tuple[tuple[str, str], ...] = ()
    """(dataset, name) pairs: every name GTD's `gname` or UCDP's `side_a`/`side_b` uses."""
    sources: tuple[str, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every string that names the entry: its name, aliases and external names."""
        return tuple(
            dict.fromkeys((self.name, *self.aliases, *(n for _, n in self.external_names)))
        )


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    name: str
    kind: str
    provisional: bool
    entry: ActorEntry | None
    affiliate: ActorEntry | None = None
    """For a provisional actor: the entry its phrase names ("ISIS-aligned" → Islamic State)."""
    method: str = "provisional"
    """exact, folded, normalised, contained, fuzzy, context, generic or provisional."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A registry name found at `text[start:end]`."""

    start: int
    end: int
    entry: ActorEntry


def is_acronym(alias: str) -> bool:
    return len(alias) <= 4 and alias.upper() == alias


def normalise(text: str) -> str:
    """Case-folded, accents and punctuation dropped, single spaces: "Tehrik-i-Taliban" →
    "tehrik i taliban"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", stripped).split())


def match_key(text: str) -> str:
    """`normalise` with apostrophes and ʿayn/hamza marks dropped rather than read as word
    breaks, so that transliterations with and without them meet: "Da'esh" → "daesh"."""
    return normalise(_APOSTROPHES.sub("", text))


def skeleton(key: str) -> str:
    """What transliterations of one name share: the consonants of a match key in order,
    repeated letters once, without English linking words ("in", "of" …), the article in any
    assimilated form read as "al", a final "ah", "eh" or "at" as the vowel alone (Arabic tāʾ
    marbūṭa: "Jama'a"/"Jamaat"): "Hizbullah", "Hezbollah" and "Hizballah" → "hzbl"."""
    words = [
        "al" if _ASSIMILATED_ARTICLE.match(w) else _FINAL_VOWEL_H_OR_T.sub("", w)
        for w in key.split()
        if w not in _LINKING_WORDS
    ]
    return _REPEATS.sub(r"\1", _VOWELS.sub("", " ".join(words)))


class Registry:
    def __init__(self, entries: list[ActorEntry], version: str = "") -> None:
        self.entries = {entry.name: entry for entry in entries}
        self.version = version
        """A digest of the registry file, so a seeded database knows when it is stale."""
        self._exact: dict[str, ActorEntry] = {}
        self._folded: dict[str, ActorEntry] = {}
        self._normalised: dict[str, ActorEntry] = {}
        self._fuzzy: dict[str, dict[str, ActorEntry]] = {}
        """skeleton → match key → entry, for the spelling variants of non-state names."""
        self._case_sensitive = ahocorasick.Automaton()
        self._case_folded = ahocorasick.Automaton()
        for entry in entries:
            for alias in entry.names:
                self._exact.setdefault(alias, entry)
                if is_acronym(alias):
                    self._case_sensitive.add_word(alias, (len(alias), entry.name))
                    continue
                self._folded.setdefault(alias.casefold(), entry)
                self._case_folded.add_word(alias.casefold(), (len(alias), entry.name))
                key = match_key(alias)
                self._normalised.setdefault(key, entry)
                if entry.kind not in _STATE_KINDS and len(key) >= FUZZY_MIN_LENGTH:
                    self._fuzzy.setdefault(skeleton(key), {}).setdefault(key, entry)
        for automaton in (self._case_sensitive, self._case_folded):
            if len(automaton):
                automaton.make_automaton()

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Registry:
        raw = resources.files("khabar.actors").joinpath("data/actors.json").read_text("utf-8")
        return cls.from_json(json.loads(raw), version=_digest(raw))

    @classmethod
    def from_json(cls, items: list[dict[str, Any]], version: str = "") -> Registry:
        return cls([_entry(item) for item in items], version)

    def resolve(self, text: str) -> ResolvedActor:
        """One name on its own, without context (see the module docstring)."""
        cleaned = clean_name(text)
        for method, entry in (
            ("exact", self._exact.get(cleaned)),
            ("folded", self._folded.get(cleaned.casefold())),
            ("normalised", self._normalised.get(match_key(cleaned))),
        ):
            if entry is not None:
                return ResolvedActor(entry.name, entry.kind, False, entry, method=method)
        hits = self.find(cleaned)
        named = {hit.entry.name: hit.entry for hit in hits}
        if len(named) == 1:
            (entry,) = named.values()
            if _only_generic_words(cleaned, hits):
                return ResolvedActor(entry.name, entry.kind, False, entry, method="contained")
        fuzzy = self._fuzzy_match(cleaned)
        if fuzzy is not None:
            return ResolvedActor(fuzzy.name, fuzzy.kind, False, fuzzy, method="fuzzy")
        affiliate = None
        if len(named) == 1:
            (affiliate,) = named.values()
            if affiliate.kind in ("civilians", "generic"):
                affiliate = None
        return ResolvedActor(cleaned, "unknown", True, None, affiliate)

    def find(self, text: str) -> list[Hit]:
        """Every registry name inside `text` as whole words, longest first where they overlap,
        in text order."""
        found: list[Hit] = []
        for automaton, haystack in (
            (self._case_sensitive, text),
            (self._case_folded, text.casefold()),
        ):
            if not len(automaton):
                continue
            for end, (length, name) in automaton.iter(haystack):
                start = end - length + 1
                if _bounded(haystack, start, end + 1):
                    found.append(Hit(start, end + 1, self.entries[name]))
        found.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
        kept: list[Hit] = []
        for hit in found:
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept

    def _fuzzy_match(self, text: str) -> ActorEntry | None:
        key = match_key(text)
        if len(key) < FUZZY_MIN_LENGTH:
            return None
        found = {
            entry.name: entry
            for alias, entry in self._fuzzy.get(skeleton(key), {}).items()
            if fuzz.ratio(key, alias) >= FUZZY_MIN
        }
        return next(iter(found.values())) if len(found) == 1 else None


@dataclass
class DocumentResolver:
    """Resolves one document's actor mentions in text order, using what came before."""

    registry: Registry
    groups: dict[str, ResolvedActor] = field(default_factory=dict)
    """Distinct groups named so far, by resolved name."""

    def resolve(self, text: str) -> ResolvedActor:
        cleaned = " ".join(text.split()).casefold()
        if cleaned.startswith(_ANAPHORS) and cleaned.split(" ", 1)[1] in _ANAPHORIC_HEADS:
            if len(self.groups) == 1:
                (group,) = self.groups.values()
                return ResolvedActor(
                    group.name, group.kind, group.provisional, group.entry, group.affiliate,
                    "context",
                )  # fmt: skip
            return self._unidentified()
        resolved = self.registry.resolve(text)
        if resolved.kind == "armed_group" or resolved.affiliate is not None:
            self.groups.setdefault(resolved.name, resolved)
        return resolved

    def resolve_all(
        self, mentions: Iterable[tuple[int, str]]
    ) -> dict[tuple[int, str], ResolvedActor]:
        """(start, text) → actor for every mention, resolved in order of `start`."""
        return {key: self.resolve(key[1]) for key in sorted(set(mentions))}

    def _unidentified(self) -> ResolvedActor:
        entry = self.registry.entries.get(UNIDENTIFIED)
        if entry is None:
            return ResolvedActor(UNIDENTIFIED, "generic", True, None, method="generic")
        return ResolvedActor(entry.name, entry.kind, False, entry, method="generic")


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


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _WORD.match(before) and not _WORD.match(after)


def _only_generic_words(text: str, hits: list[Hit]) -> bool:
    rest = text
    for hit in reversed(hits):
        rest = rest[: hit.start] + " " + rest[hit.end :]
    return all(word in _GENERIC_WORDS for word in normalise(rest).split())


def _entry(item: dict[str, Any]) -> ActorEntry:
    external = item.get("external_names", {})
    return ActorEntry(
        name=item["name"],
        kind=item["kind"],
        parent=item.get("parent"),
        aliases=tuple(dict.fromkeys(item.get("aliases", []))),
        active_from=item.get("active_from"),
        active_to=item.get("active_to"),
        countries=tuple(item.get("countries", [])),
        areas=tuple(item.get("areas", [])),
        external_names=tuple((source, name) for source in external for name in external[source]),
        sources=tuple(item.get("sources", [])),
        affiliations=tuple(
            Affiliation(a["actor"], a["relation"], a.get("from"), a.get("to"))
            for a in item.get("affiliations", [])
        ),
    )


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
