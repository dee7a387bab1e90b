"""Markdown that people type (minutes, comments, mailings), rendered to safe HTML.

``render_markdown(text)``: Python-Markdown turns the text into HTML, then nh3 (the Rust ``ammonia``
sanitiser) keeps only the tags and attributes below, so no raw HTML a writer types (a script, an
event handler, a ``javascript:`` link, a style) reaches the page. Links open as typed, with
``rel="noopener noreferrer nofollow"``. The renderer is the one place to change what Markdown allows.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


def render_markdown(text: str) -> SafeString:
    """``text`` (Markdown) as sanitised HTML, safe to put in a page or an email as is."""
    html = markdown_lib.markdown(text or "", extensions=EXTENSIONS, output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308  (nh3 kept only the allowed tags and attributes)
