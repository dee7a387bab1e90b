from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from groups import services
from groups.enums import GroupRole, MembershipStatus
from groups.models import Meeting, Membership
from snitem_portal.exceptions import Conflict
from tests.factories import member_of

from .factories import MembershipFactory, WorkingGroupFactory, active_in, chair_of, pending_in


def test_join_open_group_is_active_at_once(member, open_group, mailoutbox):
    membership, changed = services.join_group(user=member, group=open_group)

    assert changed is True
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, GroupRole.MEMBER)
    assert membership.decided_at is not None
    assert mailoutbox == []


def test_join_moderated_group_is_a_request_emailed_to_chairs(
    member, moderated_group, chair, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership, changed = services.join_group(user=member, group=moderated_group)

    assert (changed, membership.status) == (True, MembershipStatus.PENDING)
    assert [m.to for m in mailoutbox] == [[chair.email]]
    assert mailoutbox[0].subject == "Marie Membre demande à rejoindre « Think tank »"


def test_double_join_is_idempotent(member, moderated_group):
    first, _ = services.join_group(user=member, group=moderated_group)

    second, changed = services.join_group(user=member, group=moderated_group)

    assert (second.pk, changed, second.status) == (first.pk, False, MembershipStatus.PENDING)
    assert Membership.objects.filter(user=member, group=moderated_group).count() == 1


def test_join_again_after_leaving_reuses_the_row_as_plain_member(member, open_group):
    old = MembershipFactory(user=member, group=open_group, status=MembershipStatus.LEFT, role=GroupRole.CHAIR)

    membership, changed = services.join_group(user=member, group=open_group)

    assert (membership.pk, changed) == (old.pk, True)
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, GroupRole.MEMBER)


def test_join_refused_without_an_active_company(lonely_user, open_group):
    with pytest.raises(ValidationError, match="Seuls les membres d'une entreprise adhérente active"):
        services.join_group(user=lonely_user, group=open_group)

    assert not Membership.objects.exists()


def test_join_refused_when_company_is_suspended(member, company, open_group):
    company.status = "suspended"
    company.save()
    member.refresh_from_db()

    with pytest.raises(ValidationError):
        services.join_group(user=member, group=open_group)

    assert not Membership.objects.exists()


def test_join_refused_for_archived_group(member, open_group):
    open_group.is_active = False
    open_group.save()

    with pytest.raises(ValidationError, match="archivé"):
        services.join_group(user=member, group=open_group)

    assert not Membership.objects.exists()


def test_subgroup_of_moderated_group_requires_parent_membership(member, moderated_group):
    subgroup = WorkingGroupFactory(parent=moderated_group, is_open=True)

    with pytest.raises(ValidationError, match="réservé aux membres du groupe « Think tank »"):
        services.join_group(user=member, group=subgroup)

    assert not Membership.objects.filter(group=subgroup).exists()


def test_subgroup_of_moderated_group_open_to_parent_members(member, moderated_group):
    subgroup = WorkingGroupFactory(parent=moderated_group, is_open=True)
    active_in(moderated_group, member)

    membership, _ = services.join_group(user=member, group=subgroup)

    assert membership.status == MembershipStatus.ACTIVE


def test_subgroup_of_open_group_needs_no_parent_membership(member, open_group):
    subgroup = WorkingGroupFactory(parent=open_group, is_open=True)

    membership, _ = services.join_group(user=member, group=subgroup)

    assert membership.status == MembershipStatus.ACTIVE


def test_seat_cap_names_the_colleagues_holding_the_seats(company, member, open_group):
    open_group.seats_per_company = 2
    open_group.save()
    for name in ("Alice Alpha", "Bruno Beta"):
        active_in(open_group, member_of(company, user__full_name=name))

    with pytest.raises(ValidationError) as error:
        services.join_group(user=member, group=open_group)

    assert error.value.messages == [
        "Ce groupe ouvre 2 sièges par entreprise et Demo Company 1 les occupe déjà : Alice Alpha, Bruno Beta."
    ]
    assert not Membership.objects.filter(user=member).exists()


def test_seat_cap_counts_only_own_company(member, outsider, open_group):
    open_group.seats_per_company = 1
    open_group.save()
    active_in(open_group, outsider)

    membership, _ = services.join_group(user=member, group=open_group)

    assert membership.status == MembershipStatus.ACTIVE


def test_leave_group(member, open_group):
    active_in(open_group, member)

    membership = services.leave_group(user=member, group=open_group)

    assert membership.status == MembershipStatus.LEFT


def test_leave_without_membership_does_nothing(member, open_group):
    assert services.leave_group(user=member, group=open_group) is None


def test_last_chair_cannot_leave(chair, moderated_group):
    with pytest.raises(ValidationError, match="seul·e à présider"):
        services.leave_group(user=chair, group=moderated_group)

    assert Membership.objects.get(user=chair).status == MembershipStatus.ACTIVE


def test_chair_can_leave_when_a_co_chair_remains(chair, moderated_group, member):
    chair_of(moderated_group, member, role=GroupRole.CO_CHAIR)

    membership = services.leave_group(user=chair, group=moderated_group)

    assert membership.status == MembershipStatus.LEFT


def test_approve_request_emails_requester(
    member, moderated_group, chair, mailoutbox, django_capture_on_commit_callbacks
):
    request = pending_in(moderated_group, member)

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_membership(membership=request, by=chair, message="Bienvenue !")

    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decision_message) == (
        MembershipStatus.ACTIVE,
        chair,
        "Bienvenue !",
    )
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert mailoutbox[0].subject == "Bienvenue dans le groupe « Think tank »"
    assert "Bienvenue !" in mailoutbox[0].body
    assert request.history.first().history_change_reason == "approve"


def test_reject_request_with_message(member, moderated_group, chair, mailoutbox, django_capture_on_commit_callbacks):
    request = pending_in(moderated_group, member)

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_membership(membership=request, by=chair, message="Groupe complet.")

    request.refresh_from_db()
    assert request.status == MembershipStatus.REJECTED
    assert mailoutbox[0].subject == "Votre demande pour le groupe « Think tank » n'est pas retenue"
    assert "Groupe complet." in mailoutbox[0].body


def test_deciding_an_already_decided_request_is_a_conflict(member, moderated_group, chair, staff):
    request = pending_in(moderated_group, member)
    services.approve_membership(membership=request, by=chair)

    with pytest.raises(Conflict, match="déjà été traitée"):
        services.reject_membership(membership=request, by=staff)

    request.refresh_from_db()
    assert (request.status, request.decided_by) == (MembershipStatus.ACTIVE, chair)


def test_plain_member_cannot_decide(member, moderated_group, chair, outsider):
    active_in(moderated_group, outsider)
    request = pending_in(moderated_group, member)

    with pytest.raises(PermissionDenied):
        services.approve_membership(membership=request, by=outsider)

    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING


def test_chair_of_another_group_cannot_decide(member, moderated_group, outsider, open_group):
    chair_of(open_group, outsider)
    request = pending_in(moderated_group, member)

    with pytest.raises(PermissionDenied):
        services.approve_membership(membership=request, by=outsider)

    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING


def test_approval_rechecks_the_seat_cap(company, member, moderated_group, chair):
    moderated_group.seats_per_company = 1
    moderated_group.save()
    request = pending_in(moderated_group, member)
    active_in(moderated_group, member_of(company, user__full_name="Alice Alpha"))

    with pytest.raises(ValidationError, match="Alice Alpha"):
        services.approve_membership(membership=request, by=chair)

    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING


def test_schedule_meeting_by_chair(chair, moderated_group):
    starts = timezone.now() + timedelta(days=3)

    meeting = services.schedule_meeting(
        group=moderated_group,
        by=chair,
        title="Plénière",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )

    assert Meeting.objects.get() == meeting
    assert meeting.created_by == chair


def test_schedule_meeting_refused_to_plain_member(member, moderated_group):
    active_in(moderated_group, member)
    starts = timezone.now() + timedelta(days=3)

    with pytest.raises(PermissionDenied):
        services.schedule_meeting(
            group=moderated_group, by=member, title="X", starts_at=starts, ends_at=starts + timedelta(hours=1)
        )

    assert not Meeting.objects.exists()


def test_schedule_meeting_refuses_end_before_start(chair, moderated_group):
    starts = timezone.now() + timedelta(days=3)

    with pytest.raises(ValidationError) as error:
        services.schedule_meeting(group=moderated_group, by=chair, title="X", starts_at=starts, ends_at=starts)

    assert error.value.message_dict == {"ends_at": ["La fin de la réunion doit suivre son début."]}
