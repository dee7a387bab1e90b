from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from snitem_portal.forms import ParisDateTimeField
from snitem_portal.users.forms import SignupForm as ProfileSignupForm

from .enums import GroupRole
from .models import Meeting
from .selectors import companies_matching, company_named, memberships_visible_to
from .services import remember_signup_company

COMPANY_SEARCH_MIN_LENGTH = 3
_search_url = reverse_lazy("groups:company-search")
# How many matching names an ambiguous entry lists.
AMBIGUOUS_NAMES_SHOWN = 5


class CompanyByNameField(forms.CharField):
    """A member company typed by its name or SIREN, resolved when the form is sent.

    The signup page does not list the member companies to anonymous visitors: a script
    (static/js/company-search.js) suggests names as one types, and without it the text typed is
    resolved here, with an error saying whether nothing or several companies match.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "help_text",
            _(
                "Raison sociale ou SIREN (9 chiffres) d'une entreprise adhérente. Un référent de l'entreprise "
                "validera votre rattachement."
            ),
        )
        # data-company-search is read by static/js/company-search.js: where to ask for names.
        attrs = {"autocomplete": "organization", "spellcheck": "false"}
        kwargs.setdefault("widget", forms.TextInput(attrs={**attrs, "data-company-search": _search_url}))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        exact = company_named(text)
        if exact is not None:
            return exact
        if len(text) < COMPANY_SEARCH_MIN_LENGTH:
            raise forms.ValidationError(
                _("Saisissez au moins trois lettres de la raison sociale, ou le SIREN."), code="too_short"
            )
        matches = list(companies_matching(text)[: AMBIGUOUS_NAMES_SHOWN + 1])
        if not matches:
            raise forms.ValidationError(
                _(
                    "Aucune entreprise adhérente ne correspond à « %(text)s ». Vérifiez la raison sociale "
                    "ou saisissez le SIREN (9 chiffres) ; vous pouvez aussi laisser ce champ vide et "
                    "demander votre rattachement plus tard."
                ),
                code="not_found",
                params={"text": text},
            )
        if len(matches) > 1:
            names = ", ".join(f"« {company.name} »" for company in matches[:AMBIGUOUS_NAMES_SHOWN])
            if len(matches) > AMBIGUOUS_NAMES_SHOWN:
                names += ", …"
            raise forms.ValidationError(
                _(
                    "Plusieurs entreprises adhérentes correspondent à « %(text)s » : %(names)s. Saisissez "
                    "la raison sociale complète ou le SIREN."
                ),
                code="ambiguous",
                params={"text": text, "names": names},
            )
        return matches[0]


class AffiliationRequestForm(forms.Form):
    company = CompanyByNameField(
        label=_("Votre entreprise"), error_messages={"required": _("Indiquez votre entreprise.")}
    )


class SignupForm(ProfileSignupForm):
    """The account signup, with an optional request to join the person's company (its referents decide)."""

    company = CompanyByNameField(label=_("Votre entreprise (facultatif)"), required=False)

    field_order = [*ProfileSignupForm.field_order, "company"]

    def save(self, request):
        user = super().save(request)
        company = self.cleaned_data.get("company")
        if company is not None:
            # Requested once the address is verified (groups.signals).
            remember_signup_company(user=user, company=company)
        return user


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approuver")), ("reject", _("Refuser"))])


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[("referent", _("Référent")), ("member", _("Membre"))])


class BulkMembershipDecisionForm(forms.Form):
    """Several join requests decided at once: the ones ticked, among the memberships ``user`` sees."""

    memberships = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={
            "required": _("Cochez au moins une demande."),
            "invalid_choice": _("Une des demandes cochées n'existe pas."),
            "invalid_pk_value": _("Une des demandes cochées n'existe pas."),
        },
    )
    decision = forms.ChoiceField(
        choices=[("approve", _("Approuver")), ("reject", _("Refuser"))],
        error_messages={"required": _("Choisissez d'approuver ou de refuser.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["memberships"].queryset = memberships_visible_to(user)


class MembershipDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approuver")), ("reject", _("Refuser"))])
    message = forms.CharField(
        label=_("Message à la personne (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=GroupRole.choices,
        error_messages={"invalid_choice": _("Rôle inconnu."), "required": _("Choisissez un rôle.")},
    )


def meeting_fields(data: dict) -> dict:
    """The meeting's own fields among a MeetingForm's data (not the version the editor read)."""
    return {name: value for name, value in data.items() if name != "version"}


class MeetingForm(forms.ModelForm):
    """A meeting's fields; times are typed in Paris time (the site's time zone)."""

    video_url = forms.URLField(
        label=_("Lien de visioconférence"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-control"}),
        error_messages={"invalid": _("Saisissez une adresse web valide (https://…).")},
    )
    # The version the editor read (optimistic locking); ignored when scheduling a new meeting.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "video_url", "agenda", "capacity", "answer_deadline"]
        field_classes = {
            "starts_at": ParisDateTimeField,
            "ends_at": ParisDateTimeField,
            "answer_deadline": ParisDateTimeField,
        }
        labels = {
            "starts_at": _("Début (heure de Paris)"),
            "ends_at": _("Fin (heure de Paris)"),
            "capacity": _("Places sur place (facultatif)"),
            "answer_deadline": _("Réponse attendue avant le (heure de Paris, facultatif)"),
        }
        help_texts = {"capacity": _("Laissez vide pour ne pas limiter le nombre de participants sur place.")}
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "place": forms.TextInput(attrs={"class": "form-control"}),
            "agenda": forms.Textarea(attrs={"class": "form-control", "rows": 5}),
            "capacity": forms.NumberInput(attrs={"class": "form-control", "min": 1}),
        }
        error_messages = {
            "title": {"required": _("Donnez un titre à la réunion.")},
            "starts_at": {
                "required": _("Indiquez le début de la réunion."),
                "invalid": _("Date et heure de début invalides."),
            },
            "ends_at": {
                "required": _("Indiquez la fin de la réunion."),
                "invalid": _("Date et heure de fin invalides."),
            },
            "capacity": {
                "invalid": _("Indiquez un nombre entier de places."),
                "min_value": _("Indiquez au moins une place, ou laissez vide pour ne pas limiter."),
            },
            "answer_deadline": {"invalid": _("Date et heure limites de réponse invalides.")},
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("place") and not cleaned.get("video_url"):
            raise forms.ValidationError(_("Indiquez un lieu ou un lien de visioconférence."))
        return cleaned
