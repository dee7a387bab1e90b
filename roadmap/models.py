from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from snitem_portal.modelfields import LONG_TEXT, SHORT_TEXT, person_field

from .enums import (
    STANCES_REQUIRING_ARGUMENT,
    ActionStatus,
    ArgumentsShown,
    PositionStatus,
    QuestionKind,
    Stance,
)


class Roadmap(models.Model):
    """A national roadmap, e.g. the 2019 « Accélérer le virage numérique »."""

    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    short_title = models.CharField(_("titre court"), max_length=100)
    published_on = models.DateField(_("publiée le"), null=True, blank=True)
    division_label = models.CharField(
        _("nom des divisions"),
        max_length=40,
        default="Orientation",
        help_text=_("Ex. « Orientation », « Axe »."),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("feuille de route")
        verbose_name_plural = _("feuilles de route")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.short_title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:roadmap-detail", args=[self.slug])


class Orientation(models.Model):
    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="orientations", verbose_name=_("feuille de route")
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=300)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["roadmap", "number"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="orientation_roadmap_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Action(models.Model):
    """A numbered action of a roadmap; numbers run across the whole roadmap."""

    roadmap = models.ForeignKey(
        Roadmap, on_delete=models.CASCADE, related_name="actions", verbose_name=_("feuille de route")
    )
    orientation = models.ForeignKey(
        Orientation, on_delete=models.PROTECT, related_name="actions", verbose_name=_("orientation")
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=400)
    description = models.TextField(_("description"), max_length=LONG_TEXT, blank=True)
    owner = models.CharField(
        _("pilote institutionnel"), max_length=200, blank=True, help_text=_("Ex. DNS, ANS, CNAM, DGOS.")
    )
    pilot_group = models.ForeignKey(
        "groups.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="piloted_actions",
        verbose_name=_("groupe de travail pilote"),
    )
    status = models.CharField(_("statut"), max_length=20, choices=ActionStatus, default=ActionStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0, validators=[MaxValueValidator(100)])
    target_date = models.DateField(_("échéance"), null=True, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("dernière mise à jour"), default=timezone.now)
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_actions", verbose_name=_("abonnés")
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["roadmap", "number"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="action_roadmap_number_unique"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_max_100"),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:action-detail", args=[self.pk])


class TimelineEntry(models.Model):
    """A dated update of an action: a status change, a progress update or a plain note."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="timeline", verbose_name=_("action"))
    date = models.DateTimeField(_("date"), default=timezone.now)
    text = models.TextField(_("texte"), max_length=LONG_TEXT)
    link = models.URLField(_("lien"), max_length=500, blank=True)
    author = person_field(_("auteur"))
    status = models.CharField(_("nouveau statut"), max_length=20, choices=ActionStatus, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("nouvel avancement (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("étape de suivi")
        verbose_name_plural = _("étapes de suivi")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.action.number} — {self.date:%Y-%m-%d}"


class Consultation(models.Model):
    """A request for the member companies' positions on one action."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("action"))
    group = models.ForeignKey(
        "groups.WorkingGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("groupe consulté"),
        help_text=_("Laisser vide pour consulter toutes les entreprises adhérentes."),
    )
    question = models.TextField(_("question"), max_length=SHORT_TEXT)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    arguments_shown = models.CharField(
        _("arguments partagés visibles"),
        max_length=15,
        choices=ArgumentsShown,
        default=ArgumentsShown.AFTER_CLOSING,
        help_text=_(
            "Quand les entreprises consultées lisent les arguments partagés des autres ; "
            "les décomptes sont toujours visibles."
        ),
    )
    created_by = person_field(_("ouverte par"))
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="consultation_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return f"{self.action.number}. {self.question[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:consultation-detail", args=[self.pk])

    def is_open_at(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    def arguments_visible_at(self, moment) -> bool:
        """Whether the companies consulted may read each other's shared arguments at ``moment``."""
        return self.arguments_shown == ArgumentsShown.LIVE or moment >= self.closes_at


class Position(models.Model):
    """One company's position in a consultation, drafted by its members, submitted by a referent."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="positions", verbose_name=_("consultation")
    )
    # Positions are the members' record: deleting their company or consultation is refused.
    company = models.ForeignKey(
        "groups.Company", on_delete=models.PROTECT, related_name="positions", verbose_name=_("entreprise")
    )
    stance = models.CharField(_("position"), max_length=30, choices=Stance)
    argument = models.TextField(_("argumentaire"), max_length=LONG_TEXT, blank=True)
    shared = models.BooleanField(
        _("partagée"),
        default=False,
        help_text=_("Visible des autres entreprises consultées une fois soumise."),
    )
    status = models.CharField(_("statut"), max_length=10, choices=PositionStatus, default=PositionStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)
    updated_by = person_field(_("modifiée par"))
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    submitted_by = person_field(_("soumise par"))
    # A submitted position stays the company's answer while its members edit it: their changes are a
    # pending revision, which replaces the answer only when a referent submits it.
    revision_stance = models.CharField(_("révision : position"), max_length=30, choices=Stance, blank=True)
    revision_argument = models.TextField(_("révision : argumentaire"), max_length=LONG_TEXT, blank=True)
    revision_shared = models.BooleanField(_("révision : partagée"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["consultation", "company__name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "company"], name="position_one_per_company"),
            models.CheckConstraint(
                condition=~Q(stance__in=list(STANCES_REQUIRING_ARGUMENT)) | ~Q(argument=""),
                name="position_argument_required",
            ),
            models.CheckConstraint(
                condition=~Q(revision_stance__in=list(STANCES_REQUIRING_ARGUMENT)) | ~Q(revision_argument=""),
                name="position_revision_argument_required",
            ),
        ]
        indexes = [
            models.Index(fields=["consultation", "status"]),
            # What other companies read (``positions_visible_to``): counting them is an index scan.
            models.Index(
                fields=["consultation"],
                condition=Q(status=PositionStatus.SUBMITTED, shared=True),
                name="position_shared_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} — {self.consultation}"

    def get_absolute_url(self) -> str:
        # By id: a list of positions need not read their consultations for their links.
        return reverse("roadmap:consultation-detail", args=[self.consultation_id])

    @property
    def is_submitted(self) -> bool:
        return self.status == PositionStatus.SUBMITTED

    @property
    def has_pending_revision(self) -> bool:
        return bool(self.revision_stance)

    @property
    def working_copy(self) -> dict:
        """What the company's members edit: the pending revision if any, else the position itself."""
        if self.has_pending_revision:
            return {"stance": self.revision_stance, "argument": self.revision_argument, "shared": self.revision_shared}
        return {"stance": self.stance, "argument": self.argument, "shared": self.shared}


class Question(models.Model):
    """A further question of a consultation, answered in each company's position.

    Its kind and choices are fixed once a company answered (``roadmap.services.questions``)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions", verbose_name=_("consultation")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind)
    label = models.CharField(_("intitulé"), max_length=500)
    # The choices offered, in order (single and multiple choice only).
    choices = models.JSONField(_("choix"), default=list, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["consultation", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class Answer(models.Model):
    """A company's answer to one question, part of its position (same draft, version and sign-off).

    ``value`` is the position's answer (the submitted one once submitted); ``revision_value`` the
    answer in the position's pending revision, meaningful only while the position has one. ``None``
    means no answer. Values: a choice (single), a list of distinct choices (multiple), an integer from 1
    to 5 (scale), a text (text)."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="answers", verbose_name=_("position"))
    # Questions with answers cannot be deleted (services refuse it; the database too).
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    value = models.JSONField(_("réponse"), null=True, blank=True)
    revision_value = models.JSONField(_("révision : réponse"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["position", "question"], name="answer_one_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.position_id} — {self.question_id}"
