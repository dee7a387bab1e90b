from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.dashboard import Panel

from . import conf
from .selectors import deadlines_for

SHOWN = 6  # the nearest deadlines; the others are counted, and all are in the calendar feed


def panels(request) -> list[Panel]:
    now = timezone.now()
    horizon = conf.dashboard_horizon()
    deadlines = deadlines_for(request.user, start=now, end=now + horizon)
    if not deadlines:
        return []
    return [
        Panel(
            title=_("Échéances des %(days)d prochains jours") % {"days": horizon.days},
            template="reminders/panels/deadlines.html",
            context={"deadlines": deadlines[:SHOWN], "more": max(len(deadlines) - SHOWN, 0)},
            order=5,
            action_count=len(deadlines),
        )
    ]
