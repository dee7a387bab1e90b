from datetime import UTC

import pytest

from projects.forms import DeadlineForm


@pytest.mark.parametrize("value", ["2020-06-01", "01/06/2020", "2020-06-01T"])
def test_date_without_time_is_refused(value):
    form = DeadlineForm({"closes_at": value})

    assert not form.is_valid()
    assert form.errors["closes_at"] == ["Précisez l'heure (par exemple 12:00) : une date seule ne suffit pas."]


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        ("2020-06-01T12:00", "2020-06-01T10:00:00+00:00"),
        ("2020-06-01 12:00", "2020-06-01T10:00:00+00:00"),
        ("2020-01-15T12:00", "2020-01-15T11:00:00+00:00"),
        ("2020-06-01T00:00", "2020-05-31T22:00:00+00:00"),
    ],
)
def test_explicit_time_is_read_in_paris_time(value, utc):
    form = DeadlineForm({"closes_at": value})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["closes_at"].astimezone(UTC).isoformat() == utc
