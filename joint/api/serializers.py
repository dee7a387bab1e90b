from django.conf import settings
from rest_framework import serializers

from snitem_portal.markdown import render_markdown

from ..models import LONG_TEXT, JointPosition


class QuoteSerializer(serializers.Serializer):
    position = serializers.IntegerField(source="pk")
    company = serializers.CharField(source="company.name")
    stance = serializers.CharField()
    argument = serializers.CharField()


class JointPositionSerializer(serializers.ModelSerializer):
    text_html = serializers.SerializerMethodField()
    quotes = serializers.SerializerMethodField()
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

    def get_quotes(self, joint) -> list[dict]:
        quotes = sorted(joint.quotes.all(), key=lambda position: position.company.name)
        return QuoteSerializer(quotes, many=True).data

    def get_web_url(self, joint) -> str:
        return settings.SITE_URL + joint.get_absolute_url()


class JointPositionWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=LONG_TEXT)
    quotes = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), max_length=500, default=list
    )
    public = serializers.BooleanField(default=False)
    version = serializers.IntegerField(min_value=1, required=False)


class TransitionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False)
