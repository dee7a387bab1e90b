from django import forms

from . import registry
from .enums import DeadlineKind, DeliveryMode
from .selectors import allowed_modes


class PreferencesForm(forms.Form):
    """One choice per kind of deadline: immediately, daily digest or never."""

    def __init__(self, *args, current: dict[str, str], is_referent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for source in registry.all_sources():
            modes = allowed_modes(source, is_referent=is_referent)
            self.fields[source.kind] = forms.ChoiceField(
                label=DeadlineKind(source.kind).label,
                choices=[(mode, DeliveryMode(mode).label) for mode in modes],
                initial=current.get(source.kind, DeliveryMode.IMMEDIATE),
                widget=forms.RadioSelect,
                required=False,
            )

    def modes(self) -> dict[str, str]:
        """The kinds given (a kind left out keeps its current mode)."""
        return {kind: mode for kind, mode in self.cleaned_data.items() if mode}
