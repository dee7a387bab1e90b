from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")


def paris_datetime(value) -> str:
    """'1 juin 2020, 12:00 (heure de Paris)', in the active language."""
    local = value.astimezone(PARIS)
    return _("%(datetime)s (heure de Paris)") % {"datetime": formats.date_format(local, "j F Y, H:i")}


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
