from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Language


class SignupForm(AllauthSignupForm):
    """Allauth's signup with the portal's profile fields (domain apps extend it: the groups app adds
    the optional company request; ``ACCOUNT_FORMS`` names the form in use)."""

    full_name = forms.CharField(label=_("Nom complet"), max_length=200)
    language = forms.ChoiceField(label=_("Langue préférée"), choices=Language.choices, initial="fr")

    field_order = ["full_name", "email", "password1", "password2", "language"]

    def save(self, request):
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"]
        user.language = self.cleaned_data["language"]
        user.save(update_fields=["full_name", "language"])
        return user
