"""The dashboard's panels cached per user, language, generation and minute: never another user's,
never a CSRF token, a write shown at once, the clock followed within a minute."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from groups.models import Membership
from snitem_portal import caching
from snitem_portal.dashboard import PANELS_TTL, _building_fresh, panels_key
from tests.factories import CompanyFactory, member_of
from tests.groups.factories import MeetingFactory, WorkingGroupFactory, active_in, chair_of, pending_in

pytestmark = pytest.mark.django_db

DASHBOARD = "/tableau-de-bord/"
MINUTE = 1_800_000_000.0  # one fixed minute, for keys compared across writes
# Tables only the panels read: a dashboard served from the cache queries none of them.
PANEL_TABLES = ("groups_membership", "groups_meeting", "roadmap_", "projects_", "meetings_")


@pytest.fixture
def group():
    return WorkingGroupFactory(name="Think tank", slug="think-tank", is_open=False)


@pytest.fixture
def chair(group):
    user = member_of(CompanyFactory(), user__full_name="Claire Présidente")
    chair_of(group, user)
    return user


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def _tokens(response) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', _main(response))


def test_keys_separate_users_languages_and_minutes():
    now = MINUTE

    with translation.override("fr"):
        alice_fr = panels_key(1, at=now)
        bob_fr = panels_key(2, at=now)
        alice_fr_next_minute = panels_key(1, at=now + PANELS_TTL)
    with translation.override("en"):
        alice_en = panels_key(1, at=now)

    assert len({alice_fr, bob_fr, alice_en, alice_fr_next_minute}) == 4
    assert ":1:fr:" in alice_fr
    assert ":2:fr:" in bob_fr
    assert ":1:en:" in alice_en


def test_second_visit_is_served_from_the_cache_without_panel_queries(client, chair, group):
    pending_in(group, member_of(CompanyFactory(), user__full_name="Paul Postulant"))
    MeetingFactory(group=group, title="Plénière de rentrée")
    client.force_login(chair)
    first = client.get(DASHBOARD)

    with CaptureQueriesContext(connection) as captured:
        second = client.get(DASHBOARD)

    assert [q["sql"] for q in captured if any(table in q["sql"] for table in PANEL_TABLES)] == []
    assert "Paul Postulant" in _main(second)
    assert "Plénière de rentrée" in _main(second)
    assert re.sub(r'value="[^"]+"', "", _main(second)) == re.sub(r'value="[^"]+"', "", _main(first))


def test_one_users_cached_panels_are_never_served_to_another(client, chair, group):
    pending_in(group, member_of(CompanyFactory(), user__full_name="Paul Postulant"))
    MeetingFactory(group=group, title="Plénière de rentrée")
    other = member_of(CompanyFactory(), user__full_name="Olga Autre")
    client.force_login(chair)
    client.get(DASHBOARD)
    client.force_login(other)

    response = client.get(DASHBOARD)

    page = _main(response)
    assert "Olga" in page
    assert "Paul Postulant" not in page
    assert "Plénière de rentrée" not in page
    assert "Demandes d'adhésion aux groupes à traiter" not in [panel.title for panel in response.context["panels"]]


def test_panels_cached_in_one_language_are_not_served_in_the_other(client, chair, group):
    MeetingFactory(group=group)
    client.force_login(chair)
    french = _main(client.get(DASHBOARD))
    # An update sends no signal: the generation stays, only the language differs.
    type(chair).objects.filter(pk=chair.pk).update(language="en")

    english = _main(client.get(DASHBOARD))

    assert "Prochaines réunions" in french
    assert "Upcoming meetings" not in french
    assert "Upcoming meetings" in english
    assert "Prochaines réunions" not in english


def test_a_write_shows_on_the_next_visit(client, chair, group):
    meeting = MeetingFactory(group=group, title="Plénière de rentrée")
    client.force_login(chair)
    client.get(DASHBOARD)
    meeting.title = "Plénière reportée"
    meeting.save()

    page = _main(client.get(DASHBOARD))

    assert "Plénière reportée" in page
    assert "Plénière de rentrée" not in page


def test_a_decided_request_leaves_the_cached_panel(client, chair, group):
    request_ = pending_in(group, member_of(CompanyFactory(), user__full_name="Paul Postulant"))
    client.force_login(chair)
    assert "Paul Postulant" in _main(client.get(DASHBOARD))
    Membership.objects.filter(pk=request_.pk).get().delete()

    assert "Paul Postulant" not in _main(client.get(DASHBOARD))


def test_the_generation_is_renewed_again_at_commit(chair, group, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(group=group)
    before = panels_key(chair.pk, at=MINUTE)

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        meeting.save()
        fresh = _building_fresh()  # the writing transaction builds its panels, caching none
    renewals = [callback for callback in callbacks if isinstance(callback, caching._StampWriter)]
    for callback in renewals:
        callback()

    after = panels_key(chair.pk, at=MINUTE)
    assert fresh is True
    assert len(renewals) == 1
    assert before != after


def test_a_sign_in_keeps_every_dashboard_cached_and_a_change_of_name_does_not(chair):
    before = panels_key(chair.pk, at=MINUTE)
    chair.last_login = timezone.now()
    chair.save(update_fields=["last_login"])
    after_sign_in = panels_key(chair.pk, at=MINUTE)

    chair.full_name = "Claire Autre-Nom"
    chair.save(update_fields=["full_name"])

    assert after_sign_in == before
    assert panels_key(chair.pk, at=MINUTE) != before


def test_cached_panels_hold_no_csrf_token_and_forms_carry_the_requests_own(client, chair, group):
    request_ = pending_in(group, member_of(CompanyFactory(), user__full_name="Paul Postulant"))
    client.force_login(chair)
    client.get(DASHBOARD)  # the panels are cached by this visit
    strict = client.__class__(enforce_csrf_checks=True)
    strict.force_login(chair)

    (token,) = set(_tokens(strict.get(DASHBOARD)))
    placeholder, panels = cache.get(panels_key(chair.pk))
    decided = strict.post(
        f"/groupes/participations/{request_.pk}/decision/", {"decision": "approve", "csrfmiddlewaretoken": token}
    )

    forms = [panel.html for panel in panels if "csrfmiddlewaretoken" in panel.html]
    assert forms
    assert all(placeholder in html and token not in html for html in forms)
    assert decided.status_code == 302
    request_.refresh_from_db()
    assert request_.status == "active"


def test_a_meeting_that_has_ended_leaves_the_panel_within_a_minute(client, chair, group):
    start = timezone.now().replace(microsecond=0)
    MeetingFactory(
        group=group, title="Point d’étape", starts_at=start - timedelta(hours=1), ends_at=start + timedelta(seconds=20)
    )
    client.force_login(chair)
    with time_machine.travel(start, tick=False):
        assert "Point d’étape" in _main(client.get(DASHBOARD))

    with time_machine.travel(start + timedelta(seconds=PANELS_TTL + 21), tick=False):
        page = _main(client.get(DASHBOARD))

    assert "Point d’étape" not in page


def test_a_new_member_of_a_group_sees_it_at_once(client, chair, group):
    newcomer = member_of(CompanyFactory(), user__full_name="Nina Nouvelle")
    client.force_login(newcomer)
    assert "Think tank" not in _main(client.get(DASHBOARD))

    active_in(group, newcomer)

    assert "Think tank" in _main(client.get(DASHBOARD))


def test_a_renamed_requester_is_shown_renamed(client, chair, group):
    requester = member_of(CompanyFactory(), user__full_name="Paul Postulant")
    pending_in(group, requester)
    client.force_login(chair)
    client.get(DASHBOARD)
    requester.full_name = "Paul Nouveau-Nom"
    requester.save()

    assert "Paul Nouveau-Nom" in _main(client.get(DASHBOARD))
