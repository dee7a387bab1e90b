"""The pieces of a consultation's synthesis: confidentiality of small counts and the questionnaire.

Confidentiality: to a member (not staff, not a chair of the consultation's group), a count that
would single out fewer than ``SYNTHESIS_MIN_GROUP`` companies (1 to N - 1) is masked: it is
``None`` here, « moins de N » on pages and in exports, ``null`` in the API (with ``masked: true``).
An average over fewer than N answers is masked the same way. Zero singles out nobody and is shown.
A breakdown whose total is shown (invited = answered + without an answer; answers = the stance
counts + the unshared ones; a single-choice or scale question's answered = its counts) would give
away its one masked cell by subtraction: its smallest other non-zero cell is hidden too
(``HIDDEN``, « masqué », ``null`` in the API), so that no masked count can be worked out.
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


class _Hidden:
    """A count hidden from members because, with the others and their total, it would give away a masked one."""

    def __repr__(self) -> str:
        return "HIDDEN"


HIDDEN = _Hidden()


def is_masked(value) -> bool:
    """Whether a count is not shown to the viewer (below the threshold, or hidden to protect one that is)."""
    return value is None or value is HIDDEN


def protect(cells: dict, total) -> dict:
    """``cells`` with, when exactly one is masked and their ``total`` is shown, the smallest other
    non-zero cell hidden too (the first in order on a tie): the masked one can no longer be deduced."""
    if total is None or total is HIDDEN or sum(1 for value in cells.values() if is_masked(value)) != 1:
        return cells
    candidates = [
        (value, index, key) for index, (key, value) in enumerate(cells.items()) if not is_masked(value) and value > 0
    ]
    if not candidates:
        return cells
    _value, _index, key = min(candidates)
    return {**cells, key: HIDDEN}


NOT_SHOWN = "not_shown"


def protect_counts(*, counts: dict, not_shown, responded, masking: Masking) -> tuple[dict, object]:
    """The stance counts and the unshared count (which add up to ``responded``), protected for a member."""
    if not masking.applies:
        return counts, not_shown
    cells = protect({**counts, NOT_SHOWN: not_shown}, responded)
    return {stance: cells[stance] for stance in counts}, cells[NOT_SHOWN]


def fewer_than(masking: Masking) -> str:
    """The text a masked count reads as."""
    return _("moins de %(count)d") % {"count": masking.min_group}


def shown(value, masking: Masking):
    """A count as a member reads it: the number, « moins de N » below the threshold, « masqué » when hidden."""
    if value is None:
        return fewer_than(masking)
    if value is HIDDEN:
        return _("masqué")
    return value


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
        return is_masked(self.answered) or self.average_masked or any(is_masked(count) for _c, count in self.counts)

    @property
    def bars(self) -> list[dict]:
        """Chart rows: label, count (None if masked) and width (% of the largest shown count)."""
        peak = max((count for _label, count in self.counts if not is_masked(count)), default=0) or 1
        return [
            {"label": label, "count": count, "width": 0 if is_masked(count) else round(100 * count / peak)}
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
        if question.kind == QuestionKind.SINGLE and masking.applies:  # one choice each: they add up to answered
            result.counts = list(protect(dict(result.counts), result.answered).items())
    elif question.kind == QuestionKind.SCALE:
        numbers = [value for value in values if isinstance(value, int)]
        result.counts = [(str(step), masking.count(numbers.count(step))) for step in range(SCALE_MIN, SCALE_MAX + 1)]
        if masking.applies and len(numbers) == len(answers):
            result.counts = list(protect(dict(result.counts), result.answered).items())
        result.average = masking.average(sum(numbers), len(numbers))
        result.average_masked = result.average is None and bool(numbers)
    else:
        result.texts = sorted(
            (position.company.name, value) for position, value in answers if position.pk in quoted and value
        )
    return result
