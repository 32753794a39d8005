"""Near-duplicate documents (syndicated wire copies, light updates) by MinHash and LSH.

A document's text becomes a set of word 3-gram shingles and a MinHash signature of it
(`datasketch`). The signature is cut into LSH bands whose hashes are stored (`minhash_band`),
so a later document, in this run or any later one and in either store, finds its candidates by
an indexed lookup instead of a scan. A candidate counts only if the exact Jaccard similarity of
the two shingle sets reaches `Settings.near_duplicate_threshold`: the MinHash estimate is too
noisy (±0.04 at 128 permutations) to decide alone.

The bands are laid out for `INDEX_FLOOR`, below any allowed threshold, so the setting can change
between runs without re-indexing. A copy of a copy is linked to the first original.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from khabar.store import models as m

if TYPE_CHECKING:
    from khabar.ingest.types import SourceDocument
    from khabar.settings import Settings

NUM_PERM = 128
SEED = 1
"""Fixed, so that the bands stored by earlier runs stay comparable."""
SHINGLE = 3
INDEX_FLOOR = 0.5
"""The similarity the LSH bands are tuned for; `Settings` refuses a threshold below it."""
STATUS = "near_duplicate"
"""`document.status` of a near-duplicate: stored and linked, never extracted."""

Signature = npt.NDArray[np.uint64]

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Match:
    original_id: int
    similarity: float
    """Jaccard similarity of the shingles to the stored document that matched."""


def reason(match: Match) -> str:
    """The stored `document.error` of a copy, for people only: the similarity itself is kept in
    `document.near_duplicate_similarity`."""
    return f"near-duplicate of document {match.original_id} (similarity {match.similarity:.2f})"


def threshold(source: SourceDocument, settings: Settings) -> float | None:
    """The similarity from which `source` counts as a copy; None for an analyst's article,
    which is never a copy: a corrected version must be read again."""
    return None if source.source_kind == "article" else settings.near_duplicate_threshold


def shingles(text: str) -> frozenset[bytes]:
    """Word 3-grams of the case-folded text; punctuation and spacing do not count."""
    words = _WORD.findall(text.casefold())
    return frozenset(
        " ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)
    )


def jaccard(a: frozenset[bytes], b: frozenset[bytes]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def signature(grams: frozenset[bytes]) -> Signature:
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch(sorted(grams))
    return np.asarray(minhash.hashvalues, dtype="<u8")


@lru_cache(maxsize=1)
def _bands() -> tuple[tuple[int, int], ...]:
    """(start, end) of each band, as datasketch lays them out for `INDEX_FLOOR`."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=INDEX_FLOOR, num_perm=NUM_PERM)
    return tuple((int(start), int(end)) for start, end in lsh.hashranges)


def band_keys(grams: frozenset[bytes]) -> list[int]:
    """One signed 64-bit key per band; the band's number is hashed in, so one column holds all."""
    values = signature(grams)
    keys = set()
    for number, (start, end) in enumerate(_bands()):
        digest = hashlib.blake2b(
            values[start:end].tobytes(), digest_size=8, salt=number.to_bytes(16, "little")
        ).digest()
        keys.add(int.from_bytes(digest, "little", signed=True))
    return sorted(keys)


def find_original(
    session: Session, grams: frozenset[bytes], keys: list[int], threshold: float
) -> Match | None:
    """The stored document these shingles near-duplicate (the most similar, the oldest on a
    tie), followed back to its own original when it is itself a copy; None when none is."""
    candidates = session.execute(
        select(m.Document.id, m.Document.text, m.Document.near_duplicate_of)
        .where(
            m.Document.id.in_(select(m.MinhashBand.document_id).where(m.MinhashBand.key.in_(keys)))
        )
        .order_by(m.Document.id)
    ).all()
    best: Match | None = None
    for document_id, text, original in candidates:
        score = jaccard(grams, shingles(text))
        if score >= threshold and (best is None or score > best.similarity):
            best = Match(original or document_id, score)
    return best


def index(session: Session, document_id: int, keys: list[int]) -> None:
    """Store the document's bands, in the caller's transaction."""
    session.add_all(m.MinhashBand(key=key, document_id=document_id) for key in keys)
