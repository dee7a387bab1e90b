"""Forms of a meeting's workspace pages; the services hold the rules."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from roadmap.models import Action

from .enums import ActionItemStatus, MinutesStatus, Response


class RegistrationForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=Response.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez votre réponse."), "invalid_choice": _("Réponse inconnue.")},
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=300, required=False)
    presenter_name = forms.CharField(label=_("Présenté par"), max_length=200, required=False)
    action = forms.ModelChoiceField(
        label=_("Action de la feuille de route (facultatif)"),
        queryset=Action.objects.select_related("orientation").order_by("orientation__number", "number", "pk"),
        required=False,
    )


class BaseAgendaFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The actions' list is read once for every row, not once per row's select.
        choices = list(self.form().fields["action"].choices)
        for form in self.forms:
            form.fields["action"].choices = choices

    def items(self) -> list[dict]:
        """The filled rows, in order (an empty title drops the row)."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and (form.cleaned_data.get("title") or "").strip()
        ]


AgendaFormSet = formset_factory(AgendaItemForm, formset=BaseAgendaFormSet, extra=3, max_num=50, absolute_max=60)


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Personnes présentes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Cette personne n'est pas membre du groupe.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = candidates
        self.fields["present"].label_from_instance = lambda user: user.get_full_name() or user.email


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Compte rendu (Markdown)"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Mise en forme Markdown : **gras**, *italique*, listes avec « - », liens [texte](https://…)."),
    )
    status = forms.ChoiceField(label=_("Statut"), choices=MinutesStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActionItemForm(forms.Form):
    title = forms.CharField(
        label=_("Action"), max_length=300, error_messages={"required": _("Donnez un intitulé à l'action.")}
    )
    owner = forms.ModelChoiceField(
        label=_("Responsable"), queryset=None, error_messages={"required": _("Choisissez le responsable.")}
    )
    due_date = forms.DateField(
        label=_("Échéance"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Indiquez l'échéance."), "invalid": _("Date invalide.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = candidates
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.email


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItemStatus.choices)
