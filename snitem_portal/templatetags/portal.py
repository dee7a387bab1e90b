"""Filters and tags every template has (registered as a template builtin)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from snitem_portal import timefmt
from snitem_portal.memo import per_request

register = template.Library()
register.filter("paris", timefmt.paris)
register.filter("paris_time", timefmt.paris_time)
register.filter("announced", timefmt.announced)  # emails: exact Paris time, then the distance at sending


@register.filter
def when(value) -> str:
    """A date as « dans 3 jours, le 4 décembre 2026, 12:00 (heure de Paris) » in a ``<time>`` element, whose
    title (shown on hover) is the exact Paris time."""
    if not value:
        return ""
    # The exact time is written twice (title and text) but formatted once; the distance is measured
    # from one "now" per request, so that every date of a page is measured from the same moment.
    exact = timefmt.paris(value)
    now = per_request("portal:when:now", timezone.now)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        timezone.localtime(value, timefmt.PARIS).isoformat(),
        exact,
        _("%(relative)s, le %(date)s") % {"relative": timefmt.relative(value, now), "date": exact},
    )


@register.simple_tag
def icon(name: str, css_class: str = "") -> str:
    """A Bootstrap Icons glyph, hidden from assistive technologies: the text beside it says the same."""
    return format_html('<i class="bi bi-{}{}" aria-hidden="true"></i>', name, f" {css_class}" if css_class else "")


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str, icon_name: str = "") -> str:
    """A navigation entry, marked as the current page (``aria-current``) when the visitor is in its section,
    with an optional icon before its text.

    Renders nothing when the URL does not exist (an app left out of the project)."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    request = context.get("request")
    path = request.path if request is not None else ""
    current = path == url or (url != "/" and path.startswith(url))
    return format_html(
        '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}{}</a></li>',
        " active" if current else "",
        url,
        mark_safe(' aria-current="page"') if current else "",
        icon(icon_name, "nav-icon") if icon_name else "",
        label,
    )


@register.filter("describedby")
def _describedby(field) -> str:
    """The ids of a field's help text and errors, for ``aria-describedby``."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.simple_tag
def field_widget(field, css_class: str) -> str:
    """A form field's widget with the accessibility attributes its state calls for: ``aria-invalid`` and
    an error class when it has errors, ``aria-describedby`` pointing at its help text and errors."""
    attrs = dict(field.field.widget.attrs)
    classes = [*attrs.get("class", "").split(), *css_class.split(), *(["is-invalid"] if field.errors else [])]
    attrs["class"] = " ".join(dict.fromkeys(classes))
    if field.errors:
        attrs["aria-invalid"] = "true"
    if describedby := _describedby(field):
        attrs["aria-describedby"] = describedby
    return field.as_widget(attrs=attrs)


@register.filter
def is_group_widget(field) -> bool:
    """A widget made of several inputs (radio buttons, checkboxes): labelled by a fieldset's legend."""
    return field.widget_type in {"radioselect", "checkboxselectmultiple"}


@register.simple_tag
def choice_input(choice) -> str:
    """One radio button or checkbox of a multiple-input widget, styled as Bootstrap expects."""
    attrs = choice.data["attrs"]
    attrs["class"] = " ".join(dict.fromkeys([*attrs.get("class", "").split(), "form-check-input"]))
    return choice.tag()
