"""A mailing's groups: archived, unknown or too many groups are refused with a message, on the API and in
the services (the admin and the pages call them), and nothing is saved; a draft is rewritten through
``update_mailing``."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mailings import services
from mailings.models import Mailing, MailingStatus
from snitem_portal.exceptions import Conflict
from tests.groups.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


def _create(api_client, staff, segment):
    api_client.force_authenticate(staff)
    return api_client.post("/api/v1/mailings/", {"subject": "x", "body": "y", "segment": segment}, format="json")


def test_api_refuses_an_archived_group_and_saves_nothing(api_client, staff):
    active = WorkingGroupFactory(name="Groupe actif")
    archived = WorkingGroupFactory(name="Groupe archivé", is_active=False)

    response = _create(api_client, staff, {"groups": [active.pk, archived.pk]})

    assert response.status_code == 400
    assert response.json()["groups"] == ["Ces groupes sont archivés : Groupe archivé."]
    assert not Mailing.objects.exists()


def test_api_refuses_an_unknown_group_and_saves_nothing(api_client, staff):
    group = WorkingGroupFactory()

    response = _create(api_client, staff, {"groups": [group.pk, group.pk + 1000]})

    assert response.status_code == 400
    assert response.json()["groups"] == ["Ce groupe n'existe pas."]
    assert not Mailing.objects.exists()


@pytest.mark.parametrize(
    ("segment", "field"),
    [
        ({"groups": list(range(1, 102))}, "groups"),
        ({"groups": [2**64]}, "groups"),
        ({"all_members": True, "roles": ["members", "referents", "chairs", "chairs"]}, "roles"),
        ({"all_members": True, "company_statuses": ["active"] * 1000}, "company_statuses"),
    ],
    ids=["101 groups", "an id past bigint", "4 roles", "1000 statuses"],
)
def test_api_bounds_the_segment_lists(api_client, staff, segment, field):
    response = _create(api_client, staff, segment)

    assert response.status_code == 400
    assert list(response.json()["segment"]) == [field]
    assert not Mailing.objects.exists()


def test_api_accepts_the_most_groups_allowed(api_client, staff):
    groups = WorkingGroupFactory.create_batch(services.MAX_GROUPS)

    response = _create(api_client, staff, {"groups": [group.pk for group in groups]})

    assert response.status_code == 201
    assert Mailing.objects.get().groups.count() == services.MAX_GROUPS


def test_the_service_refuses_more_groups_than_allowed(staff):
    groups = WorkingGroupFactory.create_batch(services.MAX_GROUPS + 1)

    with pytest.raises(ValidationError) as refused:
        services.create_mailing(by=staff, subject="x", body="y", groups=groups)

    assert refused.value.message_dict == {"groups": ["Choisissez au plus 100 groupes."]}
    assert not Mailing.objects.exists()


@pytest.fixture
def draft(staff):
    return services.create_mailing(by=staff, subject="Brouillon", body="Corps", all_members=True)


def _snapshot(mailing):
    row = Mailing.objects.filter(pk=mailing.pk).values().get()
    return row, sorted(Mailing.objects.get(pk=mailing.pk).groups.values_list("pk", flat=True))


def test_update_mailing_rewrites_a_scheduled_mailing_and_keeps_its_date(staff, draft):
    group = WorkingGroupFactory()
    when = timezone.now() + timedelta(days=3)
    scheduled = services.send_mailing(mailing=draft, by=staff, version=draft.version, scheduled_at=when)

    updated = services.update_mailing(
        mailing=scheduled, by=staff, version=scheduled.version, subject=" Revue ", body="Texte", groups=[group.pk]
    )

    updated.refresh_from_db()
    assert (updated.subject, updated.status, updated.scheduled_at, updated.version, updated.all_members) == (
        "Revue",
        MailingStatus.SCHEDULED,
        when,
        3,
        False,
    )
    assert list(updated.groups.all()) == [group]


@pytest.mark.parametrize(
    ("who", "version", "error"),
    [("member", 1, PermissionDenied), ("staff", 0, Conflict), ("staff", None, ValidationError)],
)
def test_update_mailing_refuses_others_and_stale_versions(request, draft, who, version, error):
    before = _snapshot(draft)

    with pytest.raises(error):
        services.update_mailing(
            mailing=draft, by=request.getfixturevalue(who), version=version, subject="Autre", body="Autre"
        )

    assert _snapshot(draft) == before


def test_update_mailing_refuses_an_archived_group(staff, draft):
    archived = WorkingGroupFactory(name="Archivé", is_active=False)
    before = _snapshot(draft)

    with pytest.raises(ValidationError) as refused:
        services.update_mailing(
            mailing=draft, by=staff, version=draft.version, subject="x", body="y", groups=[archived]
        )

    assert refused.value.message_dict == {"groups": ["Ces groupes sont archivés : Archivé."]}
    assert _snapshot(draft) == before


def test_update_mailing_refuses_a_mailing_already_sending(staff, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        services.send_mailing(mailing=draft, by=staff, version=draft.version)
    draft.refresh_from_db()
    before = _snapshot(draft)

    with pytest.raises(Conflict):
        services.update_mailing(mailing=draft, by=staff, version=draft.version, subject="Trop tard", body="y")

    assert _snapshot(draft) == before
