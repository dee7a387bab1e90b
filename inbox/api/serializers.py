from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from snitem_portal.http import absolute_url

from ..models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("Adresse absolue de la page de l'objet."))

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "url", "created_at", "read_at"]
        read_only_fields = fields

    def get_url(self, notification: Notification) -> str:
        return absolute_url(notification.url)


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(
        required=False, default=False, help_text=_("1 : seulement les notifications non lues.")
    )


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("Nombre de notifications marquées comme lues."))
