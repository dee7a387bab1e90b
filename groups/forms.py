from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import active_companies


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


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approuver")), ("reject", _("Refuser"))])


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[("referent", _("Référent")), ("member", _("Membre"))])
