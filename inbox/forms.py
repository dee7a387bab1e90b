from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reminders.selectors import is_signoff_referent
from snitem_portal import notifications

from .enums import NoticeMode
from .selectors import allowed_modes, preferences_of
from .services import set_notice_preferences


class NoticePreferencesForm(forms.Form):
    """One choice per kind of notification: email at once, daily digest, bell only or never."""

    def __init__(self, *args, current: dict[str, str], is_referent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in notifications.all_kinds():
            modes = allowed_modes(kind, is_referent=is_referent)
            field = forms.ChoiceField(
                label=kind.label,
                choices=[(mode, NoticeMode(mode).label) for mode in modes],
                initial=current.get(kind.name, NoticeMode.IMMEDIATE),
                required=False,
            )
            if kind.signoff and is_referent:
                field.error_messages["invalid_choice"] = _(
                    "En tant que référent, vous devez recevoir au moins un résumé pour : %(kind)s."
                ) % {"kind": kind.label}
            self.fields[kind.name] = field

    def modes(self) -> dict[str, str]:
        """The kinds given (a kind left out keeps its current mode)."""
        return {kind: mode for kind, mode in self.cleaned_data.items() if mode}


class NoticePreferencesSection:
    """The notification centre's part of the preferences page (``PREFERENCE_SECTIONS``)."""

    title = gettext_lazy("Événements du portail")
    intro = gettext_lazy(
        "Pour chaque type d'événement, choisissez : un courriel immédiat, le résumé quotidien, la cloche "
        "du portail seulement, ou rien. Ce qu'un référent doit valider ne peut pas être désactivé."
    )

    def __init__(self, *, user, data=None, is_referent: bool | None = None):
        self.user = user
        if is_referent is None:
            is_referent = is_signoff_referent(user)
        self.form = NoticePreferencesForm(data, prefix="notices", current=preferences_of(user), is_referent=is_referent)

    def save(self) -> None:
        set_notice_preferences(user=self.user, modes=self.form.modes())
