"""A meeting's workspace: agenda, registrations, attendance, minutes and the action items they decide.

Each row belongs to a ``groups.Meeting``; who sees it is who sees the meeting (``meetings.selectors``).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models import Meeting
from snitem_portal.modelfields import LONG_TEXT, person_field

from .enums import ActionItemStatus, MinutesStatus, Response


class AgendaItem(models.Model):
    """One point of a meeting's agenda, in ``position`` order."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("réunion")
    )
    position = models.PositiveIntegerField(_("rang"), default=1)
    title = models.CharField(_("intitulé"), max_length=300)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("présenté par (personne)"),
    )
    presenter_name = models.CharField(_("présenté par"), max_length=200, blank=True)
    action = models.ForeignKey(
        "roadmap.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action de la feuille de route"),
    )
    consultation = models.ForeignKey(
        "roadmap.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consultation"),
    )

    class Meta:
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("points de l'ordre du jour")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def presenter_label(self) -> str:
        """Who presents: the person named, else the free text."""
        return self.presenter.full_name if self.presenter_id else self.presenter_name


class Registration(models.Model):
    """An invited member's answer: in person, remote, or declined."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("réunion")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
        verbose_name=_("participant"),
    )
    response = models.CharField(_("réponse"), max_length=10, choices=Response)
    answered_at = models.DateTimeField(_("répondu le"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["meeting", "user__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="registration_meeting_user_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_response_display()}"


class Attendance(models.Model):
    """Someone who was there, recorded by a chair or staff after the meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("réunion")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
        verbose_name=_("présent"),
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)
    recorded_by = person_field(_("enregistrée par"))

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["meeting", "user__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_meeting_user_unique")]

    def __str__(self) -> str:
        return str(self.user)


class Minutes(models.Model):
    """The minutes of a meeting (Markdown): draft → circulated → approved (frozen)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("réunion"))
    text = models.TextField(_("texte (Markdown)"), max_length=LONG_TEXT, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=MinutesStatus, default=MinutesStatus.DRAFT)
    # Optimistic locking: a change made from an older version is refused (409).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    updated_by = person_field(_("modifié par"))
    circulated_at = models.DateTimeField(_("diffusé le"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approuvé le"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compte rendu")
        verbose_name_plural = _("comptes rendus")

    def __str__(self) -> str:
        return str(self.meeting)

    def get_absolute_url(self) -> str:
        return reverse("meetings:minutes", args=[self.meeting.group.slug, self.meeting_id])


class ActionItem(models.Model):
    """A decision of the minutes: who does what by when."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("réunion")
    )
    title = models.CharField(_("intitulé"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_action_items",
        verbose_name=_("responsable"),
    )
    due_date = models.DateField(_("échéance"))
    # The reminder engine's deadline: the due date at the end of the working day, Paris time (services).
    due_at = models.DateTimeField(_("échéance (date et heure)"), editable=False)
    status = models.CharField(_("statut"), max_length=10, choices=ActionItemStatus, default=ActionItemStatus.OPEN)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    created_by = person_field(_("créée par"))
    done_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action à mener")
        verbose_name_plural = _("actions à mener")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_at"]), models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:meeting-detail", args=[self.meeting.group.slug, self.meeting_id]) + f"#action-{self.pk}"
