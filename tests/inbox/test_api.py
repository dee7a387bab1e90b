"""GET /api/v1/notifications/, POST …/{id}/read/ and …/read-all/: one's own, and nobody else's."""

import pytest
from django.utils import timezone

from inbox.models import Notification

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def _state():
    return sorted(Notification.objects.values_list("pk", "read_at"))


def test_list_gives_the_contract_fields_of_own_notifications(api_client, member, outsider, settings):
    mine = NotificationFactory(recipient=member, kind="meeting", title="Réunion annulée", url="/groupes/x/")
    NotificationFactory(recipient=outsider, title="Pas pour vous")
    api_client.force_authenticate(member)

    response = api_client.get(URL)

    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"] == [
        {
            "id": mine.pk,
            "kind": "meeting",
            "title": "Réunion annulée",
            "url": f"{settings.SITE_URL}/groupes/x/",
            "created_at": response.json()["results"][0]["created_at"],
            "read_at": None,
        }
    ]


def test_unread_filter(api_client, member):
    NotificationFactory(recipient=member, title="Lue", read_at=timezone.now())
    NotificationFactory(recipient=member, title="Pas lue")
    api_client.force_authenticate(member)

    unread = api_client.get(URL, {"unread": "1"}).json()
    everything = api_client.get(URL, {"unread": "0"}).json()

    assert [row["title"] for row in unread["results"]] == ["Pas lue"]
    assert [row["title"] for row in everything["results"]] == ["Pas lue", "Lue"]


def test_bad_unread_value_is_a_400(api_client, member):
    api_client.force_authenticate(member)

    response = api_client.get(URL, {"unread": "peut-être"})

    assert response.status_code == 400
    assert "unread" in response.json()


def test_read_marks_own_notification_once(api_client, member):
    notification = NotificationFactory(recipient=member)
    api_client.force_authenticate(member)

    first = api_client.post(f"{URL}{notification.pk}/read/")
    second = api_client.post(f"{URL}{notification.pk}/read/")

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["read_at"] is not None
    assert second.json()["read_at"] == first.json()["read_at"]


def test_reading_another_persons_notification_is_404_and_changes_nothing(api_client, member, outsider):
    theirs = NotificationFactory(recipient=outsider)
    before = _state()
    api_client.force_authenticate(member)

    response = api_client.post(f"{URL}{theirs.pk}/read/")

    assert response.status_code == 404
    assert _state() == before


def test_read_all_marks_only_own(api_client, member, outsider):
    NotificationFactory(recipient=member)
    NotificationFactory(recipient=member, read_at=timezone.now())
    theirs = NotificationFactory(recipient=outsider)
    api_client.force_authenticate(member)

    response = api_client.post(f"{URL}read-all/")

    assert response.json() == {"marked": 1}
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_newcomer_without_company_reads_their_notifications(api_client, lonely_user):
    NotificationFactory(recipient=lonely_user, kind="affiliation_decided")
    api_client.force_authenticate(lonely_user)

    response = api_client.get(URL)

    assert response.json()["count"] == 1


@pytest.mark.parametrize(("method", "path"), [("get", ""), ("post", "read-all/"), ("post", "{pk}/read/")])
def test_anonymous_is_401_and_nothing_changes(api_client, member, method, path):
    notification = NotificationFactory(recipient=member)
    before = _state()

    response = getattr(api_client, method)(URL + path.format(pk=notification.pk))

    assert response.status_code == 401
    assert _state() == before


@pytest.mark.parametrize("count", [1, 10])
def test_list_query_budget(api_client, member, count, django_assert_num_queries):
    for _ in range(count):
        NotificationFactory(recipient=member)
    api_client.force_authenticate(member)

    with django_assert_num_queries(2):  # count, page
        response = api_client.get(URL)

    assert len(response.json()["results"]) == count
