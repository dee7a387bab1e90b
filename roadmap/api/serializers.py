from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groups.models import WorkingGroup
from groups.selectors import company_of
from snitem_portal.api.fields import ExplicitDateTimeField
from snitem_portal.api.serializers import CompanyRefSerializer
from snitem_portal.http import absolute_url
from snitem_portal.modelfields import SHORT_TEXT

from ..enums import ActionStatus, ArgumentsShown, PositionStatus, QuestionKind, Stance
from ..models import Action, Consultation, Orientation, Position, Question
from ..synthesis import is_masked


@extend_schema_field({"type": "string", "enum": ActionStatus.values})
class ActionStatusField(serializers.CharField):
    """Inline enum: a named component would collide with the other ``status`` enums."""


@extend_schema_field({"type": "string", "enum": PositionStatus.values})
class PositionStatusField(serializers.CharField):
    """Inline enum: a named component would collide with the other ``status`` enums."""


class OrientationSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(read_only=True)
    action_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Orientation
        fields = ["id", "number", "title", "progress", "action_count"]


class OrientationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Orientation
        fields = ["id", "number", "title"]


class ActionSerializer(serializers.ModelSerializer):
    orientation = OrientationRefSerializer(read_only=True)
    status = ActionStatusField(read_only=True)
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "number",
            "title",
            "orientation",
            "owner",
            "status",
            "progress",
            "target_date",
            "updated_at",
            "web_url",
        ]

    def get_web_url(self, action) -> str:
        return absolute_url(action.get_absolute_url())


class ActionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ["id", "number", "title"]


class MyPositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "status", "stance", "version"]


class QuestionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices, read_only=True)
    choices = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Question
        fields = ["id", "kind", "label", "choices", "required"]
        read_only_fields = fields


class QuestionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    label = serializers.CharField(max_length=500)
    choices = serializers.ListField(
        child=serializers.CharField(max_length=200),
        max_length=20,
        required=False,
        default=list,
        help_text=_("Les choix proposés, dans l'ordre : au moins deux, pour les questions à choix seulement."),
    )
    required = serializers.BooleanField(required=False, default=False)


class ConsultationSerializer(serializers.ModelSerializer):
    action = ActionRefSerializer(read_only=True)
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    is_open = serializers.BooleanField(read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)
    my_position = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "action",
            "group",
            "question",
            "opens_at",
            "closes_at",
            "arguments_shown",
            "questions",
            "is_open",
            "my_position",
            "web_url",
        ]

    @extend_schema_field(MyPositionSerializer(allow_null=True))
    def get_my_position(self, consultation):
        mine = getattr(consultation, "my_positions", None)
        if not mine:
            return None
        return self._my_position_serializer.to_representation(mine[0])

    @cached_property
    def _my_position_serializer(self) -> MyPositionSerializer:
        # One serializer for the whole list: a new one per consultation would rebuild its field map.
        return MyPositionSerializer()

    def get_web_url(self, consultation) -> str:
        return absolute_url(consultation.get_absolute_url())


class ConsultationCreateSerializer(serializers.Serializer):
    action = serializers.PrimaryKeyRelatedField(queryset=Action.objects.all())
    group = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=WorkingGroup.objects.all(),
        allow_null=True,
        required=False,
        default=None,
        help_text=_("Slug du groupe consulté, ou null pour toutes les entreprises adhérentes."),
    )
    question = serializers.CharField(max_length=SHORT_TEXT)
    opens_at = ExplicitDateTimeField()
    closes_at = ExplicitDateTimeField()
    arguments_shown = serializers.ChoiceField(
        choices=ArgumentsShown.choices,
        required=False,
        default=ArgumentsShown.AFTER_CLOSING,
        help_text=_("Quand les entreprises consultées lisent les arguments partagés des autres."),
    )
    questions = QuestionCreateSerializer(many=True, required=False, default=list, max_length=30)


MASKED_HELP = _(
    "null : moins de min_group entreprises, ou un décompte qui permettrait de le retrouver par différence "
    "(masqué pour la confidentialité)."
)


class MaskedCountField(serializers.IntegerField):
    """A synthesis count: null when masked or hidden for the viewer (``roadmap.synthesis``)."""

    def to_representation(self, value):
        return None if is_masked(value) else super().to_representation(value)


def _count(**kwargs) -> serializers.IntegerField:
    return MaskedCountField(allow_null=True, help_text=MASKED_HELP, **kwargs)


class StanceCountsSerializer(serializers.Serializer):
    support = _count()
    support_with_reservations = _count()
    oppose = _count()
    abstain = _count()


class QuestionSynthesisSerializer(serializers.Serializer):
    """``counts`` per choice (per value 1 to 5 for a scale), ``average`` for a scale; a text question
    has only ``answered`` (its shared answers are read in the positions)."""

    id = serializers.IntegerField(source="question.pk")
    kind = serializers.ChoiceField(choices=QuestionKind.choices, source="question.kind")
    label = serializers.CharField(source="question.label")
    answered = _count()
    counts = serializers.DictField(
        child=MaskedCountField(allow_null=True),
        source="counts_map",
        required=False,
        help_text=_("Par choix (ou par valeur de 1 à 5) : le nombre d'entreprises ; null si masqué."),
    )
    average = serializers.FloatField(
        allow_null=True,
        required=False,
        help_text=_("Moyenne d'une échelle ; null sans réponse ou sur moins de min_group réponses (masked)."),
    )
    masked = serializers.BooleanField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.kind == QuestionKind.TEXT:
            data.pop("counts", None)
        if instance.kind != QuestionKind.SCALE:
            data.pop("average", None)
        return data


class SynthesisSerializer(serializers.Serializer):
    """To members, a count below ``min_group`` companies is null and ``masked`` is true; staff and the
    chairs of the consultation's group read every count."""

    invited = _count()
    responded = _count()
    no_record = _count()
    counts = StanceCountsSerializer()
    min_group = serializers.IntegerField(source="masking.min_group")
    masked = serializers.BooleanField()
    questions = QuestionSynthesisSerializer(many=True)


ANSWERS_SCHEMA = {
    "type": "object",
    "description": (
        "Answers to the consultation's questions, by question id: one of the choices (single), a list of "
        "distinct choices (multiple), a whole number from 1 to 5 (scale), a text of at most 2,000 "
        "characters (text); null clears an answer."
    ),
    "additionalProperties": {
        "oneOf": [
            {"type": "string", "maxLength": 2000},
            {"type": "integer", "minimum": 1, "maximum": 5},
            {"type": "array", "items": {"type": "string"}},
        ],
        "nullable": True,
    },
}


def answers_of(position, *, revision: bool = False) -> dict:
    """{question id (text): value} from the answers read with ``position`` (``with_answers``), else from
    those prefetched on it."""
    rows = getattr(position, "answer_rows", None)
    if rows is not None:
        key = "revision" if revision else "value"
        values = {str(row["question"]): row[key] for row in rows}
    else:
        field = "revision_value" if revision else "value"
        values = {str(answer.question_id): getattr(answer, field) for answer in position.answers.all()}
    return {key: value for key, value in values.items() if value is not None}


class PositionRevisionSerializer(serializers.Serializer):
    """A submitted position's pending revision: the company's own, never shown to others."""

    stance = serializers.ChoiceField(choices=Stance.choices, source="revision_stance")
    argument = serializers.CharField(source="revision_argument")
    shared = serializers.BooleanField(source="revision_shared")
    answers = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(ANSWERS_SCHEMA)
    def get_answers(self, position) -> dict:
        return answers_of(position, revision=True)


class PositionSerializer(serializers.ModelSerializer):
    """stance, argument and shared are the company's answer (the submitted version once submitted);
    ``pending_revision`` is the edit that awaits a referent's sign-off, shown to the company only."""

    company = CompanyRefSerializer(read_only=True)
    status = PositionStatusField(read_only=True)
    answers = serializers.SerializerMethodField()
    pending_revision = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Position
        fields = [
            "id",
            "consultation",
            "company",
            "stance",
            "argument",
            "shared",
            "answers",
            "status",
            "pending_revision",
            "version",
            "submitted_at",
            "updated_at",
            "web_url",
        ]
        read_only_fields = fields

    def get_web_url(self, position) -> str:
        return absolute_url(position.get_absolute_url())

    @extend_schema_field(ANSWERS_SCHEMA)
    def get_answers(self, position) -> dict:
        return answers_of(position)

    @extend_schema_field(PositionRevisionSerializer(allow_null=True))
    def get_pending_revision(self, position) -> dict | None:
        request = self.context.get("request")
        company = company_of(request.user) if request else None
        if not position.has_pending_revision or company is None or company.pk != position.company_id:
            return None
        return self._revision_serializer.to_representation(position)

    @cached_property
    def _revision_serializer(self) -> PositionRevisionSerializer:
        return PositionRevisionSerializer()


@extend_schema_field(ANSWERS_SCHEMA)
class AnswersField(serializers.DictField):
    """{question id: value}; each value is checked against its question by the service."""

    child = serializers.JSONField(allow_null=True)


class PositionCreateSerializer(serializers.Serializer):
    consultation = serializers.PrimaryKeyRelatedField(queryset=Consultation.objects.none())
    stance = serializers.ChoiceField(choices=Stance.choices)
    argument = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    shared = serializers.BooleanField(required=False, default=False)
    answers = AnswersField(required=False)

    def __init__(self, *args, consultations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if consultations is not None:
            self.fields["consultation"].queryset = consultations


class PositionUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)
    argument = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    shared = serializers.BooleanField(required=False)
    answers = AnswersField(required=False)


class PositionSubmitSerializer(serializers.Serializer):
    # Optional here so that the service's permission check answers first; the service refuses a
    # missing version (400) and a stale one (409).
    version = serializers.IntegerField(min_value=1, required=False)
