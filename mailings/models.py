"""Staff mailings, their delivery ledger (one row per mailing and recipient) and the opt-outs."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.enums import CompanyStatus
from groups.models import WorkingGroup


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SCHEDULED = "scheduled", _("Programmée")
    SENDING = "sending", _("En cours d'envoi")
    SENT = "sent", _("Envoyée")


class SegmentRole(models.TextChoices):
    MEMBERS = "members", _("Tous les membres")
    REFERENTS = "referents", _("Référents d'entreprise")
    CHAIRS = "chairs", _("Présidences de groupe")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    SENDING = "sending", _("En cours")
    SENT = "sent", _("Envoyé")
    SKIPPED = "skipped", _("Non envoyé")
    FAILED = "failed", _("Échec")


def default_company_statuses() -> list[str]:
    return [CompanyStatus.ACTIVE]


class Mailing(models.Model):
    """A message from staff to a segment of members, in French and optionally in English."""

    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("texte (Markdown)"), max_length=50_000)
    subject_en = models.CharField(_("objet en anglais"), max_length=200, blank=True)
    body_en = models.TextField(_("texte en anglais (Markdown)"), max_length=50_000, blank=True)
    all_members = models.BooleanField(_("tous les membres"), default=False)
    groups = models.ManyToManyField(WorkingGroup, blank=True, related_name="+", verbose_name=_("groupes"))
    include_subgroups = models.BooleanField(_("avec leurs sous-groupes"), default=False)
    roles = models.JSONField(_("rôles"), default=list, blank=True)
    company_statuses = models.JSONField(_("statuts d'entreprise"), default=default_company_statuses)
    status = models.CharField(_("statut"), max_length=10, choices=MailingStatus, default=MailingStatus.DRAFT)
    scheduled_at = models.DateTimeField(_("envoi prévu le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("auteur")
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    filled_at = models.DateTimeField(_("destinataires enregistrés le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("destinataires"), default=0)
    sent_count = models.PositiveIntegerField(_("envoyés"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("lettre d'information")
        verbose_name_plural = _("lettres d'information")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "scheduled_at"])]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        """Its page in the members' archive (the link of its in-app notification)."""
        return reverse("mailings:archive-detail", args=[self.pk])

    def has_english(self) -> bool:
        return bool(self.subject_en and self.body_en)

    def content_in(self, language: str) -> tuple[str, str]:
        """``(subject, Markdown body)`` in ``language`` where the mailing has it, else in French."""
        if language == "en" and self.has_english():
            return self.subject_en, self.body_en
        return self.subject, self.body


class Delivery(models.Model):
    """The ledger: one row per (mailing, recipient), so each person gets a mailing once."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("statut"), max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    queued_at = models.DateTimeField(_("mis en file le"), default=timezone.now)
    claimed_at = models.DateTimeField(_("pris le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["mailing", "recipient"], name="mailing_delivery_unique")]
        indexes = [models.Index(fields=["status", "claimed_at"]), models.Index(fields=["recipient", "status"])]

    def __str__(self) -> str:
        return f"{self.mailing_id} → {self.recipient_id}"


class Unsubscription(models.Model):
    """A person who asked to receive no more mailings."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("utilisateur")
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("désinscription")
        verbose_name_plural = _("désinscriptions")

    def __str__(self) -> str:
        return str(self.user)
