"""Dates said relatively where it helps: on detail pages, « dans 3 jours » in a ``<time>`` element whose
title is the exact Paris time; in emails announcing a date, the exact Paris time then the distance,
measured when the message is rendered (that is, sent), not when it was queued."""

import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from snitem_portal.emails import build_templated_email
from snitem_portal.timefmt import announced
from tests.groups.factories import MeetingFactory, WorkingGroupFactory, active_in
from tests.projects.factories import CallFactory, SubmissionFactory
from tests.roadmap.factories import ConsultationFactory

from ..factories import UserFactory

NOW = datetime(2026, 12, 8, 21, 14, tzinfo=UTC)
TIME_ELEMENT = re.compile(r'<time datetime="[^"]+" title="[^"]+\(heure de Paris\)">dans \d+\s\w+, le [^<]+</time>')


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", NOW + timedelta(days=3), "le 11 décembre 2026 à 22 h 14, heure de Paris, dans 3\xa0jours"),
        (
            "fr",
            datetime(2027, 1, 1, 8, 5, tzinfo=UTC),
            "le 1er janvier 2027 à 9 h 05, heure de Paris, dans 3\xa0semaines",
        ),
        ("en", NOW + timedelta(days=3), "on 11 December 2026 at 22:14, Paris time, in 3\xa0days"),
    ],
)
def test_announced_gives_the_exact_paris_time_then_the_distance(language, value, expected):
    with translation.override(language):
        assert announced(value, now=NOW) == expected


@pytest.mark.django_db
def test_an_email_measures_the_distance_when_it_is_rendered_not_when_it_was_queued():
    recipient = UserFactory(language="fr")
    deadline = NOW + timedelta(days=3)
    context = {
        "call": CallFactory(title="Appel santé", slug="appel-sante"),
        "change": SimpleNamespace(old_closes_at=NOW, new_closes_at=deadline, reason=""),
    }

    with time_machine.travel(NOW, tick=False):
        queued = build_templated_email(template="projects/email/deadline_moved", to=recipient, context=context)
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        retried = build_templated_email(template="projects/email/deadline_moved", to=recipient, context=context)

    assert "Nouvelle date limite : le 11 décembre 2026 à 22 h 14, heure de Paris, dans 3\xa0jours" in queued.body
    assert "Nouvelle date limite : le 11 décembre 2026 à 22 h 14, heure de Paris, dans 1\xa0jour" in retried.body
    assert "dans 1\xa0jour" in retried.alternatives[0][0]


@pytest.mark.django_db
def test_a_reminder_announces_the_deadline_in_the_recipients_language():
    item = SimpleNamespace(
        action="Déposer la candidature", title="Appel santé", deadline=NOW + timedelta(days=3), url="/"
    )
    context = {"item": item, "preferences_url": "/preferences/"}

    with time_machine.travel(NOW, tick=False):
        french = build_templated_email(
            template="reminders/email/reminder", to=UserFactory(language="fr"), context=context
        )
        english = build_templated_email(
            template="reminders/email/reminder", to=UserFactory(language="en"), context=context
        )

    assert "Échéance : le 11 décembre 2026 à 22 h 14, heure de Paris, dans 3\xa0jours" in french.body
    assert "on 11 December 2026 at 22:14, Paris time, in 3\xa0days" in english.body


@pytest.mark.django_db
def test_detail_pages_say_how_far_the_date_is_with_the_exact_time_in_the_title(client, company, member):
    group = WorkingGroupFactory(slug="formation")
    active_in(group, member)
    meeting = MeetingFactory(group=group, title="Plénière")
    consultation = ConsultationFactory()
    call = CallFactory(slug="appel-sante", closes_at=timezone.now() + timedelta(days=3, hours=2))
    submission = SubmissionFactory(call=call, company=company)
    client.force_login(member)

    pages = {
        "meeting": reverse("groups:meeting-detail", args=[group.slug, meeting.pk]),
        "consultation": reverse("roadmap:consultation-detail", args=[consultation.pk]),
        "call": reverse("projects:call-detail", args=[call.slug]),
        "submission": reverse("projects:submission-detail", args=[submission.pk]),
    }
    found = {name: TIME_ELEMENT.findall(client.get(url).content.decode()) for name, url in pages.items()}

    assert {name: bool(elements) for name, elements in found.items()} == dict.fromkeys(pages, True)
    assert "dans 3\xa0jours" in found["call"][0]
    assert "dans 3\xa0jours" in found["submission"][0]
