"""Wires the stages: ingest → nlp → extract → geo → actors → store.

A document is prepared (parsed, prefiltered, analysed: no I/O, so a worker process can do it)
and then written by the one writer, in input order, one transaction each, so `--workers N`
stores the same as one process; one process analyses documents in batches (`BATCH`) and stores
the same as one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from spacy.tokens import Doc
from sqlalchemy.exc import IntegrityError

from khabar.actors.registry import Registry
from khabar.dedupe import near
from khabar.errors import ErrorCode, KhabarError
from khabar.extract.events import extract_document
from khabar.extract.house_style import PLAIN
from khabar.extract.roles import attach_roles
from khabar.extract.types import DocumentExtraction
from khabar.geo.actor_country import ActorFinder, ActorHit, with_actor_countries
from khabar.geo.country_site import with_country_sites
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import ResolvedPlace, geocode
from khabar.geo.outlet_names import without_outlet_names
from khabar.geo.outlets import Outlets
from khabar.ingest.parse import parse_document
from khabar.ingest.sources import iter_sources
from khabar.ingest.types import FailedSource, ParsedDocument, SourceDocument
from khabar.nlp.model import load_nlp
from khabar.nlp.roles import RoleReading, load_roles, read_many
from khabar.nlp.toponyms import add_toponyms
from khabar.scale.ordered import Batch, Ready, Workers, prepare_ordered
from khabar.scale.prefilter import Prefilter
from khabar.settings import Settings
from khabar.store.repository import Store, sha256

T = TypeVar("T")

SAVE_ATTEMPTS = 3
"""Saves of one document tried when concurrent runs keep creating the same place or actor."""

BATCH = 32
"""Documents `Analyser.analyse_many` is best given at once: spaCy's `Language.pipe` is fastest on
news articles with batches about this size (a third faster per document than one at a time,
where its default of 256 is slower and takes a gigabyte more memory)."""

WINDOW = 4 * BATCH
"""Documents read ahead in one process, so that a batch gathers documents worth analysing
even where the prefilter rejects most of a feed; only their parsed texts are held."""

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
    stored_as: str = "extracted"
    """The new document's status: `extracted`, `not_extracted` (a language khabar cannot read),
    `not_relevant` (rejected by the prefilter) or `near_duplicate` (a copy of a stored one)."""
    analysed: bool = False
    """Whether spaCy and the extractors ran on it (never for a copy found before analysis)."""

    @property
    def extracted(self) -> bool:
        """False for a new document stored without extraction."""
        return self.stored_as == "extracted"


@dataclass(frozen=True, slots=True)
class Analysis:
    extraction: DocumentExtraction
    places: list[ResolvedPlace]


@dataclass(frozen=True, slots=True)
class Prepared:
    """What preparing one source gives the writer; small and picklable, so it can come back
    from a worker process."""

    status: str
    """`extracted`, `not_extracted`, `not_relevant`, `near_duplicate` or `failed`."""
    parsed: ParsedDocument | None = None
    analysis: Analysis | None = None
    code: str = ""
    message: str = ""
    bands: tuple[int, ...] = ()
    """The LSH band keys of a document read and waiting for analysis (`dedupe/near.py`), hashed
    where it was read, so that the writer's process looks its originals up without hashing."""

    @property
    def waiting(self) -> bool:
        """Read, found relevant, and not analysed yet."""
        return self.status == "extracted" and self.analysis is None


@dataclass(slots=True)
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    def stored_as(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == "new" and o.stored_as == status)

    @property
    def not_extracted(self) -> int:
        return self.stored_as("not_extracted")

    @property
    def events(self) -> int:
        return sum(outcome.events for outcome in self.outcomes)


def actors_in(registry: Registry) -> ActorFinder:
    """The registry's armed groups and state actors named in a text, with where each operates
    (for `geo.actor_country`, which may not import the registry)."""

    def find(text: str) -> list[ActorHit]:
        return [
            ActorHit(
                hit.start,
                hit.end,
                hit.entry.kind != "armed_group",
                hit.entry.countries,
                hit.entry.areas,
            )
            for hit in registry.find(text)
            if hit.entry.kind in ("armed_group", "state_force", "government")
        ]

    return find


class Analyser:
    """Holds what is expensive to load (spaCy, gazetteer, registry, outlets), once per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.nlp = load_nlp(settings.spacy_model)
        self.roles = load_roles() if settings.role_model else None
        self.gazetteer = Gazetteer.load()
        self.registry = Registry.load()
        self.outlets = Outlets.load()
        self._actors = actors_in(self.registry)
        self.prefilter = Prefilter(self.registry) if settings.prefilter else None

    def analyse(self, parsed: ParsedDocument) -> Analysis:
        """Everything between parsing and storing; no I/O, so golden tests can call it."""
        return self.analyse_many([parsed])[0]

    def analyse_many(self, batch: Sequence[ParsedDocument]) -> list[Analysis]:
        """`analyse` of each document, spaCy's models run on the batch together: `Language.pipe`
        does their matrix work for many documents at once, which is faster per document and
        reads each the same."""
        docs = list(self.nlp.pipe((parsed.text for parsed in batch), batch_size=BATCH))
        readings: Sequence[RoleReading | None] = (
            read_many(docs, self.roles) if self.roles is not None else [None] * len(batch)
        )
        # The gazetteer searches every text first, back to back: faster (`Gazetteer.searching`).
        with self.gazetteer.searching(parsed.text for parsed in batch):
            return [
                self._analysed(parsed, doc, reading)
                for parsed, doc, reading in zip(batch, docs, readings, strict=True)
            ]

    def _analysed(self, parsed: ParsedDocument, doc: Doc, reading: RoleReading | None) -> Analysis:
        gaz = self.gazetteer
        doc = add_toponyms(doc, gaz.find_in_text, gaz.is_prominent_place, gaz.is_major_place)
        published = parsed.published_at.date() if parsed.published_at else None
        # The outlet tells how its words read (`extract/house_style.py`), and is a weak cue to
        # where the document's events are (`geo/outlets.py`).
        outlet = self.outlets.find(parsed.outlet)
        extraction = extract_document(doc, published, outlet.style if outlet else PLAIN)
        if reading is not None:
            extraction = attach_roles(extraction, reading)
        extraction = without_outlet_names(extraction, self.outlets, self.gazetteer, parsed.text)
        extraction = with_actor_countries(
            extraction, parsed.text, self.gazetteer, self._actors, outlet
        )
        extraction = with_country_sites(extraction, self.gazetteer)
        mentions = [place for report in extraction.reports for place in report.places]
        places = geocode(mentions, parsed.text, self.gazetteer, outlet)
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
            places += geocode(claimed, parsed.text, self.gazetteer, outlet)
        return Analysis(extraction, places)

    def prepare(self, item: SourceDocument) -> Prepared:
        """Parse, prefilter and analyse one source; failures become a `failed` result."""
        return self.complete(item, self.read(item))

    def read(self, item: SourceDocument) -> Prepared:
        """The cheap first step: parse, language and prefilter; a relevant document comes back
        `waiting`, with its band keys when near-duplicates are looked for."""
        try:
            parsed = parse_document(item, self.settings)
        except KhabarError as exc:
            return Prepared("failed", code=exc.code.value, message=exc.message)
        if parsed.language not in (None, EXTRACTED_LANGUAGE):
            reason = f"language {parsed.language}: extraction supports English only"
            return Prepared("not_extracted", parsed, message=reason)
        if self.prefilter is not None:
            verdict = self.prefilter.check(parsed.text)
            if not verdict.relevant:
                return Prepared("not_relevant", parsed, message=f"prefilter: {verdict.reason}")
        if near.threshold(item, self.settings) is None:
            return Prepared("extracted", parsed)
        grams = near.shingles(parsed.text)
        return Prepared("extracted", parsed, bands=tuple(near.band_keys(grams) if grams else ()))

    def complete_many(self, batch: Sequence[tuple[SourceDocument, Prepared]]) -> list[Prepared]:
        """`complete` of each, the waiting ones analysed together; when that raises, one at a
        time, so that only the document that fails is `failed`."""
        parsed = [p.parsed for _, p in batch if p.waiting and p.parsed is not None]
        try:
            analyses = iter(self.analyse_many(parsed))
        except Exception:  # each is tried alone below
            return [self.complete(item, prepared) for item, prepared in batch]
        return [
            Prepared("extracted", p.parsed, next(analyses))
            if p.waiting and p.parsed is not None
            else p
            for _, p in batch
        ]

    def complete(self, item: SourceDocument, prepared: Prepared) -> Prepared:
        """The costly second step, for a `waiting` document: spaCy, extractors, geocoding."""
        if not prepared.waiting or prepared.parsed is None:
            return prepared
        try:
            analysis = self.analyse(prepared.parsed)
        except Exception as exc:  # one bad document must not stop the batch
            error = KhabarError(ErrorCode.ANALYSIS_FAILED, f"{item.source} ({exc!r})")
            return Prepared("failed", code=error.code.value, message=error.message)
        return Prepared("extracted", prepared.parsed, analysis)


class Pipeline:
    """Runs a batch of sources through the analyser into the store, one transaction each.

    With `workers` > 1 the sources are prepared in a process pool (`scale.pool`), with `dask`
    (`local` or a scheduler address) on a Dask cluster (`scale.cluster`; `workers` is then the
    size of a local cluster); this process only writes and never loads the analyser.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        analyser: Analyser | None = None,
        *,
        workers: int = 1,
        dask: str | None = None,
    ) -> None:
        if dask is not None:
            import khabar.scale.cluster  # noqa: F401  (fails early, and clearly, without Dask)
        self.store = store
        self.settings = settings
        self.workers = workers
        self.dask = dask
        local = workers <= 1 and dask is None
        self.analyser = analyser or (Analyser(settings) if local else None)
        self.registry = self.analyser.registry if self.analyser else Registry.load()

    def run(
        self, targets: Sequence[str], on_outcome: Callable[[Outcome], None] | None = None
    ) -> Summary:
        summary = Summary()
        for item, prepared in self._prepared(iter_sources(targets, self.settings)):
            outcome = self.write(item, prepared)
            summary.outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        return summary

    def _prepared(
        self, items: Iterable[SourceDocument | FailedSource]
    ) -> Iterator[tuple[SourceDocument | FailedSource, Prepared | None]]:
        """Each source with its preparation, in input order; None where there is nothing to
        prepare (a failed read, or a document already stored when it was reached)."""
        if self.dask is not None:
            from khabar.scale.cluster import prepare_on_dask

            yield from prepare_on_dask(items, self.settings, self.dask, self.workers, self)
            return
        if self.workers > 1:
            from khabar.scale.pool import prepare_in_pool

            yield from prepare_in_pool(items, self.settings, self.workers, self)
            return
        analyser = self._analyser()
        batch = Batch(analyser.complete_many, BATCH)
        here = Workers(
            read=lambda item: Ready(analyser.read(item)),
            analyse=batch.analyse,
            lost=(),
            where="this process",
        )
        yield from prepare_ordered(items, here, self, WINDOW)

    def prepare(self, item: SourceDocument) -> Prepared | None:
        """One source prepared here, in this process: None when it is already stored, and a
        near-duplicate of a stored document is found before it is analysed."""
        if self.is_stored(item):
            return None
        analyser = self._analyser()
        prepared = analyser.read(item)
        if self.copies_stored(item, prepared):
            return replace(prepared, status=near.STATUS, bands=())
        return analyser.complete(item, prepared)

    def is_stored(self, item: SourceDocument) -> bool:
        return self.store.has_document(sha256(item.raw))

    def copies_stored(self, item: SourceDocument, prepared: Prepared) -> bool:
        """Whether a document waiting for analysis near-duplicates a stored one, as the writer
        will find when it stores it (`Store.save_document`), so its analysis can be skipped."""
        threshold = near.threshold(item, self.settings)
        if threshold is None or not prepared.waiting or prepared.parsed is None:
            return False
        grams = near.shingles(prepared.parsed.text)
        with self.store.session() as session:
            found = near.find_original(session, grams, list(prepared.bands), threshold)
        return found is not None

    def _analyser(self) -> Analyser:
        if self.analyser is None:
            self.analyser = Analyser(self.settings)
        return self.analyser

    def write(self, item: SourceDocument | FailedSource, prepared: Prepared | None) -> Outcome:
        """Store one prepared source; the one place the store is written, in input order."""
        if isinstance(item, FailedSource):
            key = sha256(item.identity())
            return self._failed(item.source, item.source_kind, key, item.code, item.message)
        key = sha256(item.raw)
        # Checked again here: the same bytes may come twice in one batch.
        if prepared is None or self.store.has_document(key):
            return Outcome(item.source, "unchanged")
        if prepared.status == "failed" or prepared.parsed is None:
            return self._failed(item.source, item.source_kind, key, prepared.code, prepared.message)
        parsed = prepared.parsed
        analysed = prepared.analysis is not None
        analysis = prepared.analysis or Analysis(DocumentExtraction(reports=(), mentions=()), [])
        saved = self._concurrently(
            key,
            lambda: self.store.save_document(
                item,
                parsed,
                analysis.extraction,
                analysis.places,
                self.registry,
                status=prepared.status,
                error=prepared.message or None,
                near_threshold=near.threshold(item, self.settings),
            ),
        )
        if saved is None:
            return Outcome(item.source, "unchanged")
        return Outcome(
            item.source,
            "new",
            saved.reports,
            message=saved.message or "",
            document_id=saved.document_id,
            stored_as=saved.status,
            analysed=analysed,
        )

    def _failed(self, source: str, kind: str, key: str, code: str, message: str) -> Outcome:
        if self.store.has_document(key):
            return Outcome(source, "unchanged", message=message)
        document_id = self._concurrently(
            key,
            lambda: self.store.save_failed(
                source=source, source_kind=kind, raw_sha256=key, code=code, message=message
            ),
        )
        if document_id is None:
            return Outcome(source, "unchanged", message=message)
        return Outcome(source, "failed", message=message, document_id=document_id)

    def _concurrently(self, key: str, save: Callable[[], T]) -> T | None:
        """`save()`, or None when another run stored the same bytes since `has_document`.

        Concurrent runs (`khabar ingest` twice on PostgreSQL) can both pass that check: the
        later commit then breaks the unique raw-bytes hash. It can also break a unique place or
        actor that the other run created meanwhile; the rolled-back save is then tried again and
        finds that row."""
        attempts = SAVE_ATTEMPTS
        while True:
            try:
                return save()
            except IntegrityError:
                attempts -= 1
                if self.store.has_document(key):
                    return None
                if attempts == 0:
                    raise
