"""The reader's highlighted text, built server-side so that every evidence link has a target.

Spans come from two sources: mentions (what the NLP stage found) and evidence (what a report field
was read from). They may nest or overlap, so the text is cut at every span boundary and the marks
are re-opened where an overlap forces one to close early; the result is always well-nested HTML.
Every piece of text goes through `escape`, so nothing in a document can become markup.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from khabar.store.queries import KINDS, DocumentDetail, field_kind


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    kinds: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return next((kind for kind in self.kinds if kind in KINDS), "other")

    def open_tag(self, *, first: bool) -> str:
        """The opening tag; only the first piece of a split span carries the anchors."""
        title = escape("\n".join(self.notes))
        classes = f"hl hl-{self.kind}" + ("" if first else " hl-cont")
        if not first:
            return f'<mark class="{classes}" title="{title}">'
        extra = "".join(f'<span class="anchor" id="{a}"></span>' for a in self.anchors[1:])
        return f'<mark class="{classes}" id="{self.anchors[0]}" title="{title}">{extra}'


def highlight(document: DocumentDetail) -> Markup:
    """`document.text` as HTML, each evidence span `id="ev-<id>"`, each mention `id="m-<id>"`."""
    text = document.text
    spans: dict[tuple[int, int], _Span] = {}

    def span(start: int, end: int) -> _Span | None:
        start, end = max(start, 0), min(end, len(text))
        if start >= end:
            return None
        return spans.setdefault((start, end), _Span(start, end))

    # Evidence first, so that a span's colour and first anchor come from the field it supports.
    for ev in document.evidence:
        if found := span(ev.start, ev.end):
            found.kinds.append(field_kind(ev.field))
            found.anchors.append(f"ev-{ev.id}")
            found.notes.append(f"{ev.field} (report {ev.report_id}) · {ev.extractor}")
    for mention in document.mentions:
        if found := span(mention.start, mention.end):
            found.kinds.append(mention.kind)
            found.anchors.append(f"m-{mention.id}")
            value = f" = {mention.value}" if mention.value and mention.value != mention.text else ""
            found.notes.append(f"{mention.kind} mention{value} · {mention.extractor}")

    starts: dict[int, list[_Span]] = defaultdict(list)
    for item in sorted(spans.values(), key=lambda s: (s.start, -s.end)):
        starts[item.start].append(item)
    cuts = sorted(
        {0, len(text)} | {s.start for s in spans.values()} | {s.end for s in spans.values()}
    )

    out: list[str] = []
    stack: list[_Span] = []
    for here, after in zip(cuts, [*cuts[1:], len(text)], strict=True):
        if any(open_span.end == here for open_span in stack):
            interrupted: list[_Span] = []
            while any(open_span.end <= here for open_span in stack):
                closed = stack.pop()
                out.append("</mark>")
                if closed.end > here:
                    interrupted.append(closed)
            for resumed in reversed(interrupted):
                out.append(resumed.open_tag(first=False))
                stack.append(resumed)
        for opened in starts.get(here, ()):
            out.append(opened.open_tag(first=True))
            stack.append(opened)
        out.append(str(escape(text[here:after])))
    return Markup("".join(out))  # noqa: S704 - text is escaped above, tags are built here
