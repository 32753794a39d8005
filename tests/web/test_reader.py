"""The reader's highlighter: any set of spans gives well-nested, escaped HTML with every anchor."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from html.parser import HTMLParser

from khabar.store.queries import Count, DocumentDetail, EvidenceItem, MentionItem, ReportDetail
from khabar.web.reader import highlight

TEXT = 'Militants <attacked> a base & killed 12 soldiers near "Kunduz" on Monday.\nMore text.'


class Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ("mark", "span")
        self.stack.append(tag)
        self.ids.extend(str(value) for name, value in attrs if name == "id")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def document(
    evidence: list[tuple[int, int, str]], mentions: list[tuple[int, int, str]]
) -> DocumentDetail:
    none = Count(None, None, None)
    report = ReportDetail(
        id=1,
        document_id=1,
        document_title=None,
        event_id=None,
        event_type="Battles",
        sub_event_type="Armed clash",
        gtd_attack_type="Armed Assault",
        date=None,
        date_precision=None,
        place=None,
        place_text=None,
        place_precision=None,
        place_role=None,
        killed=none,
        injured=none,
        abducted=none,
        responsibility="unknown",
        confidence=0.5,
        extractor="events@1",
        sentence_start=0,
        sentence_end=len(TEXT),
        evidence=[
            EvidenceItem(
                id=i + 1,
                report_id=1,
                document_id=1,
                field=field,
                start=start,
                end=end,
                text=TEXT[start:end],
                extractor="x@1",
                mention_id=None,
            )
            for i, (start, end, field) in enumerate(evidence)
        ],
        actors=[],
        places=[],
        details=[],
        damage=[],
    )
    now = datetime(2024, 1, 1, tzinfo=UTC)
    return DocumentDetail(
        id=1,
        source="s",
        source_kind="file",
        url=None,
        canonical_url=None,
        outlet=None,
        title=None,
        author=None,
        published_at=None,
        fetched_at=now,
        language="en",
        status="extracted",
        error_code=None,
        error=None,
        text=TEXT,
        mentions=[
            MentionItem(
                id=i + 1,
                start=start,
                end=end,
                kind=kind,
                text=TEXT[start:end],
                value=None,
                extractor="p@1",
            )
            for i, (start, end, kind) in enumerate(mentions)
        ],
        reports=[report],
    )


def parse(html: str) -> Marks:
    marks = Marks()
    marks.feed(html)
    marks.close()
    assert marks.stack == []
    return marks


def test_reader_escapes_text_and_keeps_it_whole() -> None:
    start = TEXT.index("<attacked>")
    html = str(highlight(document([(start, start + 10, "event_type")], [])))
    assert "&lt;attacked&gt;" in html
    assert "&amp;" in html
    assert "".join(parse(html).text) == TEXT


def test_reader_splits_overlaps_and_anchors_identical_spans() -> None:
    killed = TEXT.index("killed 12")
    twelve = TEXT.index("12 soldiers")
    html = str(
        highlight(
            document(
                [(killed, killed + 9, "killed"), (killed, killed + 9, "detail:killed")],
                [(twelve, twelve + 11, "number")],
            )
        )
    )
    marks = parse(html)
    assert marks.ids == ["ev-1", "ev-2", "m-1"]
    assert "hl-cont" in html
    assert "".join(marks.text) == TEXT


def test_reader_any_random_spans_give_well_nested_html() -> None:
    rng = random.Random(7)
    kinds = ["actor", "place", "date", "number", "trigger", "quote", "odd"]
    for _ in range(200):
        spans = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(-3, len(TEXT) + 3)
            spans.append((start, start + rng.randint(-2, 30), rng.choice(kinds)))
        evidence = [(s, e, "killed") for s, e, _ in spans[::2]]
        html = str(highlight(document(evidence, spans[1::2])))
        marks = parse(html)
        assert "".join(marks.text) == TEXT
        assert len(marks.ids) == len(set(marks.ids))

        def valid(start: int, end: int) -> bool:
            return max(start, 0) < min(end, len(TEXT))

        expected = {f"ev-{i + 1}" for i, (s, e, _) in enumerate(evidence) if valid(s, e)}
        expected |= {f"m-{i + 1}" for i, (s, e, _) in enumerate(spans[1::2]) if valid(s, e)}
        assert set(marks.ids) == expected
