from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The text search configuration created by migration 0001: French stemming, accents ignored.
FRENCH = "french_unaccent"


class Entry(models.Model):
    """One searchable object: what the index knows of it, kept in step with the object on save and
    delete (``search.indexing``) and by ``manage.py rebuild_search_index``.

    Who may see it is not stored: the query asks the object's app at search time.
    """

    kind = models.CharField(_("type"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    title = models.CharField(_("titre"), max_length=500)
    body = models.TextField(_("texte"), blank=True)
    # Text extracted from the object's file (a document's latest version), with the file's key.
    file_text = models.TextField(_("texte du fichier"), blank=True)
    file_key = models.CharField(_("version du fichier indexée"), max_length=100, blank=True)
    url = models.CharField(_("adresse"), max_length=500)
    config = models.CharField(_("configuration linguistique"), max_length=63, default=FRENCH)
    # Title weighted A, body B, file text C (PostgreSQL; empty on SQLite, which matches the text).
    vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(_("indexé le"), default=timezone.now)

    class Meta:
        verbose_name = _("entrée de l'index de recherche")
        verbose_name_plural = _("entrées de l'index de recherche")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_kind_object_unique")]
        indexes = [GinIndex(fields=["vector"], name="search_entry_vector_gin")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
