"""Each event of the portal that concerns a person leaves a notification of its kind in their bell,
linking to its page, and in nobody else's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups import services as groups
from groups.enums import GroupRole
from inbox.models import Notification
from projects import services as projects
from projects.enums import CallStatus, Outcome
from roadmap import services as roadmap
from roadmap.enums import ActionStatus, Stance
from tests.factories import CompanyFactory, UserFactory, member_of, referent_of
from tests.groups.factories import MeetingFactory, WorkingGroupFactory, active_in, chair_of
from tests.projects.factories import CallFactory, SubmissionFactory, pass_deadline
from tests.roadmap.factories import ActionFactory, ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        yield


@pytest.fixture
def bystander(db):
    """Someone of another company who must be told nothing."""
    return member_of(CompanyFactory(), user__email="bystander@example.org")


def _bell(user) -> list[tuple[str, str, str]]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("kind", "title", "url"))


def _nothing_for(*people):
    return not Notification.objects.filter(recipient__in=people).exists()


def test_affiliation_requested_and_decided(company, bystander):
    referent = referent_of(company)
    newcomer = UserFactory(full_name="Nina Nouvelle")

    affiliation = groups.request_affiliation(user=newcomer, company=company)
    groups.decide_affiliation(affiliation=affiliation, by=referent, approve=True)

    assert [(kind, url) for kind, _title, url in _bell(referent)] == [("affiliation_requested", "/demandes/")]
    assert _bell(newcomer) == [
        ("affiliation_decided", f"Votre rattachement à {company.name} est approuvé", f"/entreprises/{company.pk}/")
    ]
    assert _nothing_for(bystander)


def test_membership_requested_decided_and_role_changed(company, bystander):
    group = WorkingGroupFactory(name="Think tank", slug="think-tank", is_open=False)
    chair = chair_of(group, member_of(CompanyFactory()))
    newcomer = member_of(company)

    membership, _created = groups.join_group(user=newcomer, group=group)
    groups.decide_membership(membership=membership, by=chair.user, approve=True)
    groups.set_member_role(membership=membership, by=chair.user, role=GroupRole.CO_CHAIR)

    assert [kind for kind, _title, _url in _bell(chair.user)] == ["membership_requested"]
    assert _bell(newcomer) == [
        ("membership_decided", "Bienvenue dans le groupe « Think tank »", "/groupes/think-tank/"),
        ("role_changed", "Votre rôle dans « Think tank » : Co-président·e", "/groupes/think-tank/"),
    ]
    assert _nothing_for(bystander)


def test_meeting_moved_then_cancelled(company, bystander):
    group = WorkingGroupFactory(name="Interop", slug="interop")
    chair = chair_of(group, member_of(company)).user
    member = active_in(group, member_of(CompanyFactory())).user
    meeting = MeetingFactory(group=group, title="Plénière")
    starts_at = timezone.now() + timedelta(days=10)

    groups.update_meeting(
        meeting=meeting, by=chair, version=meeting.version, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )
    groups.cancel_meeting(meeting=meeting, by=chair)

    url = f"/groupes/interop/reunions/{meeting.pk}/"
    assert _bell(member) == [
        ("meeting", "Nouvel horaire : Plénière (Interop)", url),
        ("meeting", "Réunion annulée : Plénière (Interop)", url),
    ]
    assert _nothing_for(chair, bystander)  # who made the change is not told


def test_followed_action_changed_status(member, staff, bystander):
    action = ActionFactory(number=14, title="Programme e-parcours")
    roadmap.follow_action(action=action, user=member)

    roadmap.add_timeline_entry(action=action, by=staff, text="Lancement", status=ActionStatus.IN_PROGRESS)

    assert _bell(member) == [
        ("action_followed", "Action 14 de la feuille de route : En cours", action.get_absolute_url())
    ]
    assert _nothing_for(bystander, staff)


def test_call_deadline_moved_application_submitted_and_decided(company, member, staff, bystander):
    referent = referent_of(company)
    call = CallFactory(title="Appel IA santé", slug="appel-ia-sante")
    draft = SubmissionFactory(call=call, company=company, title="Notre projet", created_by=member)

    projects.move_deadline(call=call, closes_at=call.closes_at + timedelta(days=7), by=staff)
    draft.refresh_from_db()
    projects.submit_submission(submission=draft, by=referent, version=draft.version)
    pass_deadline(call)
    projects.change_call_status(call=call, status=CallStatus.CLOSED, by=staff)
    projects.record_decision(submission=draft, decision=Outcome.LAUREATE, by=staff)
    projects.publish_decisions(call=call, by=staff)

    kinds = [kind for kind, _title, _url in _bell(referent)]
    assert kinds == ["deadline_moved", "application_submitted", "application_decided"]
    assert _bell(referent)[2] == (
        "application_decided",
        "Résultat de l'appel « Appel IA santé »",
        draft.get_absolute_url(),
    )
    assert [kind for kind, _title, _url in _bell(member)] == ["deadline_moved", "application_submitted"]
    assert _nothing_for(bystander)


def test_partner_referents_are_asked_to_confirm(company, other_company, bystander):
    partner_referent = referent_of(company)
    applicant = referent_of(other_company)
    draft = SubmissionFactory(call=CallFactory(), company=other_company, title="Projet commun")

    projects.update_submission(submission=draft, by=applicant, version=draft.version, partners=[company])

    assert [kind for kind, _title, _url in _bell(partner_referent)] == ["partnership_requested"]
    assert _nothing_for(bystander, applicant)


def test_revision_of_a_submitted_position_asks_the_referents_to_sign_off(company, member, bystander):
    referent = referent_of(company)
    consultation = ConsultationFactory(action=ActionFactory(number=3, title="Identité numérique"))
    position = PositionFactory(consultation=consultation, company=company, updated_by=member)
    words = {"stance": Stance.SUPPORT, "argument": "Utile", "shared": True}
    roadmap.update_position(consultation=consultation, by=member, version=1, **words)
    submitted = roadmap.submit_position(position=position, by=referent, version=2)

    roadmap.update_position(
        consultation=consultation, by=member, version=submitted.version, **{**words, "stance": Stance.OPPOSE}
    )

    assert _bell(referent)[-1] == (
        "position_to_sign",
        "Position de votre entreprise (action 3) : une révision attend votre validation",
        consultation.get_absolute_url(),
    )
    assert _nothing_for(bystander)
