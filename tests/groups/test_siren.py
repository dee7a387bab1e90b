import pytest
from django.core.exceptions import ValidationError

from groups.validators import validate_domain, validate_siren


@pytest.mark.parametrize("siren", ["732829320", "552100554", "900000019"])
def test_validate_siren_accepts_valid_numbers(siren):
    validate_siren(siren)


@pytest.mark.parametrize(
    ("siren", "code"),
    [
        ("732829321", "siren_checksum"),
        ("12345678", "siren_format"),
        ("1234567890", "siren_format"),
        ("73282932A", "siren_format"),
        ("７３２８２９３２０", "siren_format"),
        ("", "siren_format"),
    ],
)
def test_validate_siren_refuses_bad_numbers_with_a_clear_code(siren, code):
    with pytest.raises(ValidationError) as error:
        validate_siren(siren)

    assert error.value.code == code


@pytest.mark.parametrize("domain", ["exemple", "exa mple.fr", "@.fr", "exémple.fr"])
def test_validate_domain_refuses_malformed_domains(domain):
    with pytest.raises(ValidationError):
        validate_domain(domain)
