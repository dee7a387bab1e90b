import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from groups import services
from groups.enums import GroupRole, MembershipStatus
from groups.models import Membership, WorkingGroup
from tests.factories import member_of

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


# Changes a rule guards go through the services, from the change form and the actions alike.


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_admin_cannot_demote_the_last_chair(admin_client_, moderated_group, chair):
    membership = Membership.objects.get(user=chair, group=moderated_group)

    response = admin_client_.post(
        f"/admin/groups/membership/{membership.pk}/change/",
        {"role": GroupRole.MEMBER, "status": MembershipStatus.ACTIVE, "decision_message": ""},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Claire Présidente est seul·e à présider « Think tank » : nommez d'abord une autre présidence."
    ]
    membership.refresh_from_db()
    assert (membership.role, membership.status) == (GroupRole.CHAIR, MembershipStatus.ACTIVE)


def test_admin_names_a_chair_then_the_former_chair_steps_down(
    admin_client_, moderated_group, chair, member, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer = active_in(moderated_group, member)
    former = Membership.objects.get(user=chair, group=moderated_group)
    url = "/admin/groups/membership/"

    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(url, {"action": "make_chair", "_selected_action": [newcomer.pk]}, follow=True)
        response = admin_client_.post(url, {"action": "make_member", "_selected_action": [former.pk]}, follow=True)

    assert list(
        Membership.objects.filter(group=moderated_group).order_by("user__email").values_list("user__email", "role")
    ) == [("chair@chair.example", GroupRole.MEMBER), ("member@company.example", GroupRole.CHAIR)]
    assert _messages(response) == ["1 rôle(s) modifié(s)."]
    assert [m.to for m in mailoutbox] == [[member.email], [chair.email]]


def test_admin_approval_keeps_the_seat_cap(admin_client_, company, member, moderated_group, chair):
    moderated_group.seats_per_company = 1
    moderated_group.save()
    active_in(moderated_group, member_of(company, user__full_name="Paul Premier"))
    request = pending_in(moderated_group, member)

    response = admin_client_.post(
        "/admin/groups/membership/", {"action": "approve", "_selected_action": [request.pk]}, follow=True
    )

    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING
    assert _messages(response) == [
        f"{request} : Ce groupe ouvre 1 siège par entreprise et {company.name} l'occupe déjà : Paul Premier.",
        "0 demande(s) traitée(s).",
    ]


def test_admin_ending_a_seat_ends_the_subgroup_seats_too(admin_client_, moderated_group, chair, member):
    subgroup = WorkingGroupFactory(parent=moderated_group, name="Sous-groupe")
    seat, sub_seat = active_in(moderated_group, member), active_in(subgroup, member)

    response = admin_client_.post(
        f"/admin/groups/membership/{seat.pk}/change/",
        {"role": GroupRole.MEMBER, "status": MembershipStatus.LEFT, "decision_message": ""},
    )

    assert response.status_code == 302
    assert [Membership.objects.get(pk=m.pk).status for m in (seat, sub_seat)] == [MembershipStatus.LEFT] * 2


def test_admin_archives_groups(admin_client_, open_group, moderated_group):
    response = admin_client_.post(
        "/admin/groups/workinggroup/",
        {"action": "archive", "_selected_action": [open_group.pk, moderated_group.pk]},
        follow=True,
    )

    assert list(WorkingGroup.objects.order_by("pk").values_list("is_active", flat=True)) == [False, False]
    assert _messages(response) == ["2 groupe(s) archivé(s)."]


# The meeting's workspace inlines (meetings.admin): empty management forms.
MEETING_INLINES = {
    f"{prefix}-{name}": "0"
    for prefix in ("agenda_items", "registrations", "attendances", "minutes")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def _meeting_form(meeting, **changes) -> dict:
    starts_at, ends_at = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return {
        **MEETING_INLINES,
        "title": meeting.title,
        "starts_at_0": starts_at.strftime("%d/%m/%Y"),
        "starts_at_1": starts_at.strftime("%H:%M"),
        "ends_at_0": ends_at.strftime("%d/%m/%Y"),
        "ends_at_1": ends_at.strftime("%H:%M"),
        "place": meeting.place,
        "video_url": meeting.video_url,
        "agenda": meeting.agenda,
        "read_version": meeting.version,
        **changes,
    }


def test_admin_moving_a_meeting_emails_the_members(
    admin_client_, moderated_group, chair, member, mailoutbox, django_capture_on_commit_callbacks
):
    active_in(moderated_group, member)
    meeting = MeetingFactory(group=moderated_group, title="Plénière")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            f"/admin/groups/meeting/{meeting.pk}/change/",
            _meeting_form(
                meeting, starts_at_0="11/06/2030", starts_at_1="14:00", ends_at_0="11/06/2030", ends_at_1="16:00"
            ),
        )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M") == "11/06/2030 14:00"
    assert sorted(m.to[0] for m in mailoutbox) == [chair.email, member.email]
    assert {m.subject for m in mailoutbox} == {"Nouvel horaire : Plénière (Think tank)"}


def test_admin_cannot_move_a_meeting_into_the_past(admin_client_, moderated_group, chair, mailoutbox):
    meeting = MeetingFactory(group=moderated_group)
    before = (meeting.starts_at, meeting.ends_at)

    response = admin_client_.post(
        f"/admin/groups/meeting/{meeting.pk}/change/", _meeting_form(meeting, starts_at_0="01/01/2020")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["starts_at"] == ["La réunion doit commencer dans le futur."]
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at) == before
    assert mailoutbox == []


def test_admin_edit_from_a_stale_page_keeps_the_other_change(admin_client_, staff, moderated_group, chair):
    meeting = MeetingFactory(group=moderated_group, title="Plénière")
    stale_form = _meeting_form(meeting, title="Titre écrasé", starts_at_0="12/06/2030", ends_at_0="12/06/2030")
    services.update_meeting(meeting=meeting, by=chair, version=meeting.version, place="Salle B")

    response = admin_client_.post(f"/admin/groups/meeting/{meeting.pk}/change/", stale_form)

    meeting.refresh_from_db()
    assert response.status_code == 200
    assert "modifiée entre-temps" in response.content.decode()
    assert (meeting.title, meeting.place, meeting.version) == ("Plénière", "Salle B", 2)


def test_admin_cancelling_meetings_emails_the_members(
    admin_client_, staff, moderated_group, chair, member, mailoutbox, django_capture_on_commit_callbacks
):
    active_in(moderated_group, member)
    meeting = MeetingFactory(group=moderated_group, title="Plénière")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            "/admin/groups/meeting/", {"action": "cancel", "_selected_action": [meeting.pk]}, follow=True
        )

    meeting.refresh_from_db()
    assert (meeting.is_cancelled, meeting.cancelled_by) == (True, staff)
    assert sorted(m.to[0] for m in mailoutbox) == [chair.email, member.email]
    assert _messages(response) == ["1 réunion(s) annulée(s)."]


def test_admin_schedules_a_meeting_through_the_service(admin_client_, staff, moderated_group, chair):
    data = {
        **MEETING_INLINES,
        "group": moderated_group.pk,
        "title": "Atelier",
        "starts_at_0": "11/06/2030",
        "starts_at_1": "14:00",
        "ends_at_0": "11/06/2030",
        "ends_at_1": "16:00",
        "place": "Paris",
        "video_url": "",
        "agenda": "",
    }

    response = admin_client_.post("/admin/groups/meeting/add/", data)
    past = admin_client_.post(
        "/admin/groups/meeting/add/", {**data, "starts_at_0": "11/06/2020", "ends_at_0": "11/06/2020"}
    )

    assert response.status_code == 302
    assert list(moderated_group.meetings.values_list("title", "created_by")) == [("Atelier", staff.pk)]
    assert past.context["adminform"].form.errors["starts_at"] == ["La réunion doit commencer dans le futur."]


def test_admin_new_membership_is_a_join_on_the_persons_behalf(
    admin_client_, open_group, moderated_group, chair, member
):
    former = active_in(open_group, member)
    former.status = MembershipStatus.LEFT
    former.save()
    url = "/admin/groups/membership/add/"

    requested = admin_client_.post(url, {"user": member.pk, "group": moderated_group.pk})
    rejoined = admin_client_.post(url, {"user": member.pk, "group": open_group.pk})
    again = admin_client_.post(url, {"user": member.pk, "group": moderated_group.pk})

    assert (requested.status_code, rejoined.status_code) == (302, 302)
    assert list(
        Membership.objects.filter(user=member).order_by("group__name").values_list("group__name", "status")
    ) == [
        ("Formation", MembershipStatus.ACTIVE),
        ("Think tank", MembershipStatus.PENDING),
    ]
    assert again.context["adminform"].form.non_field_errors() == [
        "Cette personne participe déjà à ce groupe (ou l'a déjà demandé)."
    ]
