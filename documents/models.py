"""A working group's documents and their versions (files kept privately, every upload kept)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models import Meeting, WorkingGroup
from snitem_portal.modelfields import LONG_TEXT, SHORT_TEXT, person_field
from snitem_portal.uploads import get_private_storage

from .enums import Visibility


class Document(models.Model):
    """A document of a working group: its words here, its files in ``versions``.

    Every document people add carries at least one version (the services refuse one without a
    file). Only reference entries (``reference_key`` set: a sourced publication whose file is not
    public) may have none; they are then public and name their source.
    """

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="documents", verbose_name=_("groupe")
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), max_length=LONG_TEXT, blank=True)
    visibility = models.CharField(_("visibilité"), max_length=10, choices=Visibility, default=Visibility.GROUP)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("réunion"),
        help_text=_("Le document fait partie des documents de cette réunion."),
    )
    # The latest version, kept by the services so that lists read it with one join.
    current_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("dernière version"),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    reference_key = models.SlugField(
        _("clé de référence"), max_length=100, null=True, blank=True, unique=True, editable=False
    )
    created_by = person_field(_("ajouté par"))
    created_at = models.DateTimeField(_("ajouté le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    # Optimistic locking of the words (title, description, visibility, meeting): an edit made from an
    # older revision is refused (services.update_document). Named apart from the API's ``version``,
    # which is the latest file.
    revision = models.PositiveIntegerField(_("révision"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["current_version"])

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reference_key__isnull=True) | (Q(visibility=Visibility.PUBLIC) & ~Q(source_url="")),
                name="document_reference_public_with_source",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "-created_at"]),
            models.Index(fields=["visibility", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:document-detail", args=[self.pk])

    def get_download_url(self) -> str:
        return reverse("documents:document-download", args=[self.pk])

    @property
    def is_reference(self) -> bool:
        return self.reference_key is not None


def version_path(version: "DocumentVersion", filename: str) -> str:
    # The stored name never reuses the uploaded one beyond its extension: the original is in ``filename``.
    suffix = "".join(c for c in filename.rpartition(".")[2][:10] if c.isalnum()) if "." in filename else ""
    name = f"v{version.number}.{suffix.lower()}" if suffix else f"v{version.number}"
    return f"documents/{version.document_id}/{name}"


class DocumentVersion(models.Model):
    """One uploaded file of a document; uploading again adds a version and keeps the earlier ones."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("numéro"))
    file = models.FileField(_("fichier"), upload_to=version_path, storage=get_private_storage, max_length=300)
    filename = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    content_type = models.CharField(_("type de contenu"), max_length=120)
    uploaded_by = person_field(_("déposée par"))
    uploaded_at = models.DateTimeField(_("déposée le"), default=timezone.now)
    note = models.TextField(_("note de version"), max_length=SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("version de document")
        verbose_name_plural = _("versions de document")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="document_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document} — v{self.number}"

    def get_download_url(self) -> str:
        return f"{self.document.get_download_url()}?version={self.number}"
