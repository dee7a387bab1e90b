from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import DigestStatus, NoticeMode


class Notification(models.Model):
    """One event told to one person in the portal (the bell), written by ``notify``'s in-app channel.

    The title is rendered once, in the recipient's language, when the event happens: the list and
    the bell read stored text and never render templates or load the event's objects.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inbox_notifications",
        verbose_name=_("destinataire"),
    )
    kind = models.CharField(_("type"), max_length=40)
    title = models.CharField(_("titre"), max_length=300)
    url = models.CharField(_("lien"), max_length=500, help_text=_("Chemin de la page de l'objet, sur le portail."))
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    digest_status = models.CharField(
        _("résumé quotidien"), max_length=10, choices=DigestStatus, default=DigestStatus.NONE, blank=True
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell (unread count) and the list (newest first, unread only or all) of one person.
            models.Index(fields=["recipient", "read_at", "created_at"], name="inbox_recipient_read_created"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="inbox_recipient_newest"),
            # The digest picks the pending ones; pruning finds the old read ones.
            models.Index(fields=["recipient"], condition=Q(digest_status="pending"), name="inbox_digest_pending"),
            models.Index(fields=["created_at"], condition=Q(read_at__isnull=False), name="inbox_read_created"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """How a person wants to hear of one kind of event; no row means immediately (email and bell)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preferences",
        verbose_name=_("utilisateur"),
    )
    kind = models.CharField(_("type"), max_length=40)
    mode = models.CharField(_("envoi"), max_length=10, choices=NoticeMode, default=NoticeMode.IMMEDIATE)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("préférence par type de notification")
        verbose_name_plural = _("préférences par type de notification")
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="inbox_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.kind} : {self.get_mode_display()}"
