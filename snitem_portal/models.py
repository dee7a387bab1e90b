"""Models of the project package: texts staff edit in the admin (competition-law notice, privacy page…)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .modelfields import LONG_TEXT, person_field


class SiteText(models.Model):
    """A text of the portal that staff edit in the admin, in French and English.

    Read it with ``snitem_portal.sitetext.get_text(key, default_template=...)``: the text in the
    active language, else the French one, else the default shipped with the code.
    """

    key = models.SlugField(_("clé"), max_length=100, unique=True)
    text_fr = models.TextField(_("texte (français)"), max_length=LONG_TEXT, blank=True)
    text_en = models.TextField(_("texte (anglais)"), max_length=LONG_TEXT, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    updated_by = person_field(_("modifié par"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("texte du portail")
        verbose_name_plural = _("textes du portail")
        ordering = ["key"]

    def __str__(self):
        return self.key
