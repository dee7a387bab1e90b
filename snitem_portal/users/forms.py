from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from groups.selectors import active_companies
from groups.services import request_affiliation

from .models import Language


class SignupForm(AllauthSignupForm):
    """Allauth's signup with the portal's profile fields and an optional company request."""

    full_name = forms.CharField(label=_("Nom complet"), max_length=200)
    language = forms.ChoiceField(label=_("Langue préférée"), choices=Language.choices, initial="fr")
    company = forms.ModelChoiceField(
        label=_("Votre entreprise (facultatif)"),
        queryset=active_companies().order_by("name"),
        required=False,
        empty_label=_("— Je choisirai plus tard —"),
        help_text=_("Un référent de l'entreprise validera votre rattachement."),
        error_messages={"invalid_choice": _("Cette entreprise n'est pas adhérente active du Snitem.")},
    )

    field_order = ["full_name", "email", "password1", "password2", "language", "company"]

    def save(self, request):
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"]
        user.language = self.cleaned_data["language"]
        user.save(update_fields=["full_name", "language"])
        company = self.cleaned_data.get("company")
        if company is not None:
            request_affiliation(user=user, company=company)
        return user
