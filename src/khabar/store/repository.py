"""Writes of the pipeline's results: one transaction per document, idempotent by raw bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from khabar.actors.curation import resolved_actor
from khabar.actors.registry import EXTRACTOR as ACTOR_RESOLVER
from khabar.actors.registry import DocumentResolver, Registry, ResolvedActor
from khabar.dedupe import near
from khabar.dedupe.assign import assign
from khabar.extract.claims import responsibility
from khabar.extract.types import Claim, Count, DocumentExtraction, ExtractedReport
from khabar.extract.types import Evidence as EvidenceSpan
from khabar.geo.gazetteer import GazetteerEntry
from khabar.geo.geocoder import ResolvedPlace
from khabar.ingest.types import ParsedDocument, SourceDocument
from khabar.store import models as m
from khabar.store.db import check_current, make_engine


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Saved:
    document_id: int
    reports: int
    status: str = "extracted"
    """The stored `document.status`; `near_duplicate` when a stored original was found."""
    message: str | None = None


class Store:
    """The database behind every command and page."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, check: bool = True) -> Store:
        engine = make_engine(url)
        if check:
            check_current(engine)
        return cls(engine)

    def session(self) -> Session:
        return self.sessions()

    def has_document(self, raw_sha256: str) -> bool:
        with self.session() as session:
            found = session.scalar(select(m.Document.id).where(m.Document.raw_sha256 == raw_sha256))
        return found is not None

    def save_failed(
        self,
        *,
        source: str,
        source_kind: str,
        raw_sha256: str,
        code: str,
        message: str,
        fetched_at: datetime | None = None,
    ) -> int:
        document = m.Document(
            source=source,
            source_kind=source_kind,
            url=source if source_kind == "url" else None,
            fetched_at=fetched_at or datetime.now(UTC),
            text="",
            raw_sha256=raw_sha256,
            status="failed",
            error_code=code,
            error=message,
        )
        with self.session() as session, session.begin():
            session.add(document)
        return document.id

    def save_document(
        self,
        source: SourceDocument,
        parsed: ParsedDocument,
        extraction: DocumentExtraction,
        places: Sequence[ResolvedPlace],
        registry: Registry,
        *,
        status: str = "extracted",
        error: str | None = None,
        near_threshold: float | None = None,
    ) -> Saved:
        """Store the document and its reports; `status`/`error` say why a stored document
        has no reports when it was deliberately not extracted (e.g. its language).

        With `near_threshold`, a document whose text near-duplicates a stored one
        (`dedupe/near.py`) is stored linked to it, without its reports, mentions or claims."""
        grams = near.shingles(parsed.text) if near_threshold is not None else frozenset()
        keys = near.band_keys(grams) if grams else []
        document = m.Document(
            source=source.source,
            source_kind=source.source_kind,
            url=parsed.url or source.final_url,
            canonical_url=parsed.canonical_url,
            outlet=parsed.outlet,
            title=parsed.title,
            author=parsed.author,
            published_at=parsed.published_at,
            fetched_at=source.fetched_at,
            language=parsed.language,
            text=parsed.text,
            raw_sha256=sha256(source.raw),
            text_sha256=sha256(parsed.text.encode("utf-8")),
            status=status,
            error=error,
        )
        with self.session() as session, session.begin():
            original = (
                near.find_original(session, grams, keys, near_threshold)
                if near_threshold is not None
                else None
            )
            if original is not None:
                document.status = near.STATUS
                document.near_duplicate_of = original.original_id
                document.near_duplicate_similarity = original.similarity
                document.error = near.reason(original)
                extraction = DocumentExtraction(reports=(), mentions=())
            session.add(document)
            session.flush()
            near.index(session, document.id, keys)
            mentions = {
                (mention.kind, mention.start, mention.end): m.Mention(
                    start=mention.start,
                    end=mention.end,
                    kind=mention.kind,
                    text=mention.text,
                    value=mention.value,
                    extractor=mention.extractor,
                )
                for mention in extraction.mentions
            }
            document.mentions.extend(mentions.values())
            session.flush()
            published = parsed.published_at.date() if parsed.published_at else None
            resolver = DocumentResolver(registry)
            actors = resolver.resolve_all(
                [(a.evidence.start, a.text) for r in extraction.reports for a in r.actors]
                + [(x.start, x.text) for x in extraction.mentions if x.kind == "actor"]
            )
            writer = _ReportWriter(session, mentions, places, registry, published, actors)
            for report in extraction.reports:
                row = writer.report(report)
                document.reports.append(row)
                assign(session, row)
            for index, row in enumerate(document.reports):
                row.responsibility = responsibility(extraction.claims, index)
            for claim in extraction.claims:
                document.claims.append(writer.claim(claim, document.reports, resolver))
            for filler in extraction.fillers:
                if filler.report is not None:
                    writer.evidence(
                        document.reports[filler.report], f"role:{filler.role}", filler.evidence
                    )
            session.flush()
            return Saved(document.id, len(extraction.reports), document.status, document.error)


class _ReportWriter:
    """Turns one extracted report into rows, reusing places and actors already stored."""

    def __init__(
        self,
        session: Session,
        mentions: dict[tuple[str, int, int], m.Mention],
        places: Sequence[ResolvedPlace],
        registry: Registry,
        published: date | None,
        actors: dict[tuple[int, str], ResolvedActor],
    ) -> None:
        self.session = session
        self.actors = actors
        self.published = published
        self.mention_by_span = {(start, end): row for (_, start, end), row in mentions.items()}
        self.resolved = {
            (p.mention.evidence.start, p.mention.evidence.end, p.mention.role): p for p in places
        }
        self.registry = registry

    def report(self, extracted: ExtractedReport) -> m.Report:
        kind = extracted.event_type
        casualties = extracted.casualties
        report = m.Report(
            event_type=kind.event_type,
            sub_event_type=kind.sub_event_type,
            gtd_attack_type=kind.gtd_attack_type,
            # Without a date in the text, the publication date is an upper bound, marked as such.
            date=extracted.date.value if extracted.date else self.published,
            date_precision=extracted.date.precision if extracted.date else "reported",
            confidence=extracted.confidence,
            extractor=extracted.extractor,
            sentence_start=extracted.sentence.start,
            sentence_end=extracted.sentence.end,
            **_count_columns("killed", casualties.killed),
            **_count_columns("injured", casualties.injured),
            **_count_columns("abducted", casualties.abducted),
        )
        self.evidence(report, "event_type", kind.evidence)
        if extracted.date:
            self.evidence(report, "date", extracted.date.evidence)
        for category in ("killed", "injured", "abducted"):
            count: Count | None = getattr(casualties, category)
            if count is not None:
                self.evidence(report, category, count.evidence)
        self._places(report, extracted)
        self._actors(report, extracted)
        for detail in casualties.details:
            report.details.append(
                m.CasualtyDetail(
                    category=detail.category,
                    manner=detail.manner,
                    victims=detail.victims,
                    low=detail.count.low,
                    best=detail.count.best,
                    high=detail.count.high,
                    qualifier=detail.count.qualifier,
                    included_in_total=detail.included_in_total,
                    start=detail.count.evidence.start,
                    end=detail.count.evidence.end,
                    extractor=detail.count.evidence.extractor,
                )
            )
            self.evidence(report, f"detail:{detail.category}", detail.count.evidence)
        for damage in extracted.damage:
            report.damage.append(
                m.PropertyDamage(
                    action=damage.action,
                    object=damage.object,
                    low=damage.count.low if damage.count else None,
                    best=damage.count.best if damage.count else None,
                    high=damage.count.high if damage.count else None,
                    qualifier=damage.count.qualifier if damage.count else None,
                    start=damage.evidence.start,
                    end=damage.evidence.end,
                    extractor=damage.evidence.extractor,
                )
            )
            self.evidence(report, "damage", damage.evidence)
        return report

    def claim(
        self, claim: Claim, reports: Sequence[m.Report], resolver: DocumentResolver
    ) -> m.Claim:
        """A claim's row; speaker and subject are linked to actors the registry knows (a
        generic "the group" through the document's context), never created provisionally."""
        report = reports[claim.report] if claim.report is not None else None
        parts = {
            "verb": claim.verb,
            "speaker": claim.speaker,
            "role": claim.role,
            "organisation": claim.organisation,
            "via": claim.via,
            "intermediary": claim.intermediary,
            "subject": claim.subject,
            "object": claim.object,
            "said": claim.said.evidence if claim.said else None,
        }
        row = m.Claim(
            report=report,
            stance=claim.stance,
            verb=claim.verb.text,
            speaker_text=claim.speaker.text,
            speaker_name=claim.speaker_name,
            speaker_actor=self._known_actor(resolver, claim.speaker_name),
            speaker_role=claim.role.text if claim.role else None,
            organisation=claim.organisation.text if claim.organisation else None,
            via_outlet=claim.via.text if claim.via else None,
            intermediary=claim.intermediary.text if claim.intermediary else None,
            subject_text=claim.subject.text if claim.subject else None,
            subject_actor=self._known_actor(resolver, claim.subject.text)
            if claim.subject
            else None,
            predicate=claim.predicate,
            object_kind=claim.object_kind,
            object_text=claim.object.text if claim.object else None,
            object_event=report.event if report is not None else None,
            quote_start=claim.quote.start,
            quote_end=claim.quote.end,
            quote_text=claim.quote.text,
            said_on=claim.said.value if claim.said else self.published,
            said_precision=claim.said.precision if claim.said else "reported",
            spans={k: [v.start, v.end] for k, v in parts.items() if v is not None},
            extractor=claim.extractor,
        )
        for mention in claim.places:
            resolved = self.resolved.get(
                (mention.evidence.start, mention.evidence.end, mention.role)
            )
            row.places.append(
                m.ClaimPlace(
                    place=self._place(resolved.entry) if resolved and resolved.entry else None,
                    text=mention.text,
                    role=mention.role,
                    start=mention.evidence.start,
                    end=mention.evidence.end,
                )
            )
        return row

    def _known_actor(self, resolver: DocumentResolver, text: str) -> m.Actor | None:
        resolved = resolver.resolve(text)
        if resolved.entry is None and resolved.affiliate is None:
            return None
        return resolved_actor(self.session, self.registry, resolved)

    def evidence(self, report: m.Report, field: str, span: EvidenceSpan) -> None:
        mention = self.mention_by_span.get((span.start, span.end))
        report.evidence.append(
            m.Evidence(
                field=field,
                mention_id=mention.id if mention is not None else None,
                start=span.start,
                end=span.end,
                text=span.text,
                extractor=span.extractor,
            )
        )

    def _places(self, report: m.Report, extracted: ExtractedReport) -> None:
        best: tuple[int, m.ReportPlace] | None = None
        for mention in extracted.places:
            resolved = self.resolved.get(
                (mention.evidence.start, mention.evidence.end, mention.role)
            )
            place = self._place(resolved.entry) if resolved and resolved.entry else None
            precision = resolved.precision if resolved else 6
            row = m.ReportPlace(
                place=place,
                text=mention.text,
                role=mention.role,
                precision=precision,
                confidence=resolved.confidence if resolved else 0.0,
                start=mention.evidence.start,
                end=mention.evidence.end,
                extractor=resolved.extractor if resolved else mention.evidence.extractor,
            )
            report.places.append(row)
            self.evidence(report, f"place:{mention.role}", mention.evidence)
            if mention.role == "event_site" and (best is None or precision < best[0]):
                best = (precision, row)
        if best is not None:
            report.place = best[1].place
            report.place_text = best[1].text
            report.place_precision = best[0]
            report.place_role = "event_site"

    def _place(self, entry: GazetteerEntry) -> m.Place:
        found = self.session.scalar(
            select(m.Place).where(m.Place.gazetteer_id == entry.gazetteer_id)
        )
        if found is not None:
            return found
        place = m.Place(
            gazetteer_id=entry.gazetteer_id,
            name=entry.name,
            feature_class=entry.feature_class,
            feature_code=entry.feature_code,
            country_code=entry.country_code,
            country_name=entry.country_name,
            admin1_code=entry.admin1_code,
            admin1_name=entry.admin1_name,
            admin2_name=entry.admin2_name,
            lat=entry.lat,
            lon=entry.lon,
            population=entry.population,
        )
        self.session.add(place)
        self.session.flush()
        return place

    def _actors(self, report: m.Report, extracted: ExtractedReport) -> None:
        for mention in extracted.actors:
            actor = self._actor(mention.evidence.start, mention.text)
            report.actors.append(
                m.ReportActor(
                    actor=actor,
                    role=mention.role,
                    text=mention.text,
                    start=mention.evidence.start,
                    end=mention.evidence.end,
                    extractor=f"{mention.evidence.extractor}+{ACTOR_RESOLVER}",
                )
            )
            self.evidence(report, f"actor:{mention.role}", mention.evidence)

    def _actor(self, start: int, text: str) -> m.Actor:
        """The mention's actor as resolved in the context of its whole document."""
        resolved = self.actors.get((start, text)) or self.registry.resolve(text)
        return resolved_actor(self.session, self.registry, resolved)


def _count_columns(prefix: str, count: Count | None) -> dict[str, int | str | None]:
    if count is None:
        return {}
    return {
        f"{prefix}_low": count.low,
        f"{prefix}_best": count.best,
        f"{prefix}_high": count.high,
        f"{prefix}_qualifier": count.qualifier,
    }


def all_tables() -> Iterable[str]:
    return (table.name for table in reversed(m.Base.metadata.sorted_tables))
