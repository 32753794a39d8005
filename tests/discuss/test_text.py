"""The comment Markdown subset and its sanitiser."""

from __future__ import annotations

from khabar.discuss.text import avatar, count_links, render


def test_text_render_keeps_the_subset_and_marks_links_nofollow() -> None:
    html = render("*a* **b** `c`\n\n> quote\n\n- one\n- two\n\n[site](https://x.example)")
    for tag in ("<em>a</em>", "<strong>b</strong>", "<code>c</code>", "<blockquote>", "<li>"):
        assert tag in html
    assert 'rel="nofollow ugc noopener noreferrer"' in html
    assert render("# Heading\n\n![img](https://x.example/a.png)").count("<h1") == 0
    assert "<img" not in render("![img](https://x.example/a.png)")


def test_text_count_links_counts_every_spelling() -> None:
    assert count_links("http://a.example www.b.example [c](/d) <https://e.example>") == 4
    assert count_links("no links here") == 0


def test_text_avatar_is_a_data_url_from_the_key_only() -> None:
    first, second = avatar("ab" * 32), avatar("cd" * 32)
    assert first.startswith("data:image/svg+xml;base64,")
    assert first != second
    assert avatar("ab" * 32) == first
