"""Dates as the portal shows them: Paris time, with the zone named."""

from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")


def paris(value) -> str:
    """« 1 juin 2020, 12:00 (heure de Paris) », in the active language; "" for no value."""
    if not value:
        return ""
    local = timezone.localtime(value, PARIS)
    return _("%(date)s (heure de Paris)") % {"date": formats.date_format(local, "j F Y, H:i")}


def paris_time(value) -> str:
    """Only the time of day, in Paris time."""
    if not value:
        return ""
    return formats.date_format(timezone.localtime(value, PARIS), "H:i")
