from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    GROUP = "group", _("Membres du groupe")
    MEMBERS = "members", _("Entreprises adhérentes")
    PUBLIC = "public", _("Public")
