"""The spaCy pipeline, loaded once per test session through khabar's own loader."""

from __future__ import annotations

import pytest
from spacy.language import Language

from khabar.nlp.model import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()
