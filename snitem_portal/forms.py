"""Form pieces shared by every app."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .timefmt import PARIS

EXPLICIT_TIME = re.compile(r"(?:^|[T\s])\d{1,2}[:h]\d{2}")
FIRST_YEAR, LAST_YEAR = 2000, 2100


class ParisDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ParisDateTimeField(forms.DateTimeField):
    """A date and time typed in Paris time, stored in UTC.

    The time must be explicit (a bare date is refused rather than read as midnight), and the
    year must lie between 2000 and 2100, which catches typos such as « 0202 ».
    """

    widget = ParisDateTimeInput
    default_error_messages = {
        "missing_time": _("Précisez l'heure (par exemple 12:00) : une date seule ne suffit pas."),
        "out_of_range": _("Saisissez une date entre %(first)s et %(last)s."),
    }

    def prepare_value(self, value):
        if getattr(value, "tzinfo", None) is not None:
            value = timezone.localtime(value, PARIS)
        return super().prepare_value(value)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if value and not EXPLICIT_TIME.search(value):
                raise forms.ValidationError(self.error_messages["missing_time"], code="missing_time")
            value = value.replace("h", ":")
        with timezone.override(PARIS):
            result = super().to_python(value)
        if result is not None and not FIRST_YEAR <= result.year <= LAST_YEAR:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return result
