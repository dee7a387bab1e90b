"""The attendance sheet as a spreadsheet (XLSX), every cell formula-safe (``snitem_portal.exports``)."""

import tablib
from django.utils.translation import gettext as _

from groups.models import Affiliation, Meeting
from snitem_portal.exports import neutralise_formula

from .selectors import attendance_of


def attendance_sheet_xlsx(meeting: Meeting) -> bytes:
    """One row per person present: name, email, company, and an empty column to sign."""
    rows = attendance_of(meeting).select_related(None).select_related("user")
    companies = _companies(meeting)
    dataset = tablib.Dataset(headers=[_("Nom"), _("Adresse e-mail"), _("Entreprise"), _("Signature")])
    dataset.title = _("Présences")[:31]
    for row in rows:
        name = row.user.get_full_name() or row.user.email
        dataset.append(
            [neutralise_formula(value) for value in (name, row.user.email, companies.get(row.user_id, ""), "")]
        )
    return dataset.export("xlsx")


def _companies(meeting: Meeting) -> dict[int, str]:
    return dict(
        Affiliation.objects.approved()
        .filter(user__meeting_attendances__meeting=meeting)
        .values_list("user_id", "company__name")
    )
