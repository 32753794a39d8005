"""Decides, before spaCy runs, whether a document can contain an event at all.

A news firehose is mostly not about violence, and spaCy is most of the cost of a document, so
one Aho–Corasick pass over the lower-cased text looks for two signals:

- a *trigger*: the start of a word that begins a phrase of the extractor's trigger lexicon
  (`extract.triggers.LEXICON`, plus the irregular forms its lemmas stand for). Without one the
  extractor cannot report an event, so this signal alone never loses an event;
- a *participant*: a casualty word, a generic armed or protesting group, or an alias of a
  registry actor (acronyms matched as written, so "IS" is not "is"). This cuts the many
  documents whose only trigger is "March", "storm" or "attack" in a match report; the price is
  that an event told with neither victims nor any actor word ("60 homes were torched") is
  rejected too. Such documents are stored as `not_relevant` with the reason, and
  `KHABAR_PREFILTER=false` re-reads everything.

Words match at a word start and as prefixes ("kill" finds "killed", "killings"), so the filter
errs on the side of letting documents through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from khabar.actors.registry import Registry, is_acronym
from khabar.extract.triggers import LEXICON
from khabar.extract.vocabulary import PROTESTERS

IRREGULAR_TRIGGERS = ("shot", "fought", "blew", "blown")
"""Forms whose lemma is in the lexicon but which do not start with it."""

CASUALTY_WORDS = (
    "kill", "dead", "death", "die", "dying", "wound", "injur", "casualt", "bodies", "body",
    "slain", "martyr", "hurt", "toll", "victim", "hostage", "abduct", "kidnap", "captive",
    "fatalit", "lives", "shot", "rape", "missing",
)  # fmt: skip
GROUP_WORDS = (
    "soldier", "troop", "police", "policem", "army", "military", "militant", "fighter", "rebel",
    "insurgent", "militia", "jihadi", "terroris", "gunm", "attacker", "assailant", "bomber",
    "paramilitar", "security forces", "armed men", "guard", "checkpoint", "convoy", "patrol",
    "commander", "civilian", "villager", "resident", "crowd",
    "extremist", "separatist", "warplane", "drone", "jet", "aircraft", "helicopter",
    *PROTESTERS,
)  # fmt: skip
"""Generic participants: the extractor reads actors and targets from words like these."""

TRIGGER = "trigger"
PARTICIPANT = "participant"
_WORD = re.compile(r"\w", re.UNICODE)


def _stem(word: str) -> str:
    """A prefix that finds the word's inflections: "execute" → "execut", "rally" → "rall"."""
    if len(word) > 3 and word[-1] in "ey":
        return word[:-1]
    return word


COMMON_WORDS = frozenset(
    {"open", "set", "air", "land", "car", "truck", "exchange", "of", "down", "up", "gun"}
    | {"himself", "herself", "themselves", "violent", "sexual", "roadside", "magnetic"}
    | {"sticky", "improvised"}
)
"""Words of multi-word triggers too frequent to stand for them: "fire" is looked for in
"opened fire", "strike" in "air strike"."""


def trigger_words() -> set[str]:
    """One necessary word of every lexicon phrase: its first position not made only of
    common words (a trigger cannot match without any of its positions)."""
    words: set[str] = set(IRREGULAR_TRIGGERS)
    for phrase, _ in LEXICON:
        positions = [position.split("|") for position in phrase.split()]
        rare = [alts for alts in positions if not COMMON_WORDS.intersection(alts)]
        words.update(_stem(word) for word in (rare or positions)[0])
    return words


@dataclass(frozen=True, slots=True)
class Verdict:
    relevant: bool
    reason: str = ""
    """Which signal was missing, for a rejected document."""


class Prefilter:
    """One automaton for the lower-cased text, one for acronyms as written; built once."""

    def __init__(self, registry: Registry) -> None:
        self._folded = ahocorasick.Automaton()
        self._exact = ahocorasick.Automaton()
        signals: dict[str, set[str]] = {word: {TRIGGER} for word in trigger_words()}
        for word in (*CASUALTY_WORDS, *GROUP_WORDS):
            signals.setdefault(word, set()).add(PARTICIPANT)
        for word, found in signals.items():  # "kill" is a trigger and a casualty word
            self._folded.add_word(word, (frozenset(found), len(word), False))
        for entry in registry.entries.values():
            for alias in entry.names:
                key = alias if is_acronym(alias) else alias.lower()
                automaton = self._exact if is_acronym(alias) else self._folded
                if key not in signals:
                    automaton.add_word(key, (frozenset({PARTICIPANT}), len(key), True))
        self._folded.make_automaton()
        self._exact.make_automaton()

    def check(self, text: str) -> Verdict:
        """Whether `text` can hold an event; stops as soon as both signals are seen."""
        found: set[str] = set()
        for haystack, automaton in ((text.lower(), self._folded), (text, self._exact)):
            for end, (signals, length, whole) in automaton.iter(haystack):
                if signals <= found or not _at_word(haystack, end + 1 - length, end + 1, whole):
                    continue
                found |= signals
                if len(found) == 2:
                    return Verdict(True)
        return _verdict(found)


def _at_word(text: str, start: int, end: int, whole: bool) -> bool:
    """The match starts a word and, for a whole-word key, also ends one."""
    if start > 0 and _WORD.match(text[start - 1]):
        return False
    return not (whole and end < len(text) and _WORD.match(text[end]))


def _verdict(found: set[str]) -> Verdict:
    if TRIGGER not in found:
        return Verdict(False, "no violence trigger word")
    return Verdict(False, "no casualty word or actor")
