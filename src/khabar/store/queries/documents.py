"""The document list and the reader: a document's text, the spans to highlight, its reports
and claims, and its near-duplicates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from khabar.errors import ErrorCode, KhabarError
from khabar.store import models as m
from khabar.store.queries.claims import ClaimItem, claims_of_document
from khabar.store.queries.common import MAX_ID, _check_limit, keyset
from khabar.store.queries.curation import _corrections
from khabar.store.queries.reports import EvidenceItem, ReportDetail, _report_detail, _reports_loaded

KINDS = ("trigger", "actor", "place", "date", "number", "quote")
"""The kinds of span a reader highlights, one colour each; anything else is `other`."""
DOCUMENT_SORTS: dict[str, tuple[Any, bool]] = {
    "newest": (m.Document.id, True),
    "published": (m.Document.published_at, True),
}
"""`sort=` of the document list: most recently stored, or most recently published."""
COPIES_SHOWN = 100
"""Near-duplicates listed on their original's page; the rest are counted."""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: int
    title: str | None
    outlet: str | None
    url: str | None
    source: str
    source_kind: str
    published_at: dt.datetime | None
    fetched_at: dt.datetime
    status: str
    error_code: str | None
    report_count: int
    near_duplicate_of: int | None = None
    """The original of a near-duplicate (status `near_duplicate`, never extracted)."""
    similarity: float | None = None
    """Of a near-duplicate to its original (`DocumentCopy.similarity`)."""
    copies: int = 0
    """Near-duplicates linked to this document."""


@dataclass(frozen=True, slots=True)
class DocumentCopy:
    """A near-duplicate and its original (`dedupe/near.py`): one of them, seen from the other."""

    id: int
    title: str | None
    source: str
    similarity: float | None
    """Jaccard similarity of the two texts' word 3-grams, measured when the copy was stored."""


@dataclass(frozen=True, slots=True)
class DocumentPage:
    items: list[DocumentSummary]
    next_after: int | None


@dataclass(frozen=True, slots=True)
class MentionItem:
    id: int
    start: int
    end: int
    kind: str
    text: str
    value: str | None
    extractor: str


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    """One of `KINDS`, or `other`."""


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    """A document's text and metadata, every mention, and its reports with their evidence."""

    id: int
    source: str
    source_kind: str
    url: str | None
    canonical_url: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published_at: dt.datetime | None
    fetched_at: dt.datetime
    language: str | None
    status: str
    error_code: str | None
    error: str | None
    text: str
    mentions: list[MentionItem]
    reports: list[ReportDetail]
    claims: list[ClaimItem] = field(default_factory=list)
    original: DocumentCopy | None = None
    """What a near-duplicate copies: it has no reports of its own, its original has them."""
    copies: list[DocumentCopy] = field(default_factory=list)
    """Near-duplicates of this document (at most `COPIES_SHOWN`), never extracted."""
    copy_count: int = 0

    @property
    def evidence(self) -> list[EvidenceItem]:
        """Every evidence span of every report, in text order."""
        return sorted(
            (item for report in self.reports for item in report.evidence),
            key=lambda item: (item.start, item.end, item.id),
        )

    @property
    def spans(self) -> list[Span]:
        """Mentions and evidence as kinded spans, for highlighting in a terminal or a page."""
        found = {Span(mention.start, mention.end, mention.kind) for mention in self.mentions}
        found |= {Span(item.start, item.end, field_kind(item.field)) for item in self.evidence}
        return sorted(found, key=lambda span: (span.start, -span.end, span.kind))


def field_kind(name: str) -> str:
    """The span kind of a report field: `killed` is a number, `actor:target` an actor."""
    if name == "event_type":
        return "trigger"
    if name in ("killed", "injured", "abducted", "damage") or name.startswith("detail:"):
        return "number"
    head = name.split(":", 1)[0]
    return head if head in KINDS else "other"


def list_documents(
    session: Session,
    *,
    status: str | None = None,
    sort: str = "newest",
    after_id: int | None = None,
    limit: int = 50,
) -> DocumentPage:
    """One page of documents in `sort` order (see `DOCUMENT_SORTS`); `status` is e.g. `failed`."""
    _check_limit(limit)
    if sort not in DOCUMENT_SORTS:
        raise KhabarError(
            ErrorCode.BAD_ARGUMENT, f"sort={sort!r}: choose one of {', '.join(DOCUMENT_SORTS)}."
        )
    key, descending = DOCUMENT_SORTS[sort]
    report_count = (
        select(func.count(m.Report.id))
        .where(m.Report.document_id == m.Document.id)
        .scalar_subquery()
    )
    copy = aliased(m.Document)
    copies = select(func.count(copy.id)).where(copy.near_duplicate_of == m.Document.id)
    query = select(m.Document, report_count, copies.scalar_subquery())
    if status is not None:
        query = query.where(m.Document.status == status)
    query = keyset(session, query, key, m.Document.id, descending, after_id, "document")
    rows = session.execute(query.limit(limit + 1)).all()
    items = [
        DocumentSummary(
            id=doc.id,
            title=doc.title,
            outlet=doc.outlet,
            url=doc.url,
            source=doc.source,
            source_kind=doc.source_kind,
            published_at=doc.published_at,
            fetched_at=doc.fetched_at,
            status=doc.status,
            error_code=doc.error_code,
            report_count=count,
            near_duplicate_of=doc.near_duplicate_of,
            similarity=doc.near_duplicate_similarity if doc.near_duplicate_of else None,
            copies=copied,
        )
        for doc, count, copied in rows[:limit]
    ]
    return DocumentPage(items, items[-1].id if len(rows) > limit else None)


def get_document(session: Session, document_id: int) -> DocumentDetail | None:
    """The document, or `None` when no document has that id."""
    if not 0 < document_id <= MAX_ID:
        return None
    doc = session.scalar(
        select(m.Document)
        .where(m.Document.id == document_id)
        .options(selectinload(m.Document.mentions), _reports_loaded(m.Document.reports))
    )
    if doc is None:
        return None
    corrected = _corrections(session, {"report": [report.id for report in doc.reports]})
    return DocumentDetail(
        id=doc.id,
        source=doc.source,
        source_kind=doc.source_kind,
        url=doc.url,
        canonical_url=doc.canonical_url,
        outlet=doc.outlet,
        title=doc.title,
        author=doc.author,
        published_at=doc.published_at,
        fetched_at=doc.fetched_at,
        language=doc.language,
        status=doc.status,
        error_code=doc.error_code,
        error=doc.error,
        text=doc.text,
        mentions=[
            MentionItem(
                id=mention.id,
                start=mention.start,
                end=mention.end,
                kind=mention.kind,
                text=mention.text,
                value=mention.value,
                extractor=mention.extractor,
            )
            for mention in doc.mentions
        ],
        reports=[
            _report_detail(report, corrected.get(("report", report.id), []))
            for report in doc.reports
        ],
        claims=claims_of_document(session, doc.id),
        original=_original(session, doc),
        copies=[
            DocumentCopy(row.id, row.title, row.source, row.near_duplicate_similarity)
            for row in session.scalars(
                select(m.Document)
                .where(m.Document.near_duplicate_of == doc.id)
                .order_by(m.Document.id)
                .limit(COPIES_SHOWN)
            )
        ],
        copy_count=session.scalar(
            select(func.count(m.Document.id)).where(m.Document.near_duplicate_of == doc.id)
        )
        or 0,
    )


def _original(session: Session, doc: m.Document) -> DocumentCopy | None:
    if doc.near_duplicate_of is None:
        return None
    original = session.get(m.Document, doc.near_duplicate_of)
    if original is None:
        return None
    return DocumentCopy(original.id, original.title, original.source, doc.near_duplicate_similarity)
