"""Comment text: a Markdown subset rendered to HTML that nh3 then cuts to an allow-list.

Raw HTML in the Markdown is escaped, not passed through, and nh3 runs on the result anyway: a
flaw in either one alone does not let markup through.
"""

from __future__ import annotations

import re
from base64 import b64encode
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

RULES = ["emphasis", "link", "autolink", "list", "blockquote", "backticks", "code", "fence"]
TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre", "br"}
LINK = re.compile(r"(?i)\b(?:https?://|www\.)|\]\(")

_markdown = MarkdownIt("zero", {"html": False, "breaks": True}).enable(RULES)


def render(markdown: str) -> str:
    """Sanitised HTML for a comment body; links may only be http(s) and carry `rel=nofollow`."""
    return nh3.clean(
        _markdown.render(markdown),
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener noreferrer",
    )


def count_links(markdown: str) -> int:
    """Links of any spelling (bare URLs, `www.`, `[x](y)`): spam is mostly links."""
    return len(LINK.findall(markdown))


@lru_cache(maxsize=4096)
def avatar(author_key: str) -> str:
    """A 5×5 mirrored identicon as a data: URL (the CSP allows data: images, nothing remote);
    kept per author, as a long thread shows the same authors many times."""
    bits = int(author_key[:16], 16)
    hue = int(author_key[16:19], 16) % 360
    cells = []
    for row in range(5):
        for col in range(3):
            if bits >> (row * 3 + col) & 1:
                for x in {col, 4 - col}:
                    cells.append(f'<rect x="{x}" y="{row}" width="1" height="1"/>')
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 5 5">'
        f'<g fill="hsl({hue},55%,45%)">{"".join(cells)}</g></svg>'
    )
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()
