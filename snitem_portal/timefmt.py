"""Dates as the portal shows them: Paris time, with the zone named."""

from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.timesince import timesince, timeuntil
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


def relative(value, now=None) -> str:
    """« dans 3 jours », « il y a 2 heures »: the distance to ``value`` in its largest unit; "" for no value."""
    if not value:
        return ""
    now = now or timezone.now()
    if value >= now:
        return _("dans %(delta)s") % {"delta": timeuntil(value, now, depth=1)}
    return _("il y a %(delta)s") % {"delta": timesince(value, now, depth=1)}


def relative_and_exact(value, now=None) -> str:
    """« dans 3 jours, le 4 décembre 2026, 12:00 (heure de Paris) »: the distance, then the exact Paris time."""
    if not value:
        return ""
    return _("%(relative)s, le %(date)s") % {"relative": relative(value, now), "date": paris(value)}


def announced(value, now=None) -> str:
    """« le 11 décembre 2026 à 22 h 14, heure de Paris, dans 3 jours »: a date as an email announces it.

    The distance is measured when this runs: a template filter of the email, rendered when the message
    is sent (a queued or retried message says how far the date is then); "" for no value."""
    if not value:
        return ""
    local = timezone.localtime(value, PARIS)
    day = r"j\e\r" if local.day == 1 and (get_language() or "fr").startswith("fr") else "j"
    return _("le %(date)s à %(time)s, heure de Paris, %(relative)s") % {
        "date": formats.date_format(local, f"{day} F Y"),
        "time": _("%(hours)s h %(minutes)s") % {"hours": local.hour, "minutes": f"{local.minute:02d}"},
        "relative": relative(value, now),
    }
