import pytest

from groups.enums import MembershipStatus
from groups.models import Membership

from .factories import MeetingFactory, WorkingGroupFactory, active_in, pending_in


@pytest.fixture
def admin_client_(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


def test_admin_pages_load(admin_client_, member, moderated_group, chair):
    pending_in(moderated_group, member)
    MeetingFactory(group=moderated_group)
    WorkingGroupFactory(parent=moderated_group)

    pages = [
        "/admin/groups/workinggroup/",
        f"/admin/groups/workinggroup/{moderated_group.pk}/change/",
        "/admin/groups/membership/?status=pending",
        "/admin/groups/meeting/",
    ]

    assert [admin_client_.get(page).status_code for page in pages] == [200, 200, 200, 200]


def test_admin_bulk_approve(admin_client_, member, outsider, moderated_group, chair, mailoutbox):
    requests = [pending_in(moderated_group, member), pending_in(moderated_group, outsider)]

    response = admin_client_.post(
        "/admin/groups/membership/",
        {"action": "approve", "_selected_action": [r.pk for r in requests]},
        follow=True,
    )

    assert response.status_code == 200
    assert sorted(Membership.objects.filter(user__in=[member, outsider]).values_list("status", flat=True)) == [
        MembershipStatus.ACTIVE,
        MembershipStatus.ACTIVE,
    ]


def test_admin_bulk_reject_skips_decided(admin_client_, member, outsider, moderated_group, chair):
    pending = pending_in(moderated_group, member)
    active = active_in(moderated_group, outsider)

    admin_client_.post("/admin/groups/membership/", {"action": "reject", "_selected_action": [pending.pk, active.pk]})

    pending.refresh_from_db()
    active.refresh_from_db()
    assert (pending.status, active.status) == (MembershipStatus.REJECTED, MembershipStatus.ACTIVE)


def test_admin_export_memberships_csv(admin_client_, member, moderated_group, chair):
    pending_in(moderated_group, member)

    response = admin_client_.post(
        "/admin/groups/membership/export/",
        {
            "format": "0",
            **{
                f"membershipresource_{name}": "on"
                for name in (
                    "id",
                    "group_name",
                    "email",
                    "full_name",
                    "company_name",
                    "role",
                    "status",
                    "requested_at",
                    "decided_at",
                )
            },
        },
    )

    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "id,group,email,full_name,company,role,status,requested_at,decided_at"
    assert sorted(line.split(",")[2:7] for line in lines[1:]) == [
        ["chair@chair.example", "Claire Présidente", "Entreprise Présidente", "chair", "active"],
        ["member@company.example", "Marie Membre", "Demo Company 1", "member", "pending"],
    ]


def test_admin_history_records_decisions(admin_client_, member, moderated_group, chair):
    request = pending_in(moderated_group, member)
    admin_client_.post("/admin/groups/membership/", {"action": "approve", "_selected_action": [request.pk]})

    response = admin_client_.get(f"/admin/groups/membership/{request.pk}/history/")

    assert response.status_code == 200
    assert [h.status for h in request.history.order_by("history_date")] == ["pending", "active"]
