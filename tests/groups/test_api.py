import pytest

from groups.enums import MembershipStatus
from groups.models import Membership
from tests.factories import CompanyFactory, member_of

from .factories import MembershipFactory, WorkingGroupFactory, active_in, chair_of, pending_in


def _groups(n, **kwargs):
    return [WorkingGroupFactory(**kwargs) for _ in range(n)]


def test_group_list_fields(api_client, member, moderated_group, chair):
    active_in(moderated_group, member)
    child = WorkingGroupFactory(name="Sous-groupe", slug="sous-groupe", parent=moderated_group)
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/groups/")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (2, None, None)
    mine = next(m for m in Membership.objects.filter(user=member))
    assert body["results"] == [
        {
            "id": child.pk,
            "slug": "sous-groupe",
            "name": "Sous-groupe",
            "description": "Un groupe de travail.",
            "parent": "think-tank",
            "is_open": True,
            "member_count": 0,
            "chairs": [],
            "my_membership": None,
            "web_url": "http://127.0.0.1:8000/groupes/sous-groupe/",
        },
        {
            "id": moderated_group.pk,
            "slug": "think-tank",
            "name": "Think tank",
            "description": "Un groupe de travail.",
            "parent": None,
            "is_open": False,
            "member_count": 2,
            "chairs": [{"id": chair.pk, "full_name": "Claire Présidente", "role": "chair"}],
            "my_membership": {"id": mine.pk, "status": "active", "role": "member"},
            "web_url": "http://127.0.0.1:8000/groupes/think-tank/",
        },
    ]


@pytest.mark.parametrize("count", [1, 10])
def test_group_list_query_budget(api_client, member, count, django_assert_num_queries):
    for group in _groups(count):
        chair_of(group, member_of(CompanyFactory()))
        active_in(group, member)
    api_client.force_authenticate(member)

    with django_assert_num_queries(5):
        response = api_client.get("/api/v1/groups/")

    assert response.json()["count"] == count


def test_group_list_filters_by_parent_and_search(api_client, member, open_group):
    WorkingGroupFactory(name="Export et international", slug="export", parent=open_group)
    WorkingGroupFactory(name="Accès au marché", slug="acces", parent=open_group)
    api_client.force_authenticate(member)

    by_parent = api_client.get("/api/v1/groups/", {"parent": "formation"}).json()
    by_search = api_client.get("/api/v1/groups/", {"search": "export"}).json()

    assert [g["slug"] for g in by_parent["results"]] == ["acces", "export"]
    assert [g["slug"] for g in by_search["results"]] == ["export"]


def test_archived_group_is_hidden_from_members(api_client, member, open_group):
    open_group.is_active = False
    open_group.save()
    api_client.force_authenticate(member)

    assert api_client.get("/api/v1/groups/formation/").status_code == 404
    assert api_client.get("/api/v1/groups/").json()["count"] == 0


def test_groups_need_authentication_and_membership(api_client, lonely_user, open_group):
    assert api_client.get("/api/v1/groups/").status_code == 401
    api_client.force_authenticate(lonely_user)
    assert api_client.get("/api/v1/groups/").status_code == 403


def test_join_then_repeat_returns_the_same_membership(api_client, member, moderated_group, chair):
    api_client.force_authenticate(member)

    first = api_client.post("/api/v1/groups/think-tank/join/")
    again = api_client.post("/api/v1/groups/think-tank/join/")

    assert first.status_code == 201
    assert again.status_code == 200
    membership = Membership.objects.get(user=member, group=moderated_group)
    assert first.json() == again.json() == {"id": membership.pk, "status": "pending", "role": "member"}


def test_join_open_group_is_active(api_client, member, open_group):
    api_client.force_authenticate(member)

    response = api_client.post("/api/v1/groups/formation/join/")

    assert response.status_code == 201
    assert response.json()["status"] == "active"


def test_join_refused_by_seat_cap_is_400_with_message(api_client, company, member, open_group):
    open_group.seats_per_company = 1
    open_group.save()
    active_in(open_group, member_of(company, user__full_name="Alice Alpha"))
    api_client.force_authenticate(member)

    response = api_client.post("/api/v1/groups/formation/join/")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Ce groupe ouvre 1 siège par entreprise et Demo Company 1 l'occupe déjà : Alice Alpha."
    }
    assert not Membership.objects.filter(user=member).exists()


def test_leave_is_204(api_client, member, open_group):
    active_in(open_group, member)
    api_client.force_authenticate(member)

    response = api_client.post("/api/v1/groups/formation/leave/")

    assert response.status_code == 204
    assert Membership.objects.get(user=member).status == MembershipStatus.LEFT


def test_last_chair_leave_is_400(api_client, chair, moderated_group):
    api_client.force_authenticate(chair)

    response = api_client.post("/api/v1/groups/think-tank/leave/")

    assert response.status_code == 400
    assert "seul·e à présider" in response.json()["detail"]
    assert Membership.objects.get(user=chair).status == MembershipStatus.ACTIVE


def test_memberships_for_chair_filtered_by_status(api_client, chair, member, outsider, moderated_group):
    pending = pending_in(moderated_group, member)
    active_in(moderated_group, outsider)
    api_client.force_authenticate(chair)

    response = api_client.get("/api/v1/groups/think-tank/memberships/", {"status": "pending"})

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": pending.pk,
            "group": "think-tank",
            "user": {"id": member.pk, "full_name": "Marie Membre"},
            "company": {"id": member.affiliations.get().company_id, "name": "Demo Company 1"},
            "role": "member",
            "status": "pending",
            "requested_at": pending.requested_at.astimezone().isoformat(),
            "decided_at": None,
            "decided_by": None,
            "decision_message": "",
        }
    ]


def test_memberships_unknown_status_is_400(api_client, chair, moderated_group):
    api_client.force_authenticate(chair)

    response = api_client.get("/api/v1/groups/think-tank/memberships/", {"status": "bogus"})

    assert response.status_code == 400
    assert "status" in response.json()


@pytest.mark.parametrize("count", [1, 10])
def test_memberships_query_budget(api_client, chair, moderated_group, count, django_assert_num_queries):
    for _ in range(count):
        pending_in(moderated_group, member_of(CompanyFactory()))
    api_client.force_authenticate(chair)

    with django_assert_num_queries(6):
        response = api_client.get("/api/v1/groups/think-tank/memberships/", {"status": "pending"})

    assert response.json()["count"] == count


def test_memberships_denied_to_plain_member(api_client, member, outsider, moderated_group, chair):
    active_in(moderated_group, outsider)
    pending_in(moderated_group, member)
    api_client.force_authenticate(outsider)

    response = api_client.get("/api/v1/groups/think-tank/memberships/")

    assert response.status_code == 403
    assert "results" not in response.json()


def test_approve_by_chair(api_client, chair, member, moderated_group, mailoutbox, django_capture_on_commit_callbacks):
    request = pending_in(moderated_group, member)
    api_client.force_authenticate(chair)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(f"/api/v1/memberships/{request.pk}/approve/", {"message": "Bienvenue"})

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["decision_message"]) == (request.pk, "active", "Bienvenue")
    assert body["decided_by"] == {"id": chair.pk, "full_name": "Claire Présidente"}
    assert [m.to for m in mailoutbox] == [[member.email]]


def test_reject_by_staff(api_client, staff, member, moderated_group):
    request = pending_in(moderated_group, member)
    api_client.force_authenticate(staff)

    response = api_client.post(f"/api/v1/memberships/{request.pk}/reject/")

    assert response.status_code == 200
    assert response.json()["status"] == "rejected"


def test_approve_already_decided_is_409(api_client, chair, member, moderated_group):
    request = MembershipFactory(group=moderated_group, user=member, status=MembershipStatus.REJECTED)
    api_client.force_authenticate(chair)

    response = api_client.post(f"/api/v1/memberships/{request.pk}/approve/")

    assert response.status_code == 409
    assert response.json() == {"detail": "Cette demande a déjà été traitée (statut : refusée)."}
    request.refresh_from_db()
    assert request.status == MembershipStatus.REJECTED


def test_plain_member_of_the_group_cannot_approve(api_client, outsider, member, moderated_group, chair):
    active_in(moderated_group, outsider)
    request = pending_in(moderated_group, member)
    api_client.force_authenticate(outsider)

    response = api_client.post(f"/api/v1/memberships/{request.pk}/approve/")

    assert response.status_code == 403
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (MembershipStatus.PENDING, None)


def test_member_of_another_group_cannot_approve(api_client, outsider, member, moderated_group, open_group, chair):
    chair_of(open_group, outsider)
    request = pending_in(moderated_group, member)
    api_client.force_authenticate(outsider)

    response = api_client.post(f"/api/v1/memberships/{request.pk}/approve/")

    assert response.status_code == 404
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (MembershipStatus.PENDING, None)


def test_anonymous_cannot_approve(api_client, member, moderated_group, chair):
    request = pending_in(moderated_group, member)

    response = api_client.post(f"/api/v1/memberships/{request.pk}/approve/")

    assert response.status_code == 401
    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING


def test_approve_message_too_long_is_400(api_client, chair, member, moderated_group):
    request = pending_in(moderated_group, member)
    api_client.force_authenticate(chair)

    response = api_client.post(f"/api/v1/memberships/{request.pk}/approve/", {"message": "x" * 2001})

    assert response.status_code == 400
    assert "message" in response.json()
    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING
