from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.dashboard import Panel

from . import conf
from .selectors import deadlines_for


def panels(request) -> list[Panel]:
    now = timezone.now()
    deadlines = deadlines_for(request.user, start=now, end=now + conf.dashboard_horizon())
    if not deadlines:
        return []
    return [
        Panel(
            title=_("Échéances des 14 prochains jours"),
            template="reminders/panels/deadlines.html",
            context={"deadlines": deadlines},
            order=5,
            action_count=len(deadlines),
        )
    ]
