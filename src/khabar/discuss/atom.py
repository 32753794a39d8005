"""Atom feed of a subject's approved comments: names and sanitised bodies only, never emails
(Atom's `<email>` element is deliberately never written)."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from khabar.discuss.comments import CommentView

NS = "http://www.w3.org/2005/Atom"


def feed(
    *, title: str, base_url: str, page_path: str, comments: list[CommentView], updated: datetime
) -> bytes:
    root = ET.Element("feed", xmlns=NS)
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "id").text = f"{base_url}{page_path}#comments"
    ET.SubElement(root, "link", href=f"{base_url}{page_path}")
    ET.SubElement(root, "link", rel="self", href=f"{base_url}{page_path}/comments.atom")
    stamps = [c.edited_at or c.created_at for c in comments]
    ET.SubElement(root, "updated").text = max(stamps, default=updated).isoformat()
    for comment in comments:
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "id").text = f"{base_url}{page_path}#comment-{comment.id}"
        ET.SubElement(entry, "title").text = f"Comment by {comment.author_name}"
        author = ET.SubElement(entry, "author")
        ET.SubElement(author, "name").text = comment.author_name
        if comment.website:
            ET.SubElement(author, "uri").text = comment.website
        ET.SubElement(entry, "link", href=f"{base_url}{page_path}#comment-{comment.id}")
        ET.SubElement(entry, "published").text = comment.created_at.isoformat()
        ET.SubElement(entry, "updated").text = (comment.edited_at or comment.created_at).isoformat()
        ET.SubElement(entry, "content", type="html").text = comment.html
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body
