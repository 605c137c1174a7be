"""Parse a page once for what its markup states about itself (dates, headings).

trafilatura extracts the body and a title; when that title fails validation (a site
name, a widget line), the page's `og:title` and its first `<h1>` are the next candidates,
each checked the same way by `validate.check_title`.
"""

from __future__ import annotations

from typing import Any

_MAX_HEADING_CHARS = 300


def parse_html(html: str) -> Any | None:
    """The lxml tree of a page, or None when lxml cannot read it at all."""
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None


def heading_candidates(tree: Any | None) -> list[tuple[str, str]]:
    """`(text, source)` of the page's own headline statements, best first."""
    if tree is None:
        return []
    found: list[tuple[str, str]] = []
    for meta in tree.xpath('//meta[@property="og:title" or @name="og:title" or @name="twitter:title"][@content]'):
        found.append((" ".join(meta.get("content").split())[:_MAX_HEADING_CHARS], "html:og:title"))
        break
    for heading in tree.xpath("//h1")[:1]:
        found.append((" ".join(heading.text_content().split())[:_MAX_HEADING_CHARS], "html:h1"))
    return [(text, source) for text, source in found if text]
