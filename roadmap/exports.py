"""Synthesis exports for staff (CSV and XLSX through tablib)."""

from datetime import UTC

import tablib
from django.utils.translation import gettext as _

from snitem_portal.exports import neutralise_formula

from .models import Consultation
from .selectors import synthesis_rows


def synthesis_dataset(consultation: Consultation) -> tablib.Dataset:
    """One row per invited company: its submitted position, or empty cells. Drafts never appear."""
    dataset = tablib.Dataset(
        headers=[
            _("Entreprise"),
            _("SIREN"),
            _("Statut"),
            _("Position"),
            _("Partagée"),
            _("Argumentaire"),
            _("Soumise le (UTC)"),
            _("Soumise par"),
        ],
        title=_("Synthèse"),
    )
    for row in synthesis_rows(consultation):
        submitted_at = row["submitted_at"]
        dataset.append(
            [
                neutralise_formula(cell)
                for cell in (
                    row["company"],
                    row["siren"],
                    row["status"] or _("Sans réponse"),
                    row["stance"],
                    "" if row["shared"] is None else (_("oui") if row["shared"] else _("non")),
                    row["argument"],
                    submitted_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if submitted_at else "",
                    row["submitted_by"],
                )
            ]
        )
    return dataset
