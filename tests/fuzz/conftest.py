"""Two sizes for every fuzz test: a fixed-seed sample in `make test`, the big run in `make fuzz`.

Each fuzz test takes the `budget` fixture and runs its property with `budget.settings(weight)`.
The `sample` run is derandomised (the same inputs every time, so a failure in `make test` is
reproducible); the `fuzz` run is marked `slow` and shares KHABAR_FUZZ_EXAMPLES (default 100,000)
generated inputs among the tests in proportion to their weights. Every input a property sees is
counted, and the count is printed at the end, so the total is measured, not assumed.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings

TOTAL_EXAMPLES = int(os.environ.get("KHABAR_FUZZ_EXAMPLES", "100000"))
WEIGHTS = {
    "cli": 4,
    "html": 8,
    "html_big": 0.02,
    "warc": 6,
    "feeds": 8,
    "numbers": 30,
    "dates": 12,
    "extract": 2,
    "markdown": 20,
    "comments": 10,
    "articles": 8,
    "openapi": 0.05,
}
"""Share of the big run per property; the parsers that cost the most get the fewest inputs
(`openapi` is per operation and mode, on each backend)."""
SAMPLE_EXAMPLES = {"html_big": 2, "openapi": 3}
"""Inputs per property in `make test` where not the default of 25."""
SEEN: Counter[str] = Counter()


@dataclass(frozen=True, slots=True)
class Budget:
    """How many inputs a property gets in this run, and whether it is the big run."""

    big: bool

    def settings(self, kind: str) -> settings:
        """Hypothesis settings for the property `kind` (a key of WEIGHTS)."""
        share = WEIGHTS[kind] / sum(WEIGHTS.values())
        if self.big:
            examples = max(2, round(TOTAL_EXAMPLES * share))
        else:
            examples = SAMPLE_EXAMPLES.get(kind, 25)
        return settings(
            max_examples=examples,
            derandomize=not self.big,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            print_blob=True,
        )

    @staticmethod
    def seen(kind: str) -> None:
        """Count one generated input of the property `kind`."""
        SEEN[kind] += 1


@pytest.fixture(params=["sample", pytest.param("fuzz", marks=pytest.mark.slow)])
def budget(request: pytest.FixtureRequest) -> Budget:
    return Budget(big=request.param == "fuzz")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SEEN:
        counts = ", ".join(f"{kind} {count:,}" for kind, count in sorted(SEEN.items()))
        terminalreporter.write_line(f"fuzz: {sum(SEEN.values()):,} generated inputs ({counts})")
