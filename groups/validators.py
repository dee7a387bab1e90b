from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siren(value: str) -> None:
    """A SIREN is 9 digits whose Luhn checksum is valid (INSEE)."""
    if not (len(value) == 9 and value.isascii() and value.isdigit()):
        raise ValidationError(_("Le SIREN doit comporter exactement 9 chiffres."), code="siren_format")
    if not luhn_is_valid(value):
        raise ValidationError(_("Ce SIREN n'est pas valide (clé de contrôle incorrecte)."), code="siren_checksum")


def normalize_domain(value: str) -> str:
    return value.strip().lower().lstrip("@").rstrip(".")


def validate_domain(value: str) -> None:
    labels = normalize_domain(value).split(".")
    if len(labels) < 2 or not all(
        label and label.isascii() and all(c.isalnum() or c == "-" for c in label) for label in labels
    ):
        raise ValidationError(
            _("« %(domain)s » n'est pas un nom de domaine valide.") % {"domain": value},
            code="domain",
        )
