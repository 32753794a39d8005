"""Wires the stages: ingest → nlp → extract → geo → actors → store, one document at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from khabar.actors.registry import Registry
from khabar.errors import ErrorCode, KhabarError
from khabar.extract.events import extract_document
from khabar.extract.types import DocumentExtraction
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import ResolvedPlace, geocode
from khabar.ingest.parse import parse_document
from khabar.ingest.sources import iter_sources
from khabar.ingest.types import FailedSource, ParsedDocument, SourceDocument
from khabar.nlp.model import load_nlp
from khabar.nlp.toponyms import add_toponyms
from khabar.settings import Settings
from khabar.store.repository import Store, sha256

EXTRACTED_LANGUAGE = "en"
"""The extractors' patterns and spaCy model are English; a document of unknown language is
still tried, since short texts often cannot be told apart."""


@dataclass(slots=True)
class Outcome:
    source: str
    status: str
    """`new`, `unchanged` or `failed`."""
    events: int = 0
    message: str = ""
    document_id: int | None = None
    extracted: bool = True
    """False for a new document stored without extraction (a language khabar cannot read)."""


@dataclass(frozen=True, slots=True)
class Analysis:
    extraction: DocumentExtraction
    places: list[ResolvedPlace]


@dataclass(slots=True)
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def not_extracted(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "new" and not o.extracted)

    @property
    def events(self) -> int:
        return sum(outcome.events for outcome in self.outcomes)


class Analyser:
    """Holds what is expensive to load (spaCy, gazetteer, registry), once per process."""

    def __init__(self, settings: Settings) -> None:
        self.nlp = load_nlp(settings.spacy_model)
        self.gazetteer = Gazetteer.load()
        self.registry = Registry.load()

    def analyse(self, parsed: ParsedDocument) -> Analysis:
        """Everything between parsing and storing; no I/O, so golden tests can call it."""
        doc = add_toponyms(
            self.nlp(parsed.text), self.gazetteer.find_in_text, self.gazetteer.is_prominent_place
        )
        published = parsed.published_at.date() if parsed.published_at else None
        extraction = extract_document(doc, published)
        mentions = [place for report in extraction.reports for place in report.places]
        places = geocode(mentions, parsed.text, self.gazetteer)
        # Claim places are geocoded apart, so that they never change how the events' places
        # are read; a place both name is geocoded once.
        told = {(p.evidence.start, p.evidence.end, p.role) for p in mentions}
        claimed = [
            place
            for claim in extraction.claims
            for place in claim.places
            if (place.evidence.start, place.evidence.end, place.role) not in told
        ]
        claimed = list({(p.evidence.start, p.evidence.end, p.role): p for p in claimed}.values())
        if claimed:
            places += geocode(claimed, parsed.text, self.gazetteer)
        return Analysis(extraction, places)


class Pipeline:
    """Runs a batch of sources through the analyser into the store, one transaction each."""

    def __init__(self, store: Store, settings: Settings, analyser: Analyser | None = None) -> None:
        self.store = store
        self.settings = settings
        self.analyser = analyser or Analyser(settings)

    def run(
        self, targets: Sequence[str], on_outcome: Callable[[Outcome], None] | None = None
    ) -> Summary:
        summary = Summary()
        for item in iter_sources(targets, self.settings):
            outcome = self.process(item)
            summary.outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        return summary

    def process(self, item: SourceDocument | FailedSource) -> Outcome:
        if isinstance(item, FailedSource):
            key = sha256(item.raw or f"{item.source_kind}:{item.source}".encode())
            return self._failed(item.source, item.source_kind, key, item.code, item.message)
        key = sha256(item.raw)
        if self.store.has_document(key):
            return Outcome(item.source, "unchanged")
        try:
            parsed = parse_document(item, self.settings)
        except KhabarError as exc:
            return self._failed(item.source, item.source_kind, key, exc.code.value, exc.message)
        if parsed.language not in (None, EXTRACTED_LANGUAGE):
            return self._not_extracted(item, parsed)
        try:
            analysis = self.analyser.analyse(parsed)
        except Exception as exc:  # one bad document must not stop the batch
            error = KhabarError(ErrorCode.ANALYSIS_FAILED, f"{item.source} ({exc!r})")
            return self._failed(item.source, item.source_kind, key, error.code.value, error.message)
        saved = self.store.save_document(
            item, parsed, analysis.extraction, analysis.places, self.analyser.registry
        )
        return Outcome(item.source, "new", saved.reports, document_id=saved.document_id)

    def _not_extracted(self, item: SourceDocument, parsed: ParsedDocument) -> Outcome:
        """Keep a document the extractors cannot read, so it can be shown and searched."""
        reason = f"language {parsed.language}: extraction supports English only"
        saved = self.store.save_document(
            item,
            parsed,
            DocumentExtraction(reports=(), mentions=()),
            [],
            self.analyser.registry,
            status="not_extracted",
            error=reason,
        )
        return Outcome(
            item.source, "new", message=reason, document_id=saved.document_id, extracted=False
        )

    def _failed(self, source: str, kind: str, key: str, code: str, message: str) -> Outcome:
        if self.store.has_document(key):
            return Outcome(source, "unchanged", message=message)
        document_id = self.store.save_failed(
            source=source, source_kind=kind, raw_sha256=key, code=code, message=message
        )
        return Outcome(source, "failed", message=message, document_id=document_id)
