from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import DeadlineKind, DeliveryMode, ReminderStatus


class ReminderRule(models.Model):
    """When to remind before a kind of deadline (e.g. 7 days before a call closes)."""

    kind = models.CharField(_("type d'échéance"), max_length=20, choices=DeadlineKind)
    days_before = models.PositiveSmallIntegerField(_("jours avant"), default=0)
    hours_before = models.PositiveSmallIntegerField(_("heures avant"), default=0)
    repeat_every_hours = models.PositiveSmallIntegerField(
        _("relancer les présidences toutes les (heures)"),
        null=True,
        blank=True,
        help_text=_(
            "Facultatif : relance les président·es concernés à cet intervalle tant qu'ils n'ont pas agi, "
            "jusqu'à l'échéance."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("règle de rappel")
        verbose_name_plural = _("règles de rappel")
        ordering = ["kind", "-days_before", "-hours_before"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "days_before", "hours_before"], name="reminder_rule_unique_offset"),
            models.CheckConstraint(
                condition=Q(days_before__gt=0) | Q(hours_before__gt=0), name="reminder_rule_offset_positive"
            ),
            models.CheckConstraint(
                condition=Q(repeat_every_hours__isnull=True) | Q(repeat_every_hours__gt=0),
                name="reminder_rule_repeat_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.offset_label}"

    @property
    def offset(self) -> timedelta:
        return timedelta(days=self.days_before, hours=self.hours_before)

    @property
    def repeat_every(self) -> timedelta | None:
        return timedelta(hours=self.repeat_every_hours) if self.repeat_every_hours else None

    @property
    def offset_label(self) -> str:
        parts = []
        if self.days_before:
            parts.append(_("%(n)s j") % {"n": self.days_before})
        if self.hours_before:
            parts.append(_("%(n)s h") % {"n": self.hours_before})
        return " ".join(str(part) for part in parts)


class NotificationPreference(models.Model):
    """How a user wants reminders of one kind of deadline; no row means immediately."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("utilisateur"),
    )
    kind = models.CharField(_("type d'échéance"), max_length=20, choices=DeadlineKind)
    mode = models.CharField(_("envoi"), max_length=10, choices=DeliveryMode, default=DeliveryMode.IMMEDIATE)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} : {self.get_mode_display()}"


class Reminder(models.Model):
    """The ledger: one row per (deadline object, deadline, rule, recipient, repeat number).

    The unique constraint is what makes a reminder go out once: the scan that inserts the row
    is the only one that may send it. The deadline is part of the key: a deadline that moves
    starts a new generation of reminders.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("type d'objet"))
    object_id = models.PositiveBigIntegerField(_("objet"))
    content_object = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("type d'échéance"), max_length=20, choices=DeadlineKind)
    rule = models.ForeignKey(ReminderRule, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("règle"))
    sequence = models.PositiveSmallIntegerField(
        _("relance n°"), default=0, help_text=_("0 pour le rappel, puis 1, 2… pour les relances.")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("destinataire"),
    )
    deadline_at = models.DateTimeField(_("échéance"))
    due_at = models.DateTimeField(_("dû le"))
    mode = models.CharField(_("envoi"), max_length=10, choices=DeliveryMode)
    status = models.CharField(_("statut"), max_length=10, choices=ReminderStatus, default=ReminderStatus.PENDING)
    scan_id = models.UUIDField(_("passage"), editable=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    queued_at = models.DateTimeField(_("mis en file le"), default=timezone.now)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("journal des rappels")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "deadline_at", "rule", "recipient", "sequence"],
                name="reminder_once_per_deadline_rule_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "mode"]),
            models.Index(fields=["scan_id"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id} → {self.recipient_id} ({self.get_status_display()})"
