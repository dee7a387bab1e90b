from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from snitem_portal.api.fields import WebUrlField

from ..enums import ActionItemStatus, MinutesStatus, Response
from ..models import ActionItem, AgendaItem, Registration

MAX_ID = 2**31 - 1


class AgendaItemSerializer(serializers.ModelSerializer):
    presenter = serializers.CharField(source="presenter_label", read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["position", "title", "presenter"]
        read_only_fields = fields


class MyRegistrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Registration
        fields = ["response", "answered_at"]
        read_only_fields = fields


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    group = serializers.SlugField(source="group.slug", read_only=True)
    title = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    place = serializers.CharField(read_only=True)
    video_url = serializers.CharField(read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    my_registration = serializers.SerializerMethodField()
    registered_count = serializers.IntegerField(read_only=True, help_text=_("Inscrits sur place ou à distance."))
    capacity = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Places sur place (vide : sans limite).")
    )
    web_url = WebUrlField()

    @extend_schema_field(MyRegistrationSerializer(allow_null=True))
    def get_my_registration(self, meeting):
        mine = meeting.my_registrations[0] if meeting.my_registrations else None
        return MyRegistrationSerializer(mine).data if mine else None


class MeetingQuerySerializer(serializers.Serializer):
    group = serializers.SlugField(required=False, max_length=100)
    upcoming = serializers.BooleanField(required=False, default=False)


class RegistrationInputSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=Response.choices)


class AttendanceSerializer(serializers.Serializer):
    user_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), max_length=2000, allow_empty=True
    )


class MinutesSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=20_000, trim_whitespace=False)
    status = serializers.ChoiceField(choices=MinutesStatus.choices)
    version = serializers.IntegerField(
        min_value=0, max_value=MAX_ID, help_text=_("La version lue (0 avant le premier enregistrement).")
    )
    html = serializers.CharField(read_only=True, help_text=_("Le texte rendu en HTML (assaini)."))


class ActionItemSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    owner = serializers.IntegerField(source="owner_id", min_value=1, max_value=MAX_ID)
    owner_name = serializers.SerializerMethodField()
    web_url = WebUrlField()

    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "title", "owner", "owner_name", "due_date", "status", "web_url"]
        read_only_fields = ["id", "meeting", "status", "owner_name", "web_url"]

    def get_owner_name(self, item) -> str:
        return item.owner.get_full_name() or item.owner.email


class ActionItemChangeSerializer(serializers.Serializer):
    """What a PATCH changes (DESIGN §4): ``status``, ``due_date``, ``owner``. Other fields, the
    ``title`` included, are read only: ignored, as DRF ignores read-only fields."""

    status = serializers.ChoiceField(choices=ActionItemStatus.choices, required=False)
    due_date = serializers.DateField(required=False)
    owner = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
