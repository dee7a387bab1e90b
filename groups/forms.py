from django import forms
from django.utils.translation import gettext_lazy as _

from snitem_portal.forms import ParisDateTimeField
from snitem_portal.users.forms import SignupForm as ProfileSignupForm

from .enums import GroupRole
from .models import Meeting
from .selectors import active_companies
from .services import remember_signup_company


class AffiliationRequestForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Votre entreprise"),
        queryset=active_companies().order_by("name"),
        empty_label=_("— Choisissez votre entreprise —"),
        error_messages={
            "required": _("Choisissez votre entreprise."),
            "invalid_choice": _("Cette entreprise n'est pas adhérente active du Snitem."),
        },
    )


class SignupForm(ProfileSignupForm):
    """The account signup, with an optional request to join the person's company (its referents decide)."""

    company = forms.ModelChoiceField(
        label=_("Votre entreprise (facultatif)"),
        queryset=active_companies().order_by("name"),
        required=False,
        empty_label=_("— Je choisirai plus tard —"),
        help_text=_("Un référent de l'entreprise validera votre rattachement."),
        error_messages={"invalid_choice": _("Cette entreprise n'est pas adhérente active du Snitem.")},
    )

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
        fields = ["title", "starts_at", "ends_at", "place", "video_url", "agenda"]
        field_classes = {"starts_at": ParisDateTimeField, "ends_at": ParisDateTimeField}
        labels = {
            "starts_at": _("Début (heure de Paris)"),
            "ends_at": _("Fin (heure de Paris)"),
        }
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "place": forms.TextInput(attrs={"class": "form-control"}),
            "agenda": forms.Textarea(attrs={"class": "form-control", "rows": 5}),
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
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("place") and not cleaned.get("video_url"):
            raise forms.ValidationError(_("Indiquez un lieu ou un lien de visioconférence."))
        return cleaned
