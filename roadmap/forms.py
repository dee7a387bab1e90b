from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import WorkingGroup
from snitem_portal.forms import ParisDateTimeField

from .enums import SCALE_MAX, SCALE_MIN, TEXT_ANSWER_MAX, ActionStatus, ArgumentsShown, QuestionKind, Stance
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

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = answer_field(question)

    def answers(self) -> dict[int, object]:
        """The answers typed, {question id: value} (an empty one clears the answer)."""
        return {question.pk: self.cleaned_data.get(f"answer_{question.pk}") for question in self.questions}


def answer_field(question) -> forms.Field:
    """The form field of one question. Never required here: a draft may be incomplete; the referent's
    sign-off checks required answers."""
    common = {
        "label": question.label,
        "required": False,
        "help_text": _("Réponse obligatoire pour soumettre la position.") if question.required else "",
    }
    if question.kind == QuestionKind.SINGLE:
        return forms.ChoiceField(
            choices=[(choice, choice) for choice in question.choices],
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            **common,
        )
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(choice, choice) for choice in question.choices],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            **common,
        )
    if question.kind == QuestionKind.SCALE:
        return forms.TypedChoiceField(
            choices=[(step, str(step)) for step in range(SCALE_MIN, SCALE_MAX + 1)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            **common,
        )
    return forms.CharField(
        max_length=TEXT_ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}), **common
    )


class QuestionForm(forms.Form):
    """One question in the questionnaire editor; choices one per line."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=QuestionKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    label = forms.CharField(
        label=_("Intitulé"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    choices = forms.CharField(
        label=_("Choix (un par ligne)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Pour les questions à choix unique ou multiple."),
    )
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


QuestionFormSet = forms.formset_factory(QuestionForm, extra=1, can_delete=True, max_num=30, absolute_max=30)


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
