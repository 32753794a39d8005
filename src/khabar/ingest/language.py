"""Which language a document's text is in, from py3langid's model (shipped in its wheel).

A page's own `lang` attribute is often a site template's default, so the text decides when
the model is confident; on short or mixed text it is not, and the declared language stands.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol, cast

from py3langid.langid import MODEL_FILE, LanguageIdentifier

MIN_CONFIDENCE = 0.5
"""Normalised probability below which a guess is no better than the page's declaration."""
SAMPLE_CHARS = 5000
"""A few thousand characters decide the language; reading more only costs time."""


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@cache
def _identifier() -> _Identifier:
    """Loaded once per process (about a second); the model file is read from the package."""
    return cast(_Identifier, LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of `text`, or `declared` when the model is not confident."""
    sample = text[:SAMPLE_CHARS]
    if not any(char.isalpha() for char in sample):
        return declared
    language, confidence = _identifier().classify(sample)
    return language if confidence >= MIN_CONFIDENCE else declared
