from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from snitem_portal.markdown import render_markdown

from ..models import LONG_TEXT, JointPosition
from ..selectors import quotes_of

QUOTES_HELP = _("Les positions citées, par leur identifiant (les mêmes en lecture et en écriture).")


class QuotedPositionSerializer(serializers.Serializer):
    """A quoted argument, with what a reader needs to show it (read only)."""

    id = serializers.IntegerField(source="pk")
    company = serializers.CharField(source="company.name")
    stance = serializers.CharField()
    argument = serializers.CharField()


class JointPositionSerializer(serializers.ModelSerializer):
    """The joint position as read. ``quotes`` holds ids as PUT takes them (a GET body may be sent back
    as is); ``quoted_positions`` gives each quoted argument in the same order."""

    text_html = serializers.SerializerMethodField()
    quotes = serializers.SerializerMethodField(help_text=QUOTES_HELP)
    quoted_positions = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = JointPosition
        fields = [
            "id",
            "consultation",
            "status",
            "text",
            "text_html",
            "quotes",
            "quoted_positions",
            "public",
            "version",
            "created_at",
            "circulated_at",
            "validated_at",
            "published_at",
            "web_url",
        ]
        read_only_fields = fields

    def get_text_html(self, joint) -> str:
        return str(render_markdown(joint.text))

    def get_quotes(self, joint) -> list[int]:
        return [position.pk for position in quotes_of(joint)]

    @extend_schema_field(QuotedPositionSerializer(many=True))
    def get_quoted_positions(self, joint):
        return QuotedPositionSerializer(quotes_of(joint), many=True).data

    def get_web_url(self, joint) -> str:
        return settings.SITE_URL + joint.get_absolute_url()


class JointPositionWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=LONG_TEXT)
    quotes = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        max_length=500,
        default=list,
        help_text=QUOTES_HELP,
    )
    public = serializers.BooleanField(default=False)
    version = serializers.IntegerField(min_value=1, required=False)


class TransitionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False)
