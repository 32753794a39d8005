"""Walks of a parsed sentence's dependency tree that several readings share."""

from __future__ import annotations

from spacy.tokens import Token


def pobjs(prep: Token) -> list[Token]:
    """The objects of a preposition ("the car" of "of the car"), in text order."""
    return [c for c in prep.children if c.dep_ == "pobj"]
