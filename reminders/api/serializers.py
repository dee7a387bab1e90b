from rest_framework import serializers

from ..enums import DeadlineKind


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DeadlineKind.choices)
    title = serializers.CharField()
    due_at = serializers.DateTimeField()
    url = serializers.URLField()
