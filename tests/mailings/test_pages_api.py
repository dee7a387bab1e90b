"""Pages and API of mailings: what staff do, what everyone else is refused (and nothing changes), query budgets."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mailings import delivery, services
from mailings.models import Delivery, Mailing, MailingStatus
from tests.factories import CompanyFactory, member_of

pytestmark = pytest.mark.django_db


def _sent(staff, subject="Lettre envoyée", **segment):
    mailing = services.create_mailing(by=staff, subject=subject, body="Corps", **(segment or {"all_members": True}))
    services.send_mailing(mailing=mailing, by=staff, version=mailing.version)
    delivery.send_batch(delivery_ids=delivery.start_mailing(mailing_id=mailing.pk))
    mailing.refresh_from_db()
    return mailing


def _snapshot():
    return (
        list(Mailing.objects.order_by("pk").values_list("pk", "status", "version", "subject")),
        list(Delivery.objects.order_by("pk").values_list("pk", "status")),
    )


@pytest.fixture
def draft(staff):
    return services.create_mailing(by=staff, subject="Brouillon", body="Corps", all_members=True)


# ---------------------------------------------------------------- staff pages


def test_staff_compose_then_see_recipients_then_send(
    client, staff, member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    response = client.post(
        reverse("mailings:compose"),
        {"subject": "Nouvelle", "body": "Texte", "all_members": "on", "company_statuses": ["active"]},
    )
    mailing = Mailing.objects.get(subject="Nouvelle")
    assert response.status_code == 302
    page = client.get(reverse("mailings:staff-detail", args=[mailing.pk]))
    assert member.email in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mailings:send", args=[mailing.pk]), {"version": mailing.version})
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    assert [m.to[0] for m in mailoutbox] == [member.email]


def test_compose_with_a_bad_segment_says_why_and_saves_nothing(client, staff):
    client.force_login(staff)
    response = client.post(reverse("mailings:compose"), {"subject": "X", "body": "Y", "company_statuses": ["active"]})
    assert response.status_code == 200
    assert "Choisissez au moins un groupe" in response.content.decode()
    assert not Mailing.objects.exists()


def test_send_with_a_stale_version_is_refused(client, staff, draft):
    client.force_login(staff)
    response = client.post(reverse("mailings:send", args=[draft.pk]), {"version": draft.version + 5})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == MailingStatus.DRAFT


def test_schedule_in_the_past_is_refused(client, staff, draft):
    client.force_login(staff)
    response = client.post(
        reverse("mailings:send", args=[draft.pk]), {"version": draft.version, "scheduled_at": "2020-01-01T10:00"}
    )
    assert "dans le futur" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == MailingStatus.DRAFT


STAFF_PAGES = [("get", "mailings:staff-list", False), ("get", "mailings:compose", False)]
STAFF_OBJECT_PAGES = [
    ("get", "mailings:staff-detail"),
    ("post", "mailings:send"),
    ("post", "mailings:send-test"),
]


@pytest.mark.parametrize("who", ["member", "referent", "outsider", "lonely_user"])
def test_staff_pages_refuse_everyone_else(client, request, who, draft, mailoutbox):
    client.force_login(request.getfixturevalue(who))
    before = _snapshot()
    for _method, name, _args in STAFF_PAGES:
        assert client.get(reverse(name)).status_code == 403
    assert (
        client.post(reverse("mailings:compose"), {"subject": "X", "body": "Y", "all_members": "on"}).status_code == 403
    )
    for method, name in STAFF_OBJECT_PAGES:
        response = getattr(client, method)(reverse(name, args=[draft.pk]), {"version": draft.version})
        assert response.status_code == 403
    assert _snapshot() == before
    assert mailoutbox == []


def test_staff_pages_send_anonymous_to_login(client, draft):
    before = _snapshot()
    urls = [reverse("mailings:staff-list"), reverse("mailings:compose"), reverse("mailings:archive")]
    urls += [reverse(name, args=[draft.pk]) for _m, name in STAFF_OBJECT_PAGES]
    urls.append(reverse("mailings:archive-detail", args=[draft.pk]))
    for url in urls:
        response = client.post(url, {"version": draft.version})
        assert response.status_code == 302
        assert "/compte/" in response["Location"]
    assert _snapshot() == before


# ---------------------------------------------------------------- archive


def test_archive_shows_what_the_person_was_sent_only(client, staff, member, outsider, group_world):
    to_everyone = _sent(staff, subject="Pour tous")
    to_group = _sent(staff, subject="Pour le groupe", groups=[group_world])
    draft = services.create_mailing(by=staff, subject="Pas encore", body="x", all_members=True)
    client.force_login(outsider)
    page = client.get(reverse("mailings:archive")).content.decode()
    assert "Pour tous" in page
    assert "Pour le groupe" not in page
    assert "Pas encore" not in page
    assert client.get(reverse("mailings:archive-detail", args=[to_group.pk])).status_code == 404
    assert client.get(reverse("mailings:archive-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("mailings:archive-detail", args=[to_everyone.pk])).status_code == 200
    client.force_login(member)
    assert client.get(reverse("mailings:archive-detail", args=[to_group.pk])).status_code == 200


@pytest.fixture
def group_world(member):
    from tests.groups.factories import WorkingGroupFactory, active_in

    group = WorkingGroupFactory(slug="lettres")
    active_in(group, member)
    return group


def _queries(client, user, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    client.get(url)  # the first request of a process also fills its per-process caches (the page frame)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_archive_and_staff_list_query_budget(client, staff, member):
    """1 and 10 mailings: the same number of queries."""
    pages = [(member, reverse("mailings:archive")), (staff, reverse("mailings:staff-list"))]
    _sent(staff, subject="Une")
    one = [_queries(client, user, url) for user, url in pages]
    for index in range(9):
        _sent(staff, subject=f"Lettre {index}")
    assert [_queries(client, user, url) for user, url in pages] == one


def test_staff_detail_query_budget(client, staff, member):
    """1 and 10 recipients: the same number of queries."""
    mailing = services.create_mailing(by=staff, subject="Brouillon", body="Corps", all_members=True)
    detail = reverse("mailings:staff-detail", args=[mailing.pk])
    one = _queries(client, staff, detail)
    company = CompanyFactory()
    for _ in range(9):
        member_of(company)
    assert _queries(client, staff, detail) == one


# ---------------------------------------------------------------- API


def test_api_create_send_and_read(api_client, staff, member, mailoutbox, django_capture_on_commit_callbacks):
    api_client.force_authenticate(staff)
    created = api_client.post(
        "/api/v1/mailings/",
        {"subject": "API", "body": "Texte", "segment": {"all_members": True, "roles": ["members"]}},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = api_client.post(f"/api/v1/mailings/{pk}/send/", {}, format="json")
    assert sent.status_code == 200
    read = api_client.get(f"/api/v1/mailings/{pk}/").json()
    assert (read["status"], read["recipients_count"], read["sent_count"]) == ("sent", 1, 1)
    assert api_client.post(f"/api/v1/mailings/{pk}/send/", {}, format="json").status_code == 409
    assert len(mailoutbox) == 1


def test_api_refuses_bad_input_with_400(api_client, staff):
    api_client.force_authenticate(staff)
    for body in [
        {"subject": "", "body": "x", "segment": {"all_members": True}},
        {"subject": "x", "body": "x", "segment": {"groups": []}},
        {"subject": "x", "body": "x", "segment": {"all_members": True, "roles": ["kings"]}},
        {"subject": "x", "body": "x", "segment": {"all_members": True}, "scheduled_at": "2001-01-01T00:00:00Z"},
    ]:
        assert api_client.post("/api/v1/mailings/", body, format="json").status_code == 400
    assert not Mailing.objects.exists()


def test_api_schedules(api_client, staff):
    api_client.force_authenticate(staff)
    when = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    response = api_client.post(
        "/api/v1/mailings/",
        {"subject": "x", "body": "y", "segment": {"all_members": True}, "scheduled_at": when},
        format="json",
    )
    assert response.json()["status"] == "scheduled"


@pytest.mark.parametrize("who", ["member", "referent", "outsider", "lonely_user", None])
def test_api_refuses_everyone_but_staff(api_client, request, who, draft, mailoutbox):
    if who:
        api_client.force_authenticate(request.getfixturevalue(who))
    before = _snapshot()
    created = api_client.post(
        "/api/v1/mailings/", {"subject": "x", "body": "y", "segment": {"all_members": True}}, format="json"
    )
    assert created.status_code in (401, 403)
    assert api_client.get(f"/api/v1/mailings/{draft.pk}/").status_code in ((404,) if who else (401, 403))
    assert api_client.post(f"/api/v1/mailings/{draft.pk}/send/", {}, format="json").status_code in (
        (404,) if who else (401, 403)
    )
    assert _snapshot() == before
    assert mailoutbox == []


def test_api_unknown_mailing_is_404(api_client, staff):
    api_client.force_authenticate(staff)
    assert api_client.get("/api/v1/mailings/999999/").status_code == 404
    assert api_client.get("/api/v1/mailings/99999999999999999999/").status_code == 404
