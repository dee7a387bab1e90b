"""Blocks other apps contribute to a meeting's page (agenda, registration, minutes, materials…),
so that groups imports none of them."""

from snitem_portal.dashboard import Panel, collect_panels

from . import conf


def meeting_page_panels(request, meeting) -> list[Panel]:
    """The panels of ``MEETING_PAGE_PANELS`` for ``meeting``."""
    return collect_panels(conf.meeting_page_panels(), request, meeting)
