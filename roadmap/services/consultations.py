"""Opening a consultation, with its questions."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import ArgumentsShown
from ..models import Action, Consultation
from ..permissions import can_open_consultation
from .questions import add_question, clean_question


@transaction.atomic
def open_consultation(
    *,
    action: Action,
    group,
    question: str,
    opens_at: datetime,
    closes_at: datetime,
    by,
    arguments_shown: str = ArgumentsShown.AFTER_CLOSING,
    questions: list[dict] = (),
) -> Consultation:
    """Open a consultation on one action, for one group's companies (or all when ``group`` is None).

    ``arguments_shown``: whether the companies consulted read each other's shared arguments only
    after the closing (the default) or live. Staff may consult any audience; a group chair only
    their own group. ``questions``: further questions, each ``{kind, label, choices, required}``
    (see ``add_question``). Side effects: history rows.
    """
    if not can_open_consultation(by, group):
        raise PermissionDenied(
            _("Seuls l'équipe du Snitem et la présidence du groupe peuvent ouvrir une consultation.")
        )
    errors = {}
    if not question.strip():
        errors["question"] = _("Posez la question soumise aux entreprises.")
    if closes_at <= opens_at:
        errors["closes_at"] = _("La clôture doit suivre l'ouverture.")
    elif closes_at <= timezone.now():
        errors["closes_at"] = _("La clôture doit être dans le futur.")
    if group is not None and not group.is_active:
        errors["group"] = _("Ce groupe est archivé.")
    if arguments_shown not in ArgumentsShown.values:
        errors["arguments_shown"] = _("Choix inconnu.")
    question_errors = _question_errors(questions)
    if question_errors:
        errors["questions"] = question_errors
    if errors:
        raise ValidationError(errors)
    consultation = Consultation(
        action=action,
        group=group,
        question=question.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        arguments_shown=arguments_shown,
        created_by=by,
    )
    consultation._history_user = by
    consultation.save()
    for item in questions:
        add_question(
            consultation=consultation,
            by=by,
            kind=item["kind"],
            label=item["label"],
            choices=item.get("choices") or [],
            required=bool(item.get("required", False)),
        )
    return consultation


def _question_errors(questions: list[dict]) -> list[str]:
    """One message per question at fault, numbered as given."""
    messages = []
    for number, item in enumerate(questions, start=1):
        try:
            clean_question(kind=item.get("kind"), label=item.get("label"), choices=item.get("choices") or [])
        except ValidationError as error:
            messages += [
                _("Question %(number)d : %(problem)s") % {"number": number, "problem": problem}
                for problem in error.messages
            ]
    return messages
