from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CommentQuerySet(models.QuerySet):
    def on(self, kind: str, object_id: int) -> "CommentQuerySet":
        """The comments of one object (a thread)."""
        return self.filter(kind=kind, object_id=object_id)

    def live(self) -> "CommentQuerySet":
        """Not deleted by their author."""
        return self.filter(deleted_at__isnull=True)

    def top_level(self) -> "CommentQuerySet":
        return self.filter(parent__isnull=True)


class Comment(models.Model):
    """A comment on an object of another app (``kind`` and ``object_id``, see ``registry``), or a reply.

    One level of replies: a reply's parent is a top-level comment (a reply to a reply is attached
    to the top comment by the service). Deleting keeps the row, emptied, so that the replies keep
    their conversation ("Commentaire supprimé"); one with no live reply is not shown at all.
    """

    kind = models.CharField(_("type d'objet commenté"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet commenté"))
    parent = models.ForeignKey(
        "self", verbose_name=_("en réponse à"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    body = models.TextField(_("texte"), blank=True, help_text=_("Markdown."))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("personnes mentionnées"), blank=True, related_name="mentioned_in"
    )
    created_at = models.DateTimeField(_("publié le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("masqué par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.CharField(_("motif du masquage"), max_length=500, blank=True)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["kind", "object_id", "parent", "created_at"], name="comment_thread_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""), name="comment_hidden_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} #{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def on(self) -> str:
        return f"{self.kind}:{self.object_id}"
