from django import forms
from django.utils.translation import gettext_lazy as _

from roadmap.enums import Stance

from .models import LONG_TEXT
from .selectors import quotable_positions


class QuoteChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, position):
        stance = Stance(position.stance).label
        return f"{position.company.name} ({stance}) : {position.argument}"


class JointPositionForm(forms.Form):
    text = forms.CharField(
        label=_("Texte de la position commune"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown : titres, listes, liens."),
    )
    quotes = QuoteChoiceField(
        label=_("Arguments cités"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les arguments partagés des positions soumises ; chaque citation renvoie à sa position."),
    )
    public = forms.BooleanField(
        label=_("Publique : visible de tous sur la feuille de route une fois publiée"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quotes"].queryset = quotable_positions(consultation)
