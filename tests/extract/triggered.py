"""What the trigger reading makes of a text's first sentence, for the trigger and warfare tests."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span

from khabar.extract.triggers import find_triggers, strongest


def first_sentence(nlp: Language, text: str) -> Span:
    return next(iter(nlp(text).sents))


def event_type(nlp: Language, text: str) -> tuple[str, str, str] | None:
    triggers = find_triggers(first_sentence(nlp, text))
    if not triggers:
        return None
    value = strongest(triggers).value
    return value.event_type, value.sub_event_type, value.gtd_attack_type


def sub_event(nlp: Language, text: str) -> str | None:
    found = event_type(nlp, text)
    return found[1] if found else None
