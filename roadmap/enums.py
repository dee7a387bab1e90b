from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Non démarrée")
    IN_PROGRESS = "in_progress", _("En cours")
    DEPLOYING = "deploying", _("En déploiement")
    DONE = "done", _("Réalisée")
    ON_HOLD = "on_hold", _("Suspendue")
    ABANDONED = "abandoned", _("Abandonnée")


# Progress an action takes when its status changes and no explicit progress is given.
# None keeps the current progress.
DEFAULT_PROGRESS = {
    ActionStatus.NOT_STARTED: 0,
    ActionStatus.IN_PROGRESS: 30,
    ActionStatus.DEPLOYING: 70,
    ActionStatus.DONE: 100,
    ActionStatus.ON_HOLD: None,
    ActionStatus.ABANDONED: None,
}

# Finished actions are never flagged stale.
CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.ABANDONED)


class Stance(models.TextChoices):
    SUPPORT = "support", _("Soutien")
    SUPPORT_WITH_RESERVATIONS = "support_with_reservations", _("Soutien avec réserves")
    OPPOSE = "oppose", _("Opposition")
    ABSTAIN = "abstain", _("Abstention")


STANCES_REQUIRING_ARGUMENT = (Stance.SUPPORT_WITH_RESERVATIONS, Stance.OPPOSE)


class PositionStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise")


class ArgumentsShown(models.TextChoices):
    """When the companies consulted read each other's shared arguments (the counts are always live):
    after the closing by default, so that named arguments cannot sway the answers still to come."""

    AFTER_CLOSING = "after_closing", _("Après la clôture")
    LIVE = "live", _("Pendant la consultation")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Choix unique")
    MULTIPLE = "multiple", _("Choix multiple")
    SCALE = "scale", _("Échelle de 1 à 5")
    TEXT = "text", _("Texte libre")


# Kinds whose answers are picked among the question's choices.
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
SCALE_MIN, SCALE_MAX = 1, 5
TEXT_ANSWER_MAX = 2000
