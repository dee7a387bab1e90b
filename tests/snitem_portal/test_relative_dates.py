# Durations keep their number and unit together with a no-break space (\xa0), as Django writes them.
from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from snitem_portal.timefmt import relative, relative_and_exact

NOW = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "delta", "expected"),
    [
        ("fr", timedelta(days=3, hours=5), "dans 3\xa0jours"),
        ("fr", -timedelta(hours=2, minutes=10), "il y a 2\xa0heures"),
        ("en", timedelta(days=3, hours=5), "in 3\xa0days"),
        ("en", -timedelta(hours=2, minutes=10), "2\xa0hours ago"),
    ],
)
def test_relative_gives_the_largest_unit(language, delta, expected):
    with translation.override(language):
        assert relative(NOW + delta, now=NOW) == expected


def test_relative_and_exact_says_the_paris_time_in_text():
    with translation.override("fr"):
        text = relative_and_exact(NOW + timedelta(days=3), now=NOW)

    assert text == "dans 3\xa0jours, le 4 décembre 2026, 12:00 (heure de Paris)"


def test_when_filter_wraps_the_date_in_a_time_element():
    value = datetime.now(UTC) + timedelta(days=3, minutes=5)

    with translation.override("en"):
        html = Template("{{ value|when }}").render(Context({"value": value}))

    assert html.startswith('<time datetime="')
    assert "+01:00" in html or "+02:00" in html
    assert ">in 3\xa0days, on " in html
    assert html.endswith("(Paris time)</time>")


def test_when_filter_says_what_relative_and_exact_says():
    value = datetime.now(UTC) + timedelta(days=3, minutes=5)

    for language in ("fr", "en"):
        with translation.override(language):
            html = Template("{{ value|when }}").render(Context({"value": value}))
            text = relative_and_exact(value)

        assert html.endswith(f">{text}</time>")


def test_when_filter_measures_every_date_of_a_request_from_the_same_moment(monkeypatch):
    """Within a request, "now" is read once; outside one (emails, tasks), at each date."""
    from django.utils import timezone

    from snitem_portal.memo import RequestMemoMiddleware

    moments = iter([NOW, NOW + timedelta(days=5), NOW + timedelta(days=7)])
    monkeypatch.setattr(timezone, "now", lambda: next(moments))
    template = Template("{{ value|when }}|{{ value|when }}")
    value = NOW + timedelta(days=10, hours=1)

    with translation.override("en"):
        in_request = RequestMemoMiddleware(lambda request: template.render(Context({"value": value})))(None)
        outside = template.render(Context({"value": value}))

    assert in_request.count(">in 1\xa0week, on ") == 2
    assert (">in 5\xa0days, on " in outside, ">in 3\xa0days, on " in outside) == (True, True)
