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

from ..enums import ActionStatus, ArgumentsShown, PositionStatus, Stance
from ..models import Action, Consultation, Orientation, Position


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


class ConsultationSerializer(serializers.ModelSerializer):
    action = ActionRefSerializer(read_only=True)
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    is_open = serializers.BooleanField(read_only=True)
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


class StanceCountsSerializer(serializers.Serializer):
    support = serializers.IntegerField()
    support_with_reservations = serializers.IntegerField()
    oppose = serializers.IntegerField()
    abstain = serializers.IntegerField()


class SynthesisSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    responded = serializers.IntegerField()
    no_record = serializers.IntegerField()
    counts = StanceCountsSerializer()


class PositionRevisionSerializer(serializers.Serializer):
    """A submitted position's pending revision: the company's own, never shown to others."""

    stance = serializers.ChoiceField(choices=Stance.choices, source="revision_stance")
    argument = serializers.CharField(source="revision_argument")
    shared = serializers.BooleanField(source="revision_shared")
    updated_at = serializers.DateTimeField()


class PositionSerializer(serializers.ModelSerializer):
    """stance, argument and shared are the company's answer (the submitted version once submitted);
    ``pending_revision`` is the edit that awaits a referent's sign-off, shown to the company only."""

    company = CompanyRefSerializer(read_only=True)
    status = PositionStatusField(read_only=True)
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


class PositionCreateSerializer(serializers.Serializer):
    consultation = serializers.PrimaryKeyRelatedField(queryset=Consultation.objects.none())
    stance = serializers.ChoiceField(choices=Stance.choices)
    argument = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    shared = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, consultations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if consultations is not None:
            self.fields["consultation"].queryset = consultations


class PositionUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)
    argument = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    shared = serializers.BooleanField(required=False)


class PositionSubmitSerializer(serializers.Serializer):
    # Optional here so that the service's permission check answers first; the service refuses a
    # missing version (400) and a stale one (409).
    version = serializers.IntegerField(min_value=1, required=False)
