"""Markdown typed by people (comments, minutes), rendered to HTML that is safe to show.

Two walls: Python-Markdown runs with its raw-HTML handling removed, so ``<b>`` or ``<script>``
typed in a text is shown as text, not interpreted; then nh3 (the Ammonia sanitiser) keeps only
a short list of tags and attributes, drops any link whose scheme is not http, https or mailto
(``javascript:``), and marks every link ``rel="nofollow noopener"``. Headings and images are
not kept (a heading typed in a comment would break the page's outline; an image would load a
third-party address): their text stays.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"


def _converter() -> markdown_lib.Markdown:
    converter = markdown_lib.Markdown(extensions=["sane_lists", "nl2br", "fenced_code"], output_format="html")
    # Raw HTML is text: neither blocks nor inline tags are passed through.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def sanitize_html(html: str) -> str:
    """Keep only the allowed tags, attributes and link schemes of ``html``."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str) -> SafeString:
    """``text`` (Markdown) as sanitised HTML, ready for a template."""
    if not text:
        return mark_safe("")
    html = _converter().convert(text)
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitised by nh3 just above
