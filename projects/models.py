from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from snitem_portal.modelfields import LONG_TEXT, SHORT_TEXT, person_field, validate_url_lines, web_urls

from .enums import AuthorisationKind, AuthorisationStatus, CallStatus, Outcome, PartnershipStatus, SubmissionStatus
from .storage import get_private_storage

MAX_SCORE = 10


class Call(models.Model):
    """A call for projects, from publication to the laureates' follow-up."""

    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    funder = models.CharField(_("financeur"), max_length=300)
    description = models.TextField(_("description"), max_length=LONG_TEXT, blank=True)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    status = models.CharField(_("statut"), max_length=10, choices=CallStatus, default=CallStatus.DRAFT)
    one_per_company = models.BooleanField(
        _("une candidature par entreprise"),
        default=False,
        help_text=_("Cocher pour n'autoriser qu'une candidature par entreprise."),
    )
    jurors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="juries", verbose_name=_("jury"))
    applications_received = models.PositiveIntegerField(
        _("candidatures reçues (hors portail)"),
        null=True,
        blank=True,
        help_text=_("Pour les appels passés dont les candidatures n'ont pas transité par le portail."),
    )
    sources = models.TextField(
        _("sources"),
        max_length=SHORT_TEXT,
        blank=True,
        help_text=_("Une adresse web par ligne."),
        validators=[validate_url_lines],
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:call-detail", args=[self.slug])

    def is_open_at(self, moment) -> bool:
        return self.status == CallStatus.PUBLISHED and self.opens_at <= moment < self.closes_at

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def source_list(self) -> list[str]:
        return web_urls(self.sources)


class Criterion(models.Model):
    """A scoring criterion of a call; scores are 0 to 10, weighted."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("appel"))
    name = models.CharField(_("critère"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1, validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère d'évaluation")
        verbose_name_plural = _("critères d'évaluation")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (poids {self.weight})"


class DeadlineChange(models.Model):
    """History of a call's closing date."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="deadline_changes", verbose_name=_("appel"))
    old_closes_at = models.DateTimeField(_("ancienne clôture"))
    new_closes_at = models.DateTimeField(_("nouvelle clôture"))
    reason = models.TextField(_("motif"), max_length=SHORT_TEXT, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    changed_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("report de clôture")
        verbose_name_plural = _("reports de clôture")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.call}: {self.old_closes_at} → {self.new_closes_at}"


class Submission(models.Model):
    """One company's application to a call (or, for past calls, a laureate held outside the portal)."""

    # Applications are records: a call or a company that has some cannot be deleted.
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("appel"))
    company = models.ForeignKey(
        "groups.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("entreprise"),
    )
    holder = models.CharField(
        _("porteur"), max_length=500, blank=True, help_text=_("Porteur hors portail (appels passés).")
    )
    title = models.CharField(_("titre"), max_length=300)
    summary = models.TextField(_("résumé"), max_length=LONG_TEXT, blank=True)
    requested_data = models.TextField(_("données demandées"), max_length=LONG_TEXT, blank=True)
    partners = models.ManyToManyField(
        "groups.Company",
        blank=True,
        through="Partnership",
        related_name="partner_submissions",
        verbose_name=_("entreprises partenaires"),
    )
    budget = models.DecimalField(
        _("budget (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(_("statut"), max_length=12, choices=SubmissionStatus, default=SubmissionStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = person_field(_("créée par"))
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    submitted_by = person_field(_("déposée par"))
    snapshot = models.TextField(_("copie figée (HTML)"), blank=True)
    extension_until = models.DateTimeField(_("prolongation jusqu'au"), null=True, blank=True)
    extension_reason = models.TextField(_("motif de la prolongation"), max_length=SHORT_TEXT, blank=True)
    extension_granted_by = person_field(_("prolongation accordée par"))
    extension_granted_at = models.DateTimeField(_("prolongation accordée le"), null=True, blank=True)
    decision = models.CharField(_("décision"), max_length=12, choices=Outcome, blank=True)
    decided_by = person_field(_("décidée par"))
    decision_published_at = models.DateTimeField(_("décision publiée le"), null=True, blank=True)
    roadmap_actions = models.ManyToManyField(
        "roadmap.Action",
        blank=True,
        related_name="projects",
        verbose_name=_("actions de la feuille de route servies"),
    )
    history = HistoricalRecords(excluded_fields=["snapshot", "updated_at"])

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(status=SubmissionStatus.DRAFT),
                name="submission_draft_not_submitted",
            ),
        ]
        indexes = [models.Index(fields=["call", "status"]), models.Index(fields=["company", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:submission-detail", args=[self.pk])

    @property
    def holder_name(self) -> str:
        return self.holder or (self.company.name if self.company_id else "")

    @property
    def is_draft(self) -> bool:
        return self.status == SubmissionStatus.DRAFT

    @property
    def decision_is_published(self) -> bool:
        return self.decision_published_at is not None

    def deadline(self):
        """When this submission stops being editable: the call's closing, or a later extension."""
        if self.extension_until and self.extension_until > self.call.closes_at:
            return self.extension_until
        return self.call.closes_at

    def has_running_extension(self, moment) -> bool:
        return self.extension_until is not None and self.extension_until > moment

    def is_past_deadline(self, moment) -> bool:
        """True once the company can no longer change or withdraw it: its deadline has passed, or the
        call was closed early and no extension of its own still runs (jurors may score it from then)."""
        if self.has_running_extension(moment):
            return False
        return moment >= self.deadline() or self.call.status in (CallStatus.CLOSED, CallStatus.DECIDED)


def attachment_path(instance, filename: str) -> str:
    # The original name is kept in the database only; on disk the name reveals nothing.
    return f"projects/{instance.submission.call_id}/{instance.submission_id}/{timezone.now():%Y%m%d%H%M%S%f}.pdf"


class Partnership(models.Model):
    """A company named as partner of an application. It counts (its people are recused from the
    jury) only once a referent of that company has confirmed it: an applicant cannot pick whose
    jurors step aside."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("candidature")
    )
    company = models.ForeignKey(
        "groups.Company", on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("entreprise partenaire")
    )
    status = models.CharField(_("statut"), max_length=10, choices=PartnershipStatus, default=PartnershipStatus.PENDING)
    named_by = person_field(_("nommée par"))
    named_at = models.DateTimeField(_("nommée le"), default=timezone.now)
    decided_by = person_field(_("décidé par"))
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)

    class Meta:
        db_table = "projects_submission_partners"
        verbose_name = _("partenariat")
        verbose_name_plural = _("partenariats")
        ordering = ["submission", "company__name"]
        # The table and its unique index are those of the former plain many-to-many.
        unique_together = [("submission", "company")]

    def __str__(self) -> str:
        return f"{self.company} → {self.submission}"


class Attachment(models.Model):
    """A PDF attached to a submission, stored privately."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("candidature")
    )
    file = models.FileField(_("fichier"), upload_to=attachment_path, storage=get_private_storage, max_length=300)
    name = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:attachment-download", args=[self.pk])


class Review(models.Model):
    """A juror's evaluation of one submission."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("candidature")
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("juré")
    )
    comment = models.TextField(_("commentaire"), max_length=LONG_TEXT, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["submission", "juror"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "juror"], name="review_one_per_juror"),
        ]

    def __str__(self) -> str:
        return f"{self.juror} → {self.submission}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("évaluation"))
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("critère"))
    value = models.PositiveSmallIntegerField(_("note"), validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)])

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(condition=Q(value__lte=MAX_SCORE), name="score_at_most_max"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


class Authorisation(models.Model):
    """Regulatory follow-up of a laureate (CESREES opinion, CNIL authorisation)."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="authorisations", verbose_name=_("candidature")
    )
    kind = models.CharField(_("type"), max_length=10, choices=AuthorisationKind)
    status = models.CharField(
        _("statut"), max_length=15, choices=AuthorisationStatus, default=AuthorisationStatus.NOT_REQUESTED
    )
    requested_on = models.DateField(_("demandée le"), null=True, blank=True)
    decided_on = models.DateField(_("décidée le"), null=True, blank=True)
    reference = models.CharField(_("référence"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("autorisation")
        verbose_name_plural = _("autorisations")
        ordering = ["submission", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind"], name="authorisation_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_status_display()}"
