"""Minutes in search: draft minutes for the group's chairs and staff, circulated ones for its members,
never for anyone else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.enums import MinutesStatus
from meetings.services import save_minutes
from search.selectors import Search

pytestmark = pytest.mark.django_db


def _counts(user, text) -> dict:
    return Search(user, text).counts


def test_minutes_are_found_by_who_may_read_them(
    postgres_only, meeting, chair, attendee, outsider, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        minutes = save_minutes(
            meeting=meeting, by=chair, text="Décision : audit de cybersécurité.", status=MinutesStatus.DRAFT, version=0
        )

    draft = {who: _counts(user, "cybersécurité") for who, user in _people(chair, attendee, outsider, staff).items()}

    with django_capture_on_commit_callbacks(execute=True):
        save_minutes(
            meeting=meeting, by=chair, text=minutes.text, status=MinutesStatus.CIRCULATED, version=minutes.version
        )

    circulated = {
        who: _counts(user, "cybersécurité") for who, user in _people(chair, attendee, outsider, staff).items()
    }
    assert draft == {"chair": {"minutes": 1}, "member": {}, "other company": {}, "staff": {"minutes": 1}, "visitor": {}}
    assert circulated == {
        "chair": {"minutes": 1},
        "member": {"minutes": 1},
        "other company": {},
        "staff": {"minutes": 1},
        "visitor": {},
    }
    [hit] = Search(attendee, "cybersécurité").ranked()[:1]
    assert (hit.title, hit.url) == ("Comité de rentrée — Réglementaire", minutes.get_absolute_url())


def _people(chair, attendee, outsider, staff) -> dict:
    return {
        "chair": chair,
        "member": attendee,
        "other company": outsider,
        "staff": staff,
        "visitor": AnonymousUser(),
    }
