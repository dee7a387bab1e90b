from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import conf
from .registry import all_sources


def unknown_kind_message() -> str:
    return _("Type de résultat inconnu. Valeurs possibles : %(kinds)s.") % {
        "kinds": ", ".join(source.kind for source in all_sources())
    }


class SearchForm(forms.Form):
    """The results page's query string: the words, and optionally one kind of result."""

    q = forms.CharField(label=gettext_lazy("Mots à chercher"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Type de résultat"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read at each use, so that the setting and the sources may change.
        self.fields["q"] = forms.CharField(
            label=self.fields["q"].label, required=False, max_length=conf.max_query_length()
        )
        self.fields["kind"].choices = [("", _("Tous les types")), *((s.kind, s.label) for s in all_sources())]
        self.fields["kind"].error_messages["invalid_choice"] = unknown_kind_message()
