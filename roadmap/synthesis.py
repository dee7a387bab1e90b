"""The pieces of a consultation's synthesis: confidentiality of small counts and the questionnaire.

Confidentiality: to a member (not staff, not a chair of the consultation's group), a count that
would single out fewer than ``SYNTHESIS_MIN_GROUP`` companies (1 to N - 1) is masked: it is
``None`` here, « moins de N » on pages and in exports, ``null`` in the API (with ``masked: true``).
An average over fewer than N answers is masked the same way. Zero singles out nobody and is shown.
Each count is masked on its own: a masked cell of a breakdown whose other cells and total are shown
can still be worked out by subtraction (no complementary suppression yet).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .enums import CHOICE_KINDS, SCALE_MAX, SCALE_MIN, QuestionKind
from .models import Answer, Question


@dataclass(frozen=True)
class Masking:
    """How small counts read to one viewer: ``min_group`` is N; ``applies`` is False for staff and chairs."""

    min_group: int
    applies: bool

    def count(self, value: int) -> int | None:
        """``value``, or None when it would single out fewer than N companies."""
        if self.applies and 0 < value < self.min_group:
            return None
        return value

    def average(self, total: float, answered: int) -> float | None:
        if not answered or (self.applies and answered < self.min_group):
            return None
        return round(total / answered, 2)


def fewer_than(masking: Masking) -> str:
    """The text a masked count reads as."""
    return _("moins de %(count)d") % {"count": masking.min_group}


@dataclass
class QuestionSynthesis:
    question: Question
    answered: int | None  # companies that answered it (among the positions the viewer may read)
    counts: list[tuple[str, int | None]] = field(default_factory=list)  # (choice or scale value, count)
    average: float | None = None  # scale questions
    average_masked: bool = False
    texts: list[tuple[str, str]] = field(default_factory=list)  # (company, text): shared positions only

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def counts_map(self) -> dict[str, int | None]:
        return dict(self.counts)

    @property
    def masked(self) -> bool:
        return self.answered is None or self.average_masked or any(count is None for _c, count in self.counts)

    @property
    def bars(self) -> list[dict]:
        """Chart rows: label, count (None if masked) and width (% of the largest shown count)."""
        peak = max((count for _label, count in self.counts if count is not None), default=0) or 1
        return [
            {"label": label, "count": count, "width": 0 if count is None else round(100 * count / peak)}
            for label, count in self.counts
        ]


def question_syntheses(
    questions: list[Question], readable: list, *, quotable: list, masking: Masking
) -> list[QuestionSynthesis]:
    """Per question: answered count, counts per choice (or per scale value) and average of a scale,
    from ``readable`` (the submitted positions the viewer may read); the text answers of the shared
    ones among ``quotable`` (those whose arguments the viewer may read now), named like arguments.

    One query (the answers), whatever the number of questions and companies."""
    if not questions:
        return []
    by_position = {position.pk: position for position in readable}
    answers: dict[int, list] = {question.pk: [] for question in questions}
    rows = Answer.objects.filter(position_id__in=list(by_position), value__isnull=False).values_list(
        "question_id", "position_id", "value"
    )
    for question_id, position_id, value in rows:
        if question_id in answers:
            answers[question_id].append((by_position[position_id], value))
    quoted = {position.pk for position in quotable if position.shared}
    return [_one(question, answers[question.pk], masking, quoted) for question in questions]


def _one(question: Question, answers: list, masking: Masking, quoted: set[int]) -> QuestionSynthesis:
    result = QuestionSynthesis(question=question, answered=masking.count(len(answers)))
    values = [value for _position, value in answers]
    if question.kind in CHOICE_KINDS:
        picked = [choice for value in values for choice in (value if isinstance(value, list) else [value])]
        result.counts = [(choice, masking.count(picked.count(choice))) for choice in question.choices]
    elif question.kind == QuestionKind.SCALE:
        numbers = [value for value in values if isinstance(value, int)]
        result.counts = [(str(step), masking.count(numbers.count(step))) for step in range(SCALE_MIN, SCALE_MAX + 1)]
        result.average = masking.average(sum(numbers), len(numbers))
        result.average_masked = result.average is None and bool(numbers)
    else:
        result.texts = sorted(
            (position.company.name, value) for position, value in answers if position.pk in quoted and value
        )
    return result
