from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from groups.enums import GroupRole
from roadmap import services
from roadmap.enums import ActionStatus, PositionStatus, Stance
from roadmap.models import Consultation, Position, TimelineEntry
from snitem_portal.exceptions import Conflict
from tests.factories import member_of, referent_of

from .factories import MembershipFactory, WorkingGroupFactory

# Positions ---------------------------------------------------------------------------------------


def test_member_creates_a_draft_with_history(consultation, member, company):
    position = services.create_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, argument="", shared=True
    )

    assert (position.company, position.status, position.version, position.updated_by) == (
        company,
        PositionStatus.DRAFT,
        1,
        member,
    )
    assert [(h.history_type, h.history_user) for h in position.history.all()] == [("+", member)]


def test_second_create_for_the_same_company_is_a_conflict(position, consultation, referent):
    with pytest.raises(Conflict):
        services.create_position(consultation=consultation, by=referent, stance=Stance.ABSTAIN)

    assert Position.objects.filter(consultation=consultation).count() == 1


def test_edit_with_current_version_bumps_it_and_keeps_history(position, consultation, referent):
    services.update_position(
        consultation=consultation, by=referent, stance=Stance.OPPOSE, argument="Trop tôt", version=1
    )

    position.refresh_from_db()
    assert (position.stance, position.argument, position.version, position.updated_by) == (
        Stance.OPPOSE,
        "Trop tôt",
        2,
        referent,
    )
    assert [h.argument for h in position.history.order_by("history_date")][-1] == "Trop tôt"


def test_stale_version_is_a_conflict_and_changes_nothing(position, consultation, member, referent):
    services.update_position(consultation=consultation, by=member, stance=Stance.SUPPORT, argument="A", version=1)

    with pytest.raises(Conflict):
        services.update_position(consultation=consultation, by=referent, stance=Stance.ABSTAIN, argument="B", version=1)

    position.refresh_from_db()
    assert (position.stance, position.argument, position.version) == (Stance.SUPPORT, "A", 2)


def test_update_without_a_position_is_a_conflict_and_creates_nothing(consultation, member):
    with pytest.raises(Conflict, match="n'existe plus"):
        services.update_position(consultation=consultation, by=member, stance=Stance.SUPPORT, version=1)

    assert not Position.objects.exists()


@pytest.mark.parametrize("stance", [Stance.SUPPORT_WITH_RESERVATIONS, Stance.OPPOSE])
def test_argument_is_required_for_reservations_and_opposition(consultation, member, stance):
    with pytest.raises(ValidationError) as error:
        services.create_position(consultation=consultation, by=member, stance=stance, argument="   ")

    assert "argument" in error.value.message_dict
    assert not Position.objects.exists()


def test_edit_after_closing_is_refused_and_changes_nothing(closed_consultation, company, member):
    position = Position.objects.create(
        consultation=closed_consultation, company=company, stance=Stance.SUPPORT, argument="avant"
    )

    with pytest.raises(ValidationError, match="close"):
        services.update_position(
            consultation=closed_consultation, by=member, stance=Stance.ABSTAIN, argument="après", version=1
        )

    position.refresh_from_db()
    assert (position.stance, position.argument, position.version) == (Stance.SUPPORT, "avant", 1)


def test_create_after_closing_is_refused(closed_consultation, member):
    with pytest.raises(ValidationError):
        services.create_position(consultation=closed_consultation, by=member, stance=Stance.SUPPORT)

    assert not Position.objects.exists()


def test_create_before_opening_is_refused(consultation, member):
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=timezone.now() + timedelta(days=1))

    with pytest.raises(ValidationError, match="pas encore ouverte"):
        services.create_position(consultation=consultation, by=member, stance=Stance.SUPPORT)


def test_company_outside_the_group_cannot_take_position(action, member):
    group = WorkingGroupFactory()
    consultation = Consultation.objects.create(
        action=action,
        group=group,
        question="?",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=1),
    )

    with pytest.raises(PermissionDenied):
        services.create_position(consultation=consultation, by=member, stance=Stance.SUPPORT)

    assert not Position.objects.exists()


def test_referent_submits(position, referent):
    services.submit_position(position=position, by=referent, version=1)

    position.refresh_from_db()
    assert (position.status, position.submitted_by) == (PositionStatus.SUBMITTED, referent)
    assert position.submitted_at is not None


def test_member_cannot_submit(position, member):
    with pytest.raises(PermissionDenied):
        services.submit_position(position=position, by=member, version=position.version)

    position.refresh_from_db()
    assert position.status == PositionStatus.DRAFT


def test_referent_of_another_company_cannot_submit(position, other_company):
    with pytest.raises(PermissionDenied):
        services.submit_position(position=position, by=referent_of(other_company), version=position.version)

    position.refresh_from_db()
    assert position.status == PositionStatus.DRAFT


def test_submit_after_closing_is_refused(position, referent):
    Consultation.objects.filter(pk=position.consultation_id).update(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(seconds=1)
    )

    with pytest.raises(ValidationError):
        services.submit_position(position=position, by=referent, version=position.version)

    position.refresh_from_db()
    assert position.status == PositionStatus.DRAFT


def test_submit_with_stale_version_is_a_conflict(position, consultation, member, referent):
    services.update_position(consultation=consultation, by=member, stance=Stance.ABSTAIN, version=1)

    with pytest.raises(Conflict):
        services.submit_position(position=position, by=referent, version=1)

    position.refresh_from_db()
    assert position.status == PositionStatus.DRAFT


# Consultations ----------------------------------------------------------------------------------


def _window():
    return {"opens_at": timezone.now(), "closes_at": timezone.now() + timedelta(days=10)}


def test_staff_opens_a_consultation_for_all_companies(action, staff):
    consultation = services.open_consultation(action=action, group=None, question="Avis ?", by=staff, **_window())

    assert (consultation.group, consultation.created_by) == (None, staff)


def test_chair_opens_a_consultation_for_their_group_only(action, member):
    group = WorkingGroupFactory()
    MembershipFactory(group=group, user=member, role=GroupRole.CO_CHAIR)

    consultation = services.open_consultation(action=action, group=group, question="Avis ?", by=member, **_window())
    with pytest.raises(PermissionDenied):
        services.open_consultation(action=action, group=None, question="Avis ?", by=member, **_window())
    with pytest.raises(PermissionDenied):
        services.open_consultation(
            action=action, group=WorkingGroupFactory(), question="Avis ?", by=member, **_window()
        )

    assert list(Consultation.objects.all()) == [consultation]


def test_plain_group_member_cannot_open_a_consultation(action, member):
    group = WorkingGroupFactory()
    MembershipFactory(group=group, user=member, role=GroupRole.MEMBER)

    with pytest.raises(PermissionDenied):
        services.open_consultation(action=action, group=group, question="Avis ?", by=member, **_window())

    assert not Consultation.objects.exists()


def test_consultation_must_close_after_opening(action, staff):
    now = timezone.now()

    with pytest.raises(ValidationError) as error:
        services.open_consultation(
            action=action, group=None, question="?", opens_at=now + timedelta(days=2), closes_at=now, by=staff
        )

    assert "closes_at" in error.value.message_dict
    assert not Consultation.objects.exists()


# Actions ----------------------------------------------------------------------------------------


def test_status_change_sets_default_progress_and_emails_followers_on_commit(
    action, staff, member, django_capture_on_commit_callbacks, mailoutbox
):
    services.follow_action(action=action, user=member)

    with django_capture_on_commit_callbacks(execute=True):
        services.add_timeline_entry(action=action, by=staff, text="Lancement", status=ActionStatus.IN_PROGRESS)

    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.IN_PROGRESS, 30)
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "En cours" in mailoutbox[0].subject
    assert "Non démarrée → En cours" in mailoutbox[0].body
    assert [(e.status, e.progress, e.author) for e in TimelineEntry.objects.all()] == [
        (ActionStatus.IN_PROGRESS, 30, staff)
    ]


def test_progress_update_without_status_change_sends_no_email(
    action, staff, member, django_capture_on_commit_callbacks, mailoutbox
):
    services.follow_action(action=action, user=member)

    with django_capture_on_commit_callbacks(execute=True):
        services.add_timeline_entry(action=action, by=staff, text="Point d'étape", progress=45)

    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.NOT_STARTED, 45)
    assert mailoutbox == []


def test_only_staff_update_actions(action, member):
    with pytest.raises(PermissionDenied):
        services.add_timeline_entry(action=action, by=member, text="x", status=ActionStatus.DONE)

    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    assert not TimelineEntry.objects.exists()


def test_follow_is_idempotent_and_unfollow_removes(action, member):
    services.follow_action(action=action, user=member)
    services.follow_action(action=action, user=member)
    assert list(action.followers.all()) == [member]

    services.unfollow_action(action=action, user=member)

    assert list(action.followers.all()) == []


def test_user_without_company_cannot_follow(action, lonely_user):
    with pytest.raises(PermissionDenied):
        services.follow_action(action=action, user=lonely_user)

    assert list(action.followers.all()) == []


def test_colleague_edit_is_recorded_with_author(position, consultation, company):
    colleague = member_of(company)

    services.update_position(consultation=consultation, by=colleague, stance=Stance.ABSTAIN, version=1)

    assert position.history.latest().history_user == colleague
