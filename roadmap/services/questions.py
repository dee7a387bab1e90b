"""A consultation's questions, and the checking of a company's answers to them.

Staff and the chairs of the consultation's group write the questions while the consultation has not
closed. Once any company answered (a draft counts), no question is added or removed and the kinds
and choices stay as they are (the answers were given against them); labels and the required flag
may still be corrected.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.exceptions import Conflict

from ..enums import CHOICE_KINDS, SCALE_MAX, SCALE_MIN, TEXT_ANSWER_MAX, QuestionKind
from ..models import Answer, Consultation, Question
from ..permissions import can_manage_questions

LABEL_MAX = 500
CHOICE_MAX = 200
CHOICES_MAX = 20


def has_answers(consultation: Consultation) -> bool:
    """Whether any company answered one of the consultation's questions (drafts included)."""
    return Answer.objects.filter(question__consultation=consultation).exists()


def _check_may_edit(consultation: Consultation, by) -> Consultation:
    """Lock the consultation (answers are written under the same lock) and check ``by`` may edit now."""
    if not can_manage_questions(by, consultation):
        raise PermissionDenied(
            _("Seuls l'équipe du Snitem et la présidence du groupe consulté modifient les questions.")
        )
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if timezone.now() >= consultation.closes_at:
        raise ValidationError(_("La consultation est close : ses questions ne peuvent plus être modifiées."))
    return consultation


def clean_question(*, kind: str, label: str, choices) -> tuple[str, list[str]]:
    """The label and choices, cleaned; raises ValidationError naming the field at fault."""
    errors = {}
    label = (label or "").strip()
    if kind not in QuestionKind.values:
        errors["kind"] = _("Type de question inconnu.")
    if not label:
        errors["label"] = _("Saisissez l'intitulé de la question.")
    elif len(label) > LABEL_MAX:
        errors["label"] = _("L'intitulé dépasse %(max)d caractères.") % {"max": LABEL_MAX}
    cleaned: list[str] = []
    if kind in CHOICE_KINDS:
        if not isinstance(choices, list | tuple) or not all(isinstance(choice, str) for choice in choices):
            errors["choices"] = _("Les choix sont une liste de textes.")
        else:
            cleaned = [choice.strip() for choice in choices if choice.strip()]
            if len(cleaned) < 2:
                errors["choices"] = _("Proposez au moins deux choix.")
            elif len(cleaned) > CHOICES_MAX:
                errors["choices"] = _("Proposez au plus %(max)d choix.") % {"max": CHOICES_MAX}
            elif len(set(cleaned)) != len(cleaned):
                errors["choices"] = _("Chaque choix n'apparaît qu'une fois.")
            elif any(len(choice) > CHOICE_MAX for choice in cleaned):
                errors["choices"] = _("Un choix dépasse %(max)d caractères.") % {"max": CHOICE_MAX}
    elif choices:
        errors["choices"] = _("Seules les questions à choix proposent des choix.")
    if errors:
        raise ValidationError(errors)
    return label, cleaned


@transaction.atomic
def add_question(
    *, consultation: Consultation, by, kind: str, label: str, choices=(), required: bool = False
) -> Question:
    """Add a question at the end of the consultation's questionnaire.

    Refused (Conflict) once a company answered. Side effects: history row."""
    consultation = _check_may_edit(consultation, by)
    label, choices = clean_question(kind=kind, label=label, choices=list(choices or []))
    if has_answers(consultation):
        raise Conflict(_("Des entreprises ont déjà répondu : on ne peut plus ajouter de question."))
    last = consultation.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(
        consultation=consultation,
        position=0 if last is None else last + 1,
        kind=kind,
        label=label,
        choices=choices,
        required=required,
    )
    question._history_user = by
    question.save()
    return question


@transaction.atomic
def update_question(*, question: Question, by, kind: str, label: str, choices=(), required: bool = False) -> Question:
    """Change a question. Once a company answered, its kind and choices are fixed (Conflict).

    Side effects: history row."""
    consultation = _check_may_edit(question.consultation, by)
    question = Question.objects.select_for_update().get(pk=question.pk, consultation=consultation)
    label, choices = clean_question(kind=kind, label=label, choices=list(choices or []))
    if (kind, choices) != (question.kind, question.choices) and has_answers(consultation):
        raise Conflict(
            _("Des entreprises ont déjà répondu à « %(label)s » : son type et ses choix ne changent plus.")
            % {"label": question.label}
        )
    question.kind, question.label, question.choices, question.required = kind, label, choices, required
    question._history_user = by
    question.save()
    return question


@transaction.atomic
def delete_question(*, question: Question, by) -> None:
    """Remove a question; refused (Conflict) once a company answered. Side effects: history row."""
    consultation = _check_may_edit(question.consultation, by)
    if has_answers(consultation):
        raise Conflict(_("Des entreprises ont déjà répondu : on ne peut plus retirer de question."))
    question = Question.objects.get(pk=question.pk, consultation=consultation)
    question._history_user = by
    question.delete()


@transaction.atomic
def save_questionnaire(*, consultation: Consultation, by, changes: list[dict]) -> None:
    """Apply the question editor's changes at once (all or nothing).

    Each change: ``question`` (None for a new one), ``delete``, ``kind``, ``label``, ``choices``,
    ``required``. Raises ValidationError with one message per question at fault, numbered as
    listed. Side effects: those of add_question, update_question and delete_question."""
    problems = []
    for number, change in enumerate(changes, start=1):
        question = change.get("question")
        values = {name: change[name] for name in ("kind", "label", "choices", "required")}
        try:
            if question is None:
                if not change.get("delete"):
                    add_question(consultation=consultation, by=by, **values)
            elif change.get("delete"):
                delete_question(question=question, by=by)
            else:
                update_question(question=question, by=by, **values)
        except ValidationError as error:
            problems += [
                _("Question %(number)d : %(problem)s") % {"number": number, "problem": problem}
                for problem in error.messages
            ]
    if problems:
        raise ValidationError(problems)


# Answers -------------------------------------------------------------------------------------


def _problem(question: Question, value):
    """What is wrong with ``value`` as an answer to ``question`` (None if nothing), and the cleaned value."""
    kind = question.kind
    if kind == QuestionKind.SINGLE:
        if not isinstance(value, str) or value not in question.choices:
            return _("choisissez l'un des choix proposés."), None
        return None, value
    if kind == QuestionKind.MULTIPLE:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return _("donnez une liste de choix."), None
        if len(set(value)) != len(value):
            return _("chaque choix ne compte qu'une fois."), None
        if any(item not in question.choices for item in value):
            return _("choisissez parmi les choix proposés."), None
        return None, [choice for choice in question.choices if choice in value]
    if kind == QuestionKind.SCALE:
        if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
            return _("donnez un nombre entier de %(min)d à %(max)d.") % {"min": SCALE_MIN, "max": SCALE_MAX}, None
        return None, value
    if not isinstance(value, str) or "\x00" in value:
        return _("donnez un texte."), None
    value = value.strip()
    if len(value) > TEXT_ANSWER_MAX:
        return _("%(max)d caractères au plus.") % {"max": TEXT_ANSWER_MAX}, None
    return None, value


def _is_empty(value) -> bool:
    return value is None or value == "" or value == []


def clean_answers(questions: list[Question], answers: dict) -> dict[int, object]:
    """``answers`` ({question id: value}, ids as numbers or strings) checked against ``questions``.

    Returns {question id: cleaned value or None (no answer)}. Raises ValidationError on ``answers``
    with one message per question at fault, naming it."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": [_("Les réponses sont un objet {identifiant de question : réponse}.")]})
    by_id = {str(question.pk): question for question in questions}
    messages, cleaned = [], {}
    for key, value in answers.items():
        question = by_id.get(str(key))
        if question is None:
            messages.append(_("Question %(id)s : cette consultation ne la pose pas.") % {"id": str(key)[:20]})
            continue
        if _is_empty(value):
            cleaned[question.pk] = None
            continue
        problem, value = _problem(question, value)
        if problem:
            messages.append(_("« %(label)s » : %(problem)s") % {"label": question.label, "problem": problem})
        else:
            cleaned[question.pk] = None if _is_empty(value) else value
    if messages:
        raise ValidationError({"answers": messages})
    return cleaned


def missing_required(questions: list[Question], answers: dict[int, object]) -> list[str]:
    """One message per required question left without an answer."""
    return [
        _("« %(label)s » : une réponse est obligatoire pour soumettre la position.") % {"label": question.label}
        for question in questions
        if question.required and _is_empty(answers.get(question.pk))
    ]
