from django.db import models
from django.utils.translation import gettext_lazy as _

from snitem_portal import notifications


class NoticeMode(models.TextChoices):
    """How a person wants to hear of a kind of event (the values ``snitem_portal.notifications`` uses)."""

    IMMEDIATE = notifications.IMMEDIATE, _("Courriel immédiat et cloche")
    DIGEST = notifications.DIGEST, _("Résumé quotidien et cloche")
    IN_APP = notifications.IN_APP, _("Cloche seulement")
    OFF = notifications.OFF, _("Jamais")


class DigestStatus(models.TextChoices):
    """Where a notification stands in the daily digest email (empty: not in the digest)."""

    NONE = "", _("Hors résumé")
    PENDING = "pending", _("À envoyer dans le résumé")
    SENDING = "sending", _("Envoi du résumé en cours")
    SENT = "sent", _("Envoyée dans le résumé")
