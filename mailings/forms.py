from django import forms
from django.utils.translation import gettext_lazy as _

from groups.enums import CompanyStatus
from groups.models import WorkingGroup

from .models import Mailing, SegmentRole


def roles_field() -> forms.MultipleChoiceField:
    """The segment's roles, ticked among the choices (the page's form and the admin's)."""
    return forms.MultipleChoiceField(
        label=_("Rôles (aucun : tous)"),
        choices=SegmentRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def company_statuses_field() -> forms.MultipleChoiceField:
    """The segment's company statuses, ticked among the choices (the page's form and the admin's)."""
    return forms.MultipleChoiceField(
        label=_("Statut des entreprises"),
        choices=CompanyStatus.choices,
        initial=[CompanyStatus.ACTIVE],
        widget=forms.CheckboxSelectMultiple,
    )


class MailingForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=200)
    body = forms.CharField(label=_("Texte (Markdown)"), widget=forms.Textarea(attrs={"rows": 12}), max_length=50_000)
    subject_en = forms.CharField(label=_("Objet en anglais (facultatif)"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Texte en anglais (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=50_000,
    )
    all_members = forms.BooleanField(label=_("Tous les membres"), required=False)
    groups = forms.ModelMultipleChoiceField(
        label=_("Groupes"),
        queryset=WorkingGroup.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_subgroups = forms.BooleanField(label=_("Avec leurs sous-groupes"), required=False)
    roles = roles_field()
    company_statuses = company_statuses_field()


class SendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    scheduled_at = forms.DateTimeField(
        label=_("Programmer l'envoi le (vide : maintenant)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, mailing: Mailing, **kwargs):
        super().__init__(*args, initial={"version": mailing.version}, **kwargs)
