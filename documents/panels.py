"""Blocks the documents app contributes to other apps' pages (see ``MEETING_PAGE_PANELS``)."""

from django.utils.translation import gettext as _

from snitem_portal.dashboard import Panel

from .permissions import can_add_document
from .selectors import meeting_materials as materials_of


def meeting_materials(request, meeting) -> list[Panel]:
    """The meeting page's "documents of the meeting": the ones attached to it that the reader sees,
    and a link to attach one for the group's members."""
    documents = list(materials_of(request.user, meeting))
    can_add = can_add_document(request.user, meeting.group) and not meeting.is_cancelled
    if not documents and not can_add:
        return []
    return [
        Panel(
            title=_("Documents de la réunion"),
            template="documents/panels/meeting_materials.html",
            context={
                "documents": documents,
                "meeting": meeting,
                "group": meeting.group,
                "can_add": can_add,
                "anchor": "documents",
            },
            # Right after the agenda (meetings.panels: agenda 10, registration 20…).
            order=15,
        )
    ]
