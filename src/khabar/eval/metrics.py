"""The arithmetic every scorer shares: one-to-one alignment, P/R/F1, string and head matching,
great-circle distance. Pure functions, no pipeline."""

from __future__ import annotations

import math
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

_PUNCTUATION = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def assignment(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """The (row, column) pairs with positive weight of a one-to-one assignment maximising the
    summed weight (Hungarian algorithm, O(n²m)).

    Greedy matching is not enough: a prediction that could match two gold entities must take
    the one no other prediction can (GRIT uses scipy's `linear_sum_assignment` for the same).
    """
    if not weights or not weights[0]:
        return []
    transposed = len(weights) > len(weights[0])
    grid = [list(col) for col in zip(*weights, strict=True)] if transposed else weights
    rows, cols = len(grid), len(grid[0])
    top = max(max(row) for row in grid)
    # Minimise top - weight; with rows <= cols every row is assigned, so this maximises weight.
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    owner = [0] * (cols + 1)
    way = [0] * (cols + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        col0 = 0
        slack = [math.inf] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[col0] = True
            row0, delta, col1 = owner[col0], math.inf, 0
            for col in range(1, cols + 1):
                if not used[col]:
                    cost = top - grid[row0 - 1][col - 1] - u[row0] - v[col]
                    if cost < slack[col]:
                        slack[col], way[col] = cost, col0
                    if slack[col] < delta:
                        delta, col1 = slack[col], col
            for col in range(cols + 1):
                if used[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    slack[col] -= delta
            col0 = col1
            if owner[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    pairs = [(owner[col] - 1, col - 1) for col in range(1, cols + 1) if owner[col]]
    if transposed:
        pairs = [(col, row) for row, col in pairs]
    return sorted((r, c) for r, c in pairs if weights[r][c] > 0)


@dataclass(slots=True)
class Tally:
    """Matched, predicted and gold counts, summed over documents before P/R/F1 (micro)."""

    matched_predicted: float = 0
    """Predictions found correct (numerator of precision)."""
    predicted: float = 0
    matched_gold: float = 0
    """Gold items found (numerator of recall); equals `matched_predicted` under one-to-one."""
    gold: float = 0

    def add(self, other: Tally) -> None:
        self.matched_predicted += other.matched_predicted
        self.predicted += other.predicted
        self.matched_gold += other.matched_gold
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """F1 on the 0-100 scale, as the published tables give it."""
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 100 * 2 * p * r / (p + r)


def one_to_one(predicted: int, gold: int, correct: Sequence[Sequence[bool]]) -> Tally:
    """The tally of a one-to-one alignment where `correct[i][j]` says prediction i may be gold j."""
    weights = [[1.0 if ok else 0.0 for ok in row] for row in correct]
    matched = len(assignment(weights)) if predicted and gold else 0
    return Tally(matched, predicted, matched, gold)


def normalise_answer(text: str) -> str:
    """GRIT's and GTT's `normalize_string`: lower-cased, punctuation removed, then the articles
    a/an/the, then runs of white space collapsed."""
    bare = text.lower().translate(_PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", bare).split())


def within_km(distance: float, limit: float) -> bool:
    """The bound is inclusive: a point exactly `limit` km away counts."""
    return distance <= limit


def ratio(hits: int, total: int) -> float | None:
    """A fraction, or None (JSON null) when nothing could be compared."""
    return hits / total if total else None


_HEAD_CUT = re.compile(r"\s+(?:of|who|which|that|in|at|from|on)\s|[,(;:]")
_WORD = re.compile(r"[\w'’-]+")


def head_span(text: str, start: int) -> tuple[int, int] | None:
    """The character span of the head word of a noun phrase `text` that starts at `start`:
    the last word before a post-modifier ("members of X" → "members"), else the last word.

    English noun phrases are head-final apart from post-modifiers, so this stands in for the
    dependency head that WikiEvents' scorer takes from its parser.
    """
    cut = _HEAD_CUT.search(text)
    words = list(_WORD.finditer(text[: cut.start()] if cut else text))
    if not words:
        return None
    last = words[-1]
    return start + last.start(), start + last.end()


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
