"""`khabar eval ucdp-dedupe FILE`: how well `dedupe` puts reports of one happening together, on
UCDP GED rows (shared/data/README.md) that cite several headlines.

- items: every UCDP event whose `source_headline` lists two or more headlines (";"-separated)
  is split into one document per headline, analysed by the whole pipeline with `date_start` as
  the reference date (so a headline without a date is dated like its siblings, which makes the
  date rule easier here than in the news) and its outlet from `source_office` as the document's
  outlet, as `ucdp` does. The gold cluster of a headline is its UCDP event.
- clustering: the headlines are saved, in order of `date_start`, UCDP id and position, into a
  temporary SQLite store through `Store.save_document`, so the figures measure the very code
  ingest runs (blocking included). A headline's predicted cluster is the event of its main
  report (most killed plus injured, then highest confidence, then first: `common.main_report`).
- scored: headlines the pipeline found at least one report in (dedupe cannot place the others;
  they are counted as `headlines_without_report`). B-cubed precision and recall average, over
  items, the share of an item's predicted (gold) cluster that is in its gold (predicted)
  cluster; pairwise ones count pairs of items put together. F1 is on a 0-100 scale like every
  other F1 of `khabar eval`.
- splits: rows with even and with odd UCDP `id` are clustered apart, then all together, each
  in a fresh store; rules are studied on even rows only, so the odd figures are held out.
"""

from __future__ import annotations

import html
import tempfile
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as clock
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khabar.eval.records import Record, field, iso_date, load, optional
from khabar.eval.ucdp import source_outlets

if TYPE_CHECKING:
    from khabar.pipeline import Analyser, Analysis
    from khabar.settings import Settings

SET_NAME = "ucdp-dedupe"


@dataclass(frozen=True, slots=True)
class Gold:
    id: int
    reference: date
    headlines: tuple[str, ...]
    outlets: tuple[str | None, ...]
    """One per headline (`headline_outlets`)."""


def split_headlines(value: str | None) -> tuple[str, ...]:
    """The ";"-separated headlines of `source_headline`. Character references the rows carry
    from their web sources ("regime&#8217;s") are decoded first: their ";" separates nothing."""
    return tuple(h.strip() for h in html.unescape(value or "").split(";") if h.strip())


def headline_outlets(value: str | None, count: int) -> tuple[str | None, ...]:
    """Each headline's outlet. `source_office` names one outlet per headline, in the same order,
    when it lists as many as there are headlines; otherwise its first stands for them all."""
    outlets = source_outlets(value)
    if len(outlets) == count:
        return tuple(outlets)
    return (outlets[0],) * count


def parse(record: Record) -> Gold:
    headlines = split_headlines(optional(record, "source_headline", str))
    return Gold(
        id=field(record, "id", int),
        reference=iso_date(field(record, "date_start", str), "date_start")[0],
        headlines=headlines,
        outlets=headline_outlets(optional(record, "source_office", str), len(headlines)),
    )


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 100 * 2 * precision * recall / (precision + recall)


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of item labels (`gold[i]`, `predicted[i]` for item i)."""
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)
    n = len(gold)
    if n == 0:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    # Each of the `both` items sharing a (gold, predicted) label scores both/size on each side.
    precision = sum(both * both / predicted_sizes[p] for (_, p), both in pairs.items()) / n
    recall = sum(both * both / gold_sizes[g] for (g, _), both in pairs.items()) / n
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def pairwise(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[str, float]:
    """Precision, recall and F1 over unordered pairs of items (1.0 when there is no pair)."""

    def linked(sizes: Counter[Any]) -> int:
        return sum(size * (size - 1) // 2 for size in sizes.values())

    both = linked(Counter(zip(gold, predicted, strict=True)))
    in_predicted, in_gold = linked(Counter(predicted)), linked(Counter(gold))
    precision = both / in_predicted if in_predicted else 1.0
    recall = both / in_gold if in_gold else 1.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


@dataclass(frozen=True, slots=True)
class Headline:
    gold: Gold
    index: int
    analysis: Analysis


def cluster(headlines: Sequence[Headline], analyser: Analyser) -> list[int | None]:
    """Each headline's predicted event (None without a report), saved into a fresh temporary
    SQLite store one headline at a time."""
    from sqlalchemy import select

    from khabar.ingest.types import ParsedDocument, SourceDocument
    from khabar.store import models as m
    from khabar.store.db import make_engine, upgrade
    from khabar.store.repository import Store

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'dedupe.db'}"
        engine = make_engine(url)
        upgrade(engine)
        store = Store(engine)
        found: list[int | None] = []
        for item in headlines:
            text = item.gold.headlines[item.index]
            source = f"ucdp:{item.gold.id}#{item.index}"
            published = datetime.combine(item.gold.reference, clock(), tzinfo=UTC)
            saved = store.save_document(
                SourceDocument(source, "eval", source.encode(), None, published),
                ParsedDocument(
                    text, None, None, published, item.gold.outlets[item.index], None, None, "en"
                ),
                item.analysis.extraction,
                item.analysis.places,
                analyser.registry,
            )
            with store.session() as session:
                reports = session.scalars(
                    select(m.Report)
                    .where(m.Report.document_id == saved.document_id)
                    .order_by(m.Report.id)
                ).all()
                ranked = sorted(
                    reports,
                    key=lambda r: (-((r.killed_best or 0) + (r.injured_best or 0)), -r.confidence),
                )
                found.append(ranked[0].event_id if ranked else None)
        engine.dispose()
    return found


def score(headlines: Sequence[Headline], analyser: Analyser) -> dict[str, Any]:
    ordered = sorted(headlines, key=lambda h: (h.gold.reference, h.gold.id, h.index))
    events = cluster(ordered, analyser)
    scored = [(h.gold.id, e) for h, e in zip(ordered, events, strict=True) if e is not None]
    gold, predicted = [g for g, _ in scored], [p for _, p in scored]
    return {
        "events": len({h.gold.id for h in ordered}),
        "headlines": len(ordered),
        "headlines_without_report": len(ordered) - len(scored),
        "items": len(scored),
        "bcubed": bcubed(gold, predicted),
        "pairwise": pairwise(gold, predicted),
    }


def run(path: Path, settings: Settings, *, limit: int | None = None) -> tuple[dict[str, Any], int]:
    """The figures for even, odd and all rows, and how many lines were skipped."""
    from khabar.extract.types import DocumentExtraction
    from khabar.ingest.types import ParsedDocument
    from khabar.pipeline import Analyser, Analysis

    started = time.perf_counter()
    loaded = load(path, parse)
    golds = [g for g in loaded.items if len(g.headlines) >= 2][:limit]
    analyser = Analyser(settings)
    headlines: list[Headline] = []
    failed = 0
    for gold in golds:
        published = datetime.combine(gold.reference, clock())
        for index, text in enumerate(gold.headlines):
            outlet = gold.outlets[index]
            parsed = ParsedDocument(text, None, None, published, outlet, None, None, "en")
            try:
                analysis = analyser.analyse(parsed)
            except Exception:  # one crash is scored as finding nothing, not a stopped run
                analysis = Analysis(DocumentExtraction((), ()), [])
                failed += 1
            headlines.append(Headline(gold, index, analysis))
    result: dict[str, Any] = {"set": SET_NAME}
    for name, keep in (("even", 0), ("odd", 1), ("all", None)):
        chosen = [h for h in headlines if keep is None or h.gold.id % 2 == keep]
        result[name] = score(chosen, analyser)
    result |= {"seconds": round(time.perf_counter() - started, 2), "failed": failed}
    return result, len(loaded.skipped)
