"""Template helpers of the groups app."""

from zoneinfo import ZoneInfo

from django import template
from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

register = template.Library()

PARIS = ZoneInfo("Europe/Paris")


@register.filter
def paris(value) -> str:
    """An aware datetime shown in Paris time with its zone: « 1 juin 2020, 12:00 (heure de Paris) »."""
    if not value:
        return ""
    local = localtime(value, PARIS)
    return _("%(date)s (heure de Paris)") % {"date": formats.date_format(local, "j F Y, H:i")}


@register.filter
def paris_time(value) -> str:
    """Only the time of day, in Paris time."""
    if not value:
        return ""
    return formats.date_format(localtime(value, PARIS), "H:i")
