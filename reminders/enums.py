from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineKind(models.TextChoices):
    MEETING = "meeting", _("Réunion de groupe")
    CONSULTATION = "consultation", _("Clôture de consultation")
    CALL = "call", _("Clôture d'appel à projets")
    EXTENSION = "extension", _("Fin de prolongation")
    ACTION_ITEM = "action_item", _("Action à mener (réunion)")


class DeliveryMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Immédiatement")
    DIGEST = "digest", _("Résumé quotidien")
    OFF = "off", _("Jamais")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENDING = "sending", _("Envoi en cours")
    SENT = "sent", _("Envoyé")
    MERGED = "merged", _("Regroupé avec un autre rappel")
    SKIPPED = "skipped", _("Ignoré")
    FAILED = "failed", _("Échec")
