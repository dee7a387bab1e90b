from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.selectors import active_companies
from snitem_portal.forms import ParisDateTimeField

from .enums import Outcome
from .models import MAX_SCORE, Call, Submission


class SearchableSelectMultiple(forms.SelectMultiple):
    """A multi-select with a search box (Tom Select, from the django-tomselect package, started by
    static/js/searchable-select.js): type part of a name, pick with the arrow keys and Enter, remove
    with Backspace or the button beside each choice. Without JavaScript, the native list."""

    def __init__(self, attrs=None, choices=()):
        attrs = {
            "size": 6,
            "data-searchable": "",
            "data-placeholder": _("Tapez une partie du nom…"),
            "data-no-results": _("Aucune entreprise ne correspond."),
            "data-remove-label": _("Retirer"),
            **(attrs or {}),
        }
        super().__init__(attrs, choices)

    class Media:
        css = {"all": ["tom-select/vendor/tom-select/css/tom-select.bootstrap5.min.css", "css/searchable-select.css"]}
        js = ["tom-select/js/django-tomselect.min.js", "js/searchable-select.js"]


class SubmissionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Submission
        fields = ["title", "summary", "requested_data", "partners", "budget"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "requested_data": forms.Textarea(attrs={"rows": 3}),
            "partners": SearchableSelectMultiple,
        }
        help_texts = {
            "requested_data": _("Les bases de données et sources demandées (ex. SNDS, PMSI)."),
            "partners": _(
                "Les entreprises adhérentes associées au projet. Chacune confirme le partenariat ; "
                "une fois confirmé, ses membres ne peuvent pas évaluer la candidature."
            ),
        }

    def __init__(self, *args, company=None, **kwargs):
        super().__init__(*args, **kwargs)
        partners = active_companies().order_by("name")
        if company is not None:
            partners = partners.exclude(pk=company.pk)
        self.fields["partners"].queryset = partners
        self.fields["partners"].required = False
        for name, field in self.fields.items():
            if name != "version":
                field.widget.attrs.setdefault("class", "form-select" if name == "partners" else "form-control")


class SubmitSubmissionForm(forms.Form):
    """The version the referent read: they sign off that text, not a colleague's later edit."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Pièce jointe (PDF, 10 Mo au plus)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "application/pdf,.pdf"}),
        allow_empty_file=True,  # the service refuses it with its own message
    )


class ExtensionForm(forms.Form):
    until = ParisDateTimeField(label=_("Prolongation jusqu'au (heure de Paris)"))
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class DeadlineForm(forms.Form):
    closes_at = ParisDateTimeField(label=_("Nouvelle clôture (heure de Paris)"))
    reason = forms.CharField(label=_("Motif"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class CallAdminForm(forms.ModelForm):
    opens_at = ParisDateTimeField(label=_("ouverture"))
    closes_at = ParisDateTimeField(label=_("clôture"))

    class Meta:
        model = Call
        fields = [
            "title",
            "slug",
            "funder",
            "description",
            "opens_at",
            "closes_at",
            "status",
            "one_per_company",
            "jurors",
            "applications_received",
            "sources",
        ]

    def clean(self):
        """The same rules as the services: opening before closing, and only allowed status moves (the
        admin then applies the status through change_call_status)."""
        from .services import call_status_error, validate_call_dates

        cleaned = super().clean()
        # Once created, closes_at is read-only here (it moves through move_deadline).
        closes_at = cleaned.get("closes_at") if "closes_at" in self.fields else self.instance.closes_at
        try:
            validate_call_dates(cleaned.get("opens_at"), closes_at)
        except ValidationError as error:
            target = "closes_at" if "closes_at" in self.fields else "opens_at"
            for message in error.message_dict["closes_at"]:
                self.add_error(target, message)
        status = cleaned.get("status")
        if self.instance.pk and status and "status" in self.fields:
            # Before _post_clean, self.instance still holds the stored values.
            message = call_status_error(self.instance, status, now=timezone.now())
            if message:
                self.add_error("status", message)
        return cleaned


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if review is not None:
            initial["comment"] = review.comment
            for score in review.scores.all():
                initial[f"criterion_{score.criterion_id}"] = score.value
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (poids %(weight)s), note sur %(max)s")
                % {"name": criterion.name, "weight": criterion.weight, "max": MAX_SCORE},
                min_value=0,
                max_value=MAX_SCORE,
                widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": MAX_SCORE}),
            )
        self.order_fields([*(f"criterion_{c.pk}" for c in self.criteria), "comment"])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class DecisionForm(forms.Form):
    # An empty first choice: a stray click on "record" without choosing records nothing.
    decision = forms.ChoiceField(
        choices=[("", _("— Choisir —")), *Outcome.choices],
        error_messages={"required": _("Choisissez une décision.")},
    )
