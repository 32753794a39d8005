"""Runs a set's records through the whole pipeline (`Analyser.analyse_many`, in batches), in this
process or in a pool of worker processes that each load the analyser once; the judgements come
back in file order, so the figures do not depend on the number of workers."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from khabar.errors import ErrorCode, KhabarError
from khabar.eval import claims, gtd, muc4, ucdp, wikievents
from khabar.eval.records import Record, load

if TYPE_CHECKING:
    from khabar.ingest.types import ParsedDocument
    from khabar.pipeline import Analyser, Analysis
    from khabar.settings import Settings


class Document(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def reference(self) -> date | None:
        """The date relative expressions in the text are read against."""


G = TypeVar("G", bound=Document)
J = TypeVar("J")


@dataclass(frozen=True, slots=True)
class EvalSet(Generic[G, J]):
    name: str
    parse: Callable[[Record], G]
    judge: Callable[[Analysis, G, Analyser], J]
    summarise: Callable[[Sequence[J]], dict[str, Any]]
    split: Callable[[G], str] | None = None
    """The record's split, for sets that have several in one file."""


SETS: dict[str, EvalSet[Any, Any]] = {
    "gtd": EvalSet("gtd", gtd.parse, gtd.judge, gtd.summarise),
    "ucdp": EvalSet("ucdp", ucdp.parse, ucdp.judge, ucdp.summarise),
    "muc4": EvalSet("muc4", muc4.parse, muc4.judge, muc4.summarise, lambda g: g.split),
    "wikievents": EvalSet("wikievents", wikievents.parse, wikievents.judge, wikievents.summarise),
    "claims": EvalSet("claims", claims.parse, claims.judge, claims.summarise),
}


def get_set(name: str) -> EvalSet[Any, Any]:
    try:
        return SETS[name.lower()]
    except KeyError:
        raise KhabarError(ErrorCode.EVAL_UNKNOWN_SET, repr(name)) from None


@dataclass(slots=True)
class Run:
    result: dict[str, Any]
    """The figures, as printed by `khabar eval --json`."""
    skipped: list[KhabarError]
    failures: list[str]
    """Records whose analysis raised, scored as if khabar had found nothing."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A set's records read and selected, ready to score."""

    spec: EvalSet[Any, Any]
    golds: list[Any]
    skipped: list[KhabarError]
    split: str | None


def prepare(name: str, path: Path, *, limit: int | None = None, split: str = "dev") -> Prepared:
    """Read `path` as set `name`: its records of `split` (for sets with splits), the first
    `limit` of them; raises `KhabarError` for an unknown set or an unreadable file."""
    spec = get_set(name)
    loaded = load(path, spec.parse)
    golds = loaded.items
    if spec.split is not None:
        golds = [g for g in golds if spec.split(g) == split]
    golds = golds[:limit] if limit is not None else golds
    return Prepared(spec, golds, loaded.skipped, split if spec.split is not None else None)


def score(
    prepared: Prepared,
    settings: Settings,
    *,
    workers: int = 1,
    on_record: Callable[[int, int], None] | None = None,
) -> Run:
    """Analyse and judge every record; `on_record(done, total)` is called after each.

    `seconds` is the wall-clock time from the first analyser load to the last judgement.
    """
    spec, golds = prepared.spec, prepared.golds
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    for outcome in _outcomes(spec, golds, settings, workers):
        outcomes.append(outcome)
        if on_record is not None:
            on_record(len(outcomes), len(golds))
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {"set": spec.name}
    if prepared.split is not None:
        result["split"] = prepared.split
    result |= spec.summarise([judgement for judgement, _ in outcomes])
    result |= {
        "seconds": round(seconds, 2),
        "skipped": len(prepared.skipped),
        "failed": sum(error is not None for _, error in outcomes),
    }
    failures = [
        f"{_id(g)}: {error}" for g, (_, error) in zip(golds, outcomes, strict=True) if error
    ]
    return Run(result, prepared.skipped, failures)


def _id(gold: Any) -> str:
    return str(getattr(gold, "id", "?"))


Outcome = tuple[Any, str | None]
"""A record's judgement, and the error its analysis raised if it did."""


def _outcomes(
    spec: EvalSet[Any, Any], golds: list[Any], settings: Settings, workers: int
) -> Iterator[Outcome]:
    if not golds:
        return iter(())
    from khabar.pipeline import BATCH

    if workers <= 1:
        from khabar.pipeline import Analyser

        analyser = Analyser(settings)
        batches = (golds[i : i + BATCH] for i in range(0, len(golds), BATCH))
        return (outcome for batch in batches for outcome in _judge_many(analyser, spec, batch))
    # Batches small enough that every worker gets several, so none waits long for the last.
    size = max(1, min(BATCH, len(golds) // (workers * PER_WORKER)))
    return _pooled(
        spec, [golds[i : i + size] for i in range(0, len(golds), size)], settings, workers
    )


PER_WORKER = 4
"""Batches of records per worker, at least, when a set is too small for full batches."""


def _pooled(
    spec: EvalSet[Any, Any], batches: list[list[Any]], settings: Settings, workers: int
) -> Iterator[Outcome]:
    # spawn, not fork: each worker builds its own analyser instead of inheriting a half-copied
    # parent (the parent never loads one here, so nothing large is duplicated either).
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(spec.name, settings)) as pool:
        for outcomes in pool.imap(_judge_in_worker, batches):
            yield from outcomes


_WORKER: dict[str, Any] = {}
"""The worker process's analyser and set, made once by `_init_worker`."""


def _init_worker(name: str, settings: Settings) -> None:
    from khabar.pipeline import Analyser

    _WORKER["analyser"] = Analyser(settings)
    _WORKER["spec"] = SETS[name]


def _judge_in_worker(golds: list[Any]) -> list[Outcome]:
    return _judge_many(_WORKER["analyser"], _WORKER["spec"], golds)


def _judge_many(analyser: Analyser, spec: EvalSet[Any, Any], golds: list[Any]) -> list[Outcome]:
    """The records' outcomes, analysed together (`Analyser.analyse_many`); one at a time when
    that raises, so that only the record that fails is judged as failed."""
    try:
        analyses = analyser.analyse_many([_parsed(gold) for gold in golds])
    except Exception:  # each is tried alone below
        return [_judge(analyser, spec, gold) for gold in golds]
    return [
        (spec.judge(analysis, gold, analyser), None)
        for analysis, gold in zip(analyses, golds, strict=True)
    ]


def _parsed(gold: Any) -> ParsedDocument:
    """The record as a document: its text, reference date and, for sets that give it, the
    outlet it came from (`ucdp`'s source office)."""
    from khabar.ingest.types import ParsedDocument

    reference = gold.reference
    published = datetime.combine(reference, clock()) if reference is not None else None
    outlet = getattr(gold, "outlet", None)
    return ParsedDocument(gold.text, None, None, published, outlet, None, None, "en")


def _judge(analyser: Analyser, spec: EvalSet[Any, Any], gold: Any) -> Outcome:
    """The record's judgement, and the error when the analysis raised (then the record is judged
    as if khabar had found nothing, so one crash neither stops the run nor inflates scores)."""
    from khabar.extract.types import DocumentExtraction
    from khabar.pipeline import Analysis

    parsed = _parsed(gold)
    error: str | None = None
    try:
        analysis = analyser.analyse(parsed)
    except Exception as exc:  # a bug in one stage must not stop the evaluation
        analysis = Analysis(DocumentExtraction((), ()), [])
        error = repr(exc)
    return spec.judge(analysis, gold, analyser), error
