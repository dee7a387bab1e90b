from datetime import UTC, datetime

from django.utils import translation

from snitem_portal.timefmt import paris


def test_the_first_of_the_month_is_an_ordinal_in_french():
    with translation.override("fr"):
        assert paris(datetime(2026, 12, 1, 11, 0, tzinfo=UTC)) == "1er décembre 2026, 12:00 (heure de Paris)"
        assert paris(datetime(2026, 12, 11, 21, 14, tzinfo=UTC)) == "11 décembre 2026, 22:14 (heure de Paris)"


def test_english_dates_have_no_french_ordinal():
    with translation.override("en"):
        assert paris(datetime(2026, 12, 1, 11, 0, tzinfo=UTC)) == "1 December 2026, 12:00 (Paris time)"
