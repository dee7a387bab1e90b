from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from snitem_portal.modelfields import LONG_TEXT, SHORT_TEXT, person_field

from .enums import (
    CHAIR_ROLES,
    LIVE_MEMBERSHIP_STATUSES,
    AffiliationStatus,
    CompanyRole,
    CompanyStatus,
    GroupRole,
    MembershipStatus,
)
from .validators import normalize_domain, validate_domain, validate_siren


class CompanyQuerySet(models.QuerySet):
    def active(self):
        """Companies that take part: active members of the association."""
        return self.filter(status=CompanyStatus.ACTIVE)


class AffiliationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=AffiliationStatus.PENDING)

    def approved(self):
        return self.filter(status=AffiliationStatus.APPROVED)

    def live(self):
        """Pending or approved: the one affiliation a user may hold at a time."""
        return self.filter(status__in=[AffiliationStatus.PENDING, AffiliationStatus.APPROVED])

    def referents(self):
        """Approved referents (of every company, unless filtered further)."""
        return self.approved().filter(role=CompanyRole.REFERENT)

    def in_active_company(self):
        """Approved affiliations to an active company: what makes a user a member."""
        return self.approved().filter(company__status=CompanyStatus.ACTIVE)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)

    def pending(self):
        return self.filter(status=MembershipStatus.PENDING)

    def live(self):
        """Active seats and pending requests."""
        return self.filter(status__in=LIVE_MEMBERSHIP_STATUSES)

    def chairs(self):
        """Active chairs and co-chairs."""
        return self.active().filter(role__in=CHAIR_ROLES)


class Company(models.Model):
    """A member organisation of the association."""

    name = models.CharField(_("raison sociale"), max_length=200)
    siren = models.CharField(_("SIREN"), max_length=9, unique=True, validators=[validate_siren])
    status = models.CharField(
        _("statut d'adhésion"), max_length=10, choices=CompanyStatus, default=CompanyStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    history = HistoricalRecords()

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("entreprise adhérente")
        verbose_name_plural = _("entreprises adhérentes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="company_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:company-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == CompanyStatus.ACTIVE


class CompanyDomain(models.Model):
    """An email domain of a company's staff, used to suggest the company at signup."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="domains", verbose_name=_("entreprise"))
    domain = models.CharField(
        _("domaine e-mail"),
        max_length=253,
        unique=True,
        validators=[validate_domain],
        help_text=_("Ex. « exemple.fr », sans « @ »."),
    )

    class Meta:
        verbose_name = _("domaine e-mail")
        verbose_name_plural = _("domaines e-mail")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = normalize_domain(self.domain)
        super().save(*args, **kwargs)


class Affiliation(models.Model):
    """A user's tie to their company, requested by the user and decided by a referent or staff."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("utilisateur"),
    )
    # Companies leave as "former" members; deleting one that has people is refused.
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="affiliations", verbose_name=_("entreprise")
    )
    role = models.CharField(_("rôle"), max_length=10, choices=CompanyRole, default=CompanyRole.MEMBER)
    status = models.CharField(_("statut"), max_length=10, choices=AffiliationStatus, default=AffiliationStatus.PENDING)
    requested_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = person_field(_("décidée par"))
    history = HistoricalRecords()

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rattachement")
        verbose_name_plural = _("rattachements")
        ordering = ["-requested_at"]
        constraints = [
            # One live affiliation (pending or approved) per user.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["pending", "approved"]),
                name="affiliation_one_live_per_user",
            ),
        ]
        indexes = [models.Index(fields=["company", "status"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.company} ({self.get_status_display()})"


class SignupCompanyChoice(models.Model):
    """The company a person chose when signing up, kept until their email address is verified: only
    then is the affiliation requested and are the company's referents told (an unverified address
    may belong to anyone)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signup_company_choice"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("entreprise"))
    created_at = models.DateTimeField(_("choisie le"), default=timezone.now)

    class Meta:
        verbose_name = _("entreprise choisie à l'inscription")
        verbose_name_plural = _("entreprises choisies à l'inscription")

    def __str__(self) -> str:
        return f"{self.user} → {self.company}"


class WorkingGroup(models.Model):
    """A thematic working group; subgroups hang under a parent at any depth."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    description = models.TextField(_("description"), max_length=LONG_TEXT, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("groupe parent"),
    )
    is_open = models.BooleanField(
        _("ouvert"),
        default=True,
        help_text=_("Ouvert : adhésion immédiate. Modéré : demande validée par la présidence."),
    )
    is_active = models.BooleanField(_("actif"), default=True, help_text=_("Décocher pour archiver."))
    seats_per_company = models.PositiveSmallIntegerField(
        _("sièges par entreprise"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Laisser vide pour ne pas limiter."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_per_company__isnull=True) | Q(seats_per_company__gte=1),
                name="group_seats_per_company_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:group-detail", args=[self.slug])


class Membership(models.Model):
    """A user's seat in a working group."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("utilisateur"),
    )
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("groupe")
    )
    role = models.CharField(_("rôle"), max_length=10, choices=GroupRole, default=GroupRole.MEMBER)
    status = models.CharField(_("statut"), max_length=10, choices=MembershipStatus, default=MembershipStatus.PENDING)
    requested_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = person_field(_("décidée par"))
    decision_message = models.TextField(_("message de décision"), max_length=SHORT_TEXT, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["group", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="membership_user_group_unique"),
        ]
        indexes = [models.Index(fields=["group", "status"]), models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.group}"


class Meeting(models.Model):
    """A dated meeting of a working group."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("groupe"))
    title = models.CharField(_("titre"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), max_length=500, blank=True)
    agenda = models.TextField(_("ordre du jour"), max_length=LONG_TEXT, blank=True)
    created_by = person_field(_("créée par"))
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    # Cancelled meetings are kept (struck out on the group page), never deleted.
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    cancelled_by = person_field(_("annulée par"))
    # Optimistic locking: an edit made from an older version is refused (services.update_meeting).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Registration (the meetings app): places in the room (none: no limit) and the last moment to answer.
    capacity = models.PositiveIntegerField(
        _("places sur place"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    answer_deadline = models.DateTimeField(_("réponse attendue avant le"), null=True, blank=True)
    # iCalendar SEQUENCE: raised by each change and the cancellation, so calendar programs update the event.
    sequence = models.PositiveIntegerField(_("révision de l'invitation"), default=0, editable=False)

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("La fin de la réunion doit suivre son début."),
            ),
        ]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:meeting-detail", args=[self.group.slug, self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
