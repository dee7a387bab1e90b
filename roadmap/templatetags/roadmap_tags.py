from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()
PARIS = ZoneInfo("Europe/Paris")


@register.filter
def paris(value) -> str:
    """« 1 juin 2020, 12:00 (heure de Paris) »: an aware datetime shown in Paris time, with the zone."""
    if not value:
        return ""
    local = timezone.localtime(value, PARIS)
    return _("%(date)s (heure de Paris)") % {"date": formats.date_format(local, "j F Y, H:i")}


@register.filter
def pct_class(value) -> str:
    """CSS class for a width in percent (0-100), since the CSP forbids inline styles."""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        number = 0
    return f"pct-{min(max(number, 0), 100)}"
