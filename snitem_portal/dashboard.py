"""The dashboard gathers panels from each app: what needs the user's action.

Other pages take contributed panels the same way (``collect_panels``), e.g. the roadmap's action page.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, QuerySet, Window
from django.utils.module_loading import import_string

# Rows a panel lists before "and N more" with a link to the full, paginated list.
SUMMARY_ROWS = 5


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


def collect_panels(paths: list[str], *args) -> list[Panel]:
    """The panels the functions at ``paths`` return for ``args``, sorted by ``order``.

    How one app contributes a block to a page of another without the page importing it.
    """
    panels: list[Panel] = []
    for path in paths:
        panels.extend(import_string(path)(*args))
    return sorted(panels, key=lambda panel: panel.order)


def dashboard_panels(request) -> list[Panel]:
    return collect_panels(settings.DASHBOARD_PANELS, request)


def first_rows(queryset: QuerySet, limit: int = SUMMARY_ROWS) -> tuple[list, int]:
    """The first ``limit`` rows of ``queryset`` and how many rows it holds in all, in one query.

    The total is a window count over the whole result, read before the limit applies, so a panel
    can say "and 214 more" without a second query.
    """
    rows = list(queryset.annotate(summary_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].summary_total if rows else 0)
