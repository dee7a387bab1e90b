"""Texts staff edit in the admin (``SiteText``), read in the active language.

``get_text(key, default_template=...)``: the staff's text in the active language; if it is empty,
the French one; if there is none, the default shipped with the code (a template rendered in the
active language, so it carries its own translations). The result is plain text (Markdown where
the caller renders it with ``snitem_portal.markdown``). One query per call (memoised per request).
"""

from django.template.loader import render_to_string
from django.utils.translation import get_language

from .memo import per_request
from .models import SiteText


def _stored(key: str) -> SiteText | None:
    return SiteText.objects.filter(key=key).first()


def get_text(key: str, *, default_template: str | None = None, context: dict | None = None) -> str:
    """The text ``key`` in the active language, falling back to French, then to ``default_template``.

    ``default_template`` is a template path rendered with ``context`` (empty text when it is None).
    """
    stored = per_request(("site_text", key), lambda: _stored(key))
    language = (get_language() or "fr").split("-")[0]
    if stored is not None:
        text = ((stored.text_en if language == "en" else "").strip() or stored.text_fr).strip()
        if text:
            return text
    if default_template is None:
        return ""
    return render_to_string(default_template, context or {}).strip()
