from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import WorkingGroup
from snitem_portal.forms import ParisDateTimeField

from .enums import ActionStatus, ArgumentsShown, Stance
from .models import Action, Orientation


class PositionForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Position de l'entreprise"),
        choices=Stance.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    argument = forms.CharField(
        label=_("Argumentaire"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
        help_text=_("Obligatoire pour un soutien avec réserves ou une opposition."),
    )
    shared = forms.BooleanField(
        label=_("Partager avec les autres entreprises consultées une fois soumise"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class SubmitPositionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConsultationForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("Action"), queryset=Action.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    group = forms.ModelChoiceField(
        label=_("Entreprises consultées"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        empty_label=_("Toutes les entreprises adhérentes"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    question = forms.CharField(
        label=_("Question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
    opens_at = ParisDateTimeField(label=_("Ouverture (heure de Paris)"))
    closes_at = ParisDateTimeField(label=_("Clôture (heure de Paris)"))
    arguments_shown = forms.TypedChoiceField(
        label=_("Arguments partagés visibles des entreprises consultées"),
        choices=ArgumentsShown.choices,
        initial=ArgumentsShown.AFTER_CLOSING,
        required=False,
        empty_value=ArgumentsShown.AFTER_CLOSING,
        help_text=_(
            "Après la clôture par défaut : des arguments nominatifs lus pendant la consultation "
            "peuvent influencer les réponses. Les décomptes restent visibles."
        ),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, groups, allow_all: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.select_related("roadmap").order_by(
            "roadmap__position", "number"
        )
        self.fields["group"].queryset = groups
        if not allow_all:
            self.fields["group"].required = True
            self.fields["group"].empty_label = None


class TimelineEntryForm(forms.Form):
    text = forms.CharField(
        label=_("Mise à jour"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    status = forms.ChoiceField(
        label=_("Nouveau statut"),
        required=False,
        choices=[("", _("— inchangé —")), *ActionStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    progress = forms.IntegerField(
        label=_("Avancement (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    link = forms.URLField(
        label=_("Lien"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-control"}),
    )


class RoadmapFilterForm(forms.Form):
    orientation = forms.ModelChoiceField(
        label=_("Orientation"),
        queryset=Orientation.objects.none(),
        required=False,
        empty_label=_("Toutes"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Tous")), *ActionStatus.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    owner = forms.ChoiceField(
        label=_("Pilote institutionnel"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    pilot_group = forms.ModelChoiceField(
        label=_("Groupe pilote"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        empty_label=_("Tous"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    stale = forms.BooleanField(label=_("Sans mise à jour récente"), required=False)

    def __init__(self, *args, roadmap, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orientation"].queryset = Orientation.objects.filter(roadmap=roadmap)
        self.fields["owner"].choices = [("", _("Tous")), *((o, o) for o in owners)]
        self.fields["pilot_group"].queryset = WorkingGroup.objects.filter(piloted_actions__roadmap=roadmap).distinct()

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["orientation"]:
            queryset = queryset.filter(orientation=data["orientation"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["owner"]:
            queryset = queryset.filter(owner=data["owner"])
        if data["pilot_group"]:
            queryset = queryset.filter(pilot_group=data["pilot_group"])
        if data["stale"]:
            queryset = queryset.filter(is_stale=True)
        return queryset
