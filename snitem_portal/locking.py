"""Optimistic locking: a write carries the version its author read, and a stale one changes nothing."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .exceptions import Conflict


def check_version(obj, expected, *, stale: str = "", missing: str = "") -> None:
    """Refuse a change of ``obj`` made from another version than its current ``obj.version``.

    ``expected`` is the version the author read: an int, or a string of digits as a form posts it.
    Raises ValidationError on ``version`` when it is None (``missing`` says why it is needed) or not
    a whole number; Conflict when it differs from ``obj.version`` (``stale`` says what to do, and may
    name ``%(current)d`` and ``%(yours)d``). Call it with ``obj`` locked (select_for_update).
    """
    if expected is None:
        raise ValidationError({"version": [missing or _("La version lue est obligatoire.")]})
    try:
        if isinstance(expected, bool | float):
            raise TypeError(expected)
        yours = int(expected)
    except (TypeError, ValueError):
        raise ValidationError({"version": [_("La version lue n'est pas un nombre entier.")]}) from None
    if yours != obj.version:
        message = stale or _(
            "Quelqu'un a fait une modification entre-temps (version %(current)d, vous lisiez la version "
            "%(yours)d) : rechargez la page avant de recommencer."
        )
        raise Conflict(message % {"current": obj.version, "yours": yours})
