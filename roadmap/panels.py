"""Blocks other apps contribute to the roadmap's pages, so that the roadmap imports none of them."""

from snitem_portal.dashboard import Panel, collect_panels

from . import conf


def action_page_panels(request, action) -> list[Panel]:
    """The panels of ``ACTION_PAGE_PANELS`` for ``action`` (e.g. the projects serving it)."""
    return collect_panels(conf.action_page_panels(), request, action)
