"""The action page's "association's line" (``ACTION_PAGE_PANELS``): each consultation's counts and
its published joint position, oldest first."""

from django.utils.translation import gettext as _

from roadmap.conf import synthesis_min_group
from roadmap.synthesis import Masking
from snitem_portal.dashboard import Panel

from .selectors import line_of


def action_line(request, action) -> list[Panel]:
    entries = line_of(action, request.user)
    if not entries:
        return []
    return [
        Panel(
            title=_("La ligne de l'association"),
            template="joint/panels/action_line.html",
            context={
                "entries": entries,
                "masking": Masking(min_group=synthesis_min_group(), applies=True),
            },
        )
    ]
