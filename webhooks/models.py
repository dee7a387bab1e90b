import secrets

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .conf import EVENT_LABELS


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Endpoint(models.Model):
    """A system of the association told of events: an HTTPS URL, a shared secret, chosen events."""

    name = models.CharField(_("nom"), max_length=200)
    url = models.URLField(
        _("adresse"),
        max_length=500,
        validators=[URLValidator(schemes=["https"], message=_("Saisissez une adresse https:// valide."))],
        help_text=_("Adresse https:// qui reçoit les événements en POST (JSON)."),
    )
    secret = models.CharField(
        _("secret"),
        max_length=200,
        default=new_secret,
        help_text=_("Clé partagée qui signe chaque message (en-tête X-Snitem-Signature, HMAC-SHA256)."),
    )
    events = models.JSONField(_("événements"), default=list)
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("point de réception")
        verbose_name_plural = _("points de réception")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def event_labels(self) -> str:
        return ", ".join(str(EVENT_LABELS.get(event, event)) for event in self.events)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    DELIVERED = "delivered", _("remis")
    FAILED = "failed", _("abandonné")


class Delivery(models.Model):
    """One event sent to one endpoint: its body as sent, and how each attempt went."""

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("point de réception")
    )
    event = models.CharField(_("événement"), max_length=50)
    payload = models.JSONField(_("contenu"))
    status = models.CharField(
        _("statut"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("dernier code HTTP"), null=True, blank=True)
    last_error = models.CharField(_("dernière erreur"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("remise le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["endpoint", "-created_at"])]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"
