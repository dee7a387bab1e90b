"""Texts in templates: ``{{ text|markdown }}`` (sanitised) and ``{% site_text key default %}`` (SiteText)."""

from django import template

from ..markdown import render_markdown
from ..sitetext import get_text

register = template.Library()

register.filter("markdown", render_markdown)


@register.simple_tag
def site_text(key: str, default_template: str = "") -> str:
    """The staff's text ``key`` in the active language (``snitem_portal.sitetext.get_text``)."""
    return get_text(key, default_template=default_template or None)
