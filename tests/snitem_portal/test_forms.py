from datetime import UTC, datetime

import pytest
from django import forms

from snitem_portal.forms import ParisDateTimeField


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2020-06-01T12:00", datetime(2020, 6, 1, 10, 0, tzinfo=UTC)),
        ("2020-01-15 09h30", datetime(2020, 1, 15, 8, 30, tzinfo=UTC)),
    ],
)
def test_paris_datetime_field_reads_paris_time(typed, utc):
    assert ParisDateTimeField().clean(typed) == utc


@pytest.mark.parametrize(
    ("typed", "code"),
    [("2020-06-01", "missing_time"), ("0001-01-01T00:00", "out_of_range"), ("2999-01-01T00:00", "out_of_range")],
)
def test_paris_datetime_field_refuses_bare_dates_and_absurd_years(typed, code):
    with pytest.raises(forms.ValidationError) as error:
        ParisDateTimeField().clean(typed)

    assert error.value.code == code
