from django.db import models
from django.utils.translation import gettext_lazy as _


class Response(models.TextChoices):
    IN_PERSON = "in_person", _("Sur place")
    REMOTE = "remote", _("À distance")
    DECLINED = "declined", _("Absent")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    CIRCULATED = "circulated", _("Diffusé pour relecture")
    APPROVED = "approved", _("Approuvé")


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("À faire")
    DONE = "done", _("Fait")


# Minutes members read: circulated for review, or approved.
PUBLISHED_MINUTES = (MinutesStatus.CIRCULATED, MinutesStatus.APPROVED)
