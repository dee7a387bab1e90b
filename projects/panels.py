"""Blocks the projects app contributes to other apps' pages (see ``ACTION_PAGE_PANELS``)."""

from django.utils.translation import gettext as _

from snitem_portal.dashboard import Panel

from .selectors import laureates_serving


def action_laureates(request, action) -> list[Panel]:
    """The roadmap action page's "related laureate projects": published laureates serving ``action``."""
    laureates = list(laureates_serving(action))
    if not laureates:
        return []
    return [
        Panel(
            title=_("Projets lauréats liés"),
            template="projects/panels/action_laureates.html",
            context={"laureates": laureates},
        )
    ]
