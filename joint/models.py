from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from snitem_portal.modelfields import person_field

LONG_TEXT = 20_000


class JointStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    CIRCULATED = "circulated", _("En relecture")
    VALIDATED = "validated", _("Validée")
    PUBLISHED = "published", _("Publiée")


class JointPosition(models.Model):
    """The association's position on one consultation, once it closed."""

    consultation = models.OneToOneField(
        "roadmap.Consultation", on_delete=models.PROTECT, related_name="joint_position", verbose_name=_("consultation")
    )
    text = models.TextField(_("texte"), max_length=LONG_TEXT, help_text=_("Markdown : titres, listes, liens."))
    quotes = models.ManyToManyField(
        "roadmap.Position", blank=True, related_name="quoted_in", verbose_name=_("arguments cités")
    )
    public = models.BooleanField(
        _("publique"), default=False, help_text=_("Une fois publiée, visible de tous sur la feuille de route.")
    )
    status = models.CharField(_("statut"), max_length=10, choices=JointStatus, default=JointStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = person_field(_("rédigée par"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    circulated_at = models.DateTimeField(_("mise en relecture le"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)
    validated_by = person_field(_("validée par"))
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[quotes])

    class Meta:
        verbose_name = _("position commune")
        verbose_name_plural = _("positions communes")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return _("Position commune — %(consultation)s") % {"consultation": self.consultation}

    def get_absolute_url(self) -> str:
        return reverse("joint:detail", args=[self.consultation_id])
