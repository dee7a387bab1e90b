"""The dashboard gathers panels from each app: what needs the user's action."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass
class Panel:
    """One block of the dashboard, rendered with ``template`` and ``context``.

    ``order`` sorts panels (lower first); ``action_count`` > 0 marks it as needing action.
    """

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    action_count: int = 0


def dashboard_panels(request) -> list[Panel]:
    panels: list[Panel] = []
    for path in settings.DASHBOARD_PANELS:
        panels.extend(import_string(path)(request))
    return sorted(panels, key=lambda panel: panel.order)
