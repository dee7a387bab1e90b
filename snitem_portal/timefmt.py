"""Dates as the portal shows them: Paris time, with the zone named."""

from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")


def paris(value) -> str:
    """« 1er juin 2020, 12:00 (heure de Paris) », in the active language; "" for no value."""
    if not value:
        return ""
    local = timezone.localtime(value, PARIS)
    # French writes the first day of a month as an ordinal (« 1er juin »), English does not.
    day = r"j\e\r" if local.day == 1 and (get_language() or "fr").startswith("fr") else "j"
    return _("%(date)s (heure de Paris)") % {"date": formats.date_format(local, f"{day} F Y, H:i")}


def paris_time(value) -> str:
    """Only the time of day, in Paris time."""
    if not value:
        return ""
    return formats.date_format(timezone.localtime(value, PARIS), "H:i")
