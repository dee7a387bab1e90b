"""Synthesis exports for staff (CSV and XLSX through tablib); the XLSX adds one sheet per question."""

import re
from datetime import UTC

import tablib
from django.utils.translation import gettext as _

from snitem_portal.exports import neutralise_formula

from .enums import PositionStatus, QuestionKind
from .models import Answer, Consultation
from .selectors import synthesis_of, synthesis_rows
from .synthesis import shown as shown_count

# Characters a spreadsheet refuses in a sheet's name, and its length limit.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


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


def synthesis_databook(consultation: Consultation, *, viewer) -> tablib.Databook:
    """The synthesis sheet, then one sheet per question: each company's submitted answer, then the
    counts (and the average of a scale) as ``viewer`` may read them."""
    sheets = [synthesis_dataset(consultation)]
    synthesis = synthesis_of(consultation, viewer=viewer)
    if not synthesis.questions:
        return tablib.Databook(sheets)
    answers: dict[int, list] = {}
    rows = (
        Answer.objects.filter(
            question__consultation=consultation,
            position__status=PositionStatus.SUBMITTED,
            value__isnull=False,
        )
        .select_related("position__company")
        .order_by("position__company__name")
    )
    for answer in rows:
        answers.setdefault(answer.question_id, []).append(answer)
    for number, item in enumerate(synthesis.questions, start=1):
        sheets.append(_question_sheet(number, item, answers.get(item.question.pk, []), synthesis.masking))
    return tablib.Databook(sheets)


def _cell_value(value) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return value


def _question_sheet(number: int, item, answers: list, masking) -> tablib.Dataset:
    title = SHEET_NAME_FORBIDDEN.sub(" ", f"Q{number} {item.question.label}")[:SHEET_NAME_MAX].strip()
    dataset = tablib.Dataset(headers=[_("Entreprise"), _("SIREN"), _("Réponse")], title=title)

    for answer in answers:
        company = answer.position.company
        dataset.append([neutralise_formula(cell) for cell in (company.name, company.siren, _cell_value(answer.value))])
    dataset.append(["", "", ""])
    dataset.append([neutralise_formula(item.question.label), "", ""])
    dataset.append([_("Réponses"), "", shown_count(item.answered, masking)])
    for label, count in item.counts:
        dataset.append([neutralise_formula(label), "", shown_count(count, masking)])
    if item.kind == QuestionKind.SCALE:
        dataset.append([_("Moyenne"), "", "" if item.average is None else item.average])
    return dataset
