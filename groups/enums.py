from django.db import models
from django.utils.translation import gettext_lazy as _


class CompanyStatus(models.TextChoices):
    ACTIVE = "active", _("Adhérente")
    SUSPENDED = "suspended", _("Suspendue")
    FORMER = "former", _("Ancienne adhérente")


class CompanyRole(models.TextChoices):
    MEMBER = "member", _("Membre")
    REFERENT = "referent", _("Référent")


class AffiliationStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    APPROVED = "approved", _("Approuvée")
    REJECTED = "rejected", _("Refusée")
    ENDED = "ended", _("Terminée")
    # Cancelled by the person who asked, before anyone decided.
    WITHDRAWN = "withdrawn", _("Annulée")


class GroupRole(models.TextChoices):
    CHAIR = "chair", _("Président·e")
    CO_CHAIR = "co_chair", _("Co-président·e")
    MEMBER = "member", _("Membre")
    OBSERVER = "observer", _("Observateur·rice")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Refusée")
    LEFT = "left", _("Quittée")


CHAIR_ROLES = (GroupRole.CHAIR, GroupRole.CO_CHAIR)
# A seat held or asked for.
LIVE_MEMBERSHIP_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.PENDING)
