from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")
    CLOSED = "closed", _("Clos")
    DECIDED = "decided", _("Décidé")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    UNDER_REVIEW = "under_review", _("En évaluation")
    LAUREATE = "laureate", _("Lauréat")
    NOT_SELECTED = "not_selected", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée")


class PartnershipStatus(models.TextChoices):
    PENDING = "pending", _("À confirmer")
    CONFIRMED = "confirmed", _("Confirmé")
    DECLINED = "declined", _("Refusé")


class Outcome(models.TextChoices):
    LAUREATE = "laureate", _("Lauréat")
    NOT_SELECTED = "not_selected", _("Non retenue")


class AuthorisationKind(models.TextChoices):
    CESREES = "cesrees", _("Avis du CESREES")
    CNIL = "cnil", _("Autorisation de la CNIL")


class AuthorisationStatus(models.TextChoices):
    NOT_REQUESTED = "not_requested", _("Non demandée")
    REQUESTED = "requested", _("Demandée")
    GRANTED = "granted", _("Obtenue")
    REFUSED = "refused", _("Refusée")


# Submissions a jury may read and score, and that staff rank.
REVIEWABLE_STATUSES = (
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.UNDER_REVIEW,
    SubmissionStatus.LAUREATE,
    SubmissionStatus.NOT_SELECTED,
)
# Submissions that left the company's hands (staff see them; the company sees them frozen).
SENT_STATUSES = (*REVIEWABLE_STATUSES, SubmissionStatus.WITHDRAWN)
# Submissions the company may withdraw, before its deadline. Under review is listed too: an application
# scored before its deadline (data from before jurors had to wait for it) stays the company's to withdraw.
WITHDRAWABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW)
