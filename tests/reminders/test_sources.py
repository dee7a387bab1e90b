from datetime import timedelta

from django.utils import timezone

from groups.enums import AffiliationStatus, CompanyStatus, GroupRole
from groups.models import Affiliation, Company
from projects.enums import SubmissionStatus
from reminders.engine import run_reminder_pass
from reminders.enums import DeadlineKind
from reminders.models import Reminder, ReminderRule
from reminders.selectors import deadlines_for
from roadmap.enums import PositionStatus
from roadmap.models import Action, Consultation, Orientation, Position, Roadmap
from tests.factories import CompanyFactory, member_of, referent_of
from tests.projects.factories import CallFactory, SubmissionFactory

from .factories import MeetingFactory, MembershipFactory, WorkingGroupFactory


def make_consultation(**dates) -> Consultation:
    """An open consultation for all member companies (built directly: the roadmap factories' number
    sequences are shared with the roadmap tests)."""
    roadmap = Roadmap.objects.create(slug="rappels", title="Feuille de route", short_title="FdR")
    orientation = Orientation.objects.create(roadmap=roadmap, number=1, title="Orientation")
    action = Action.objects.create(roadmap=roadmap, orientation=orientation, number=1, title="Action", owner="DNS")
    dates.setdefault("opens_at", timezone.now() - timedelta(days=1))
    return Consultation.objects.create(action=action, question="Soutenez-vous cette action ?", **dates)


def position(consultation, company, status) -> Position:
    return Position.objects.create(consultation=consultation, company=company, stance="support", status=status)


def test_consultation_reminds_companies_without_a_submitted_position(company, member, referent, mailoutbox):
    consultation = make_consultation(closes_at=timezone.now() + timedelta(hours=12))
    position(consultation, company, PositionStatus.DRAFT)
    done = CompanyFactory()
    member_of(done)
    referent_of(done)
    position(consultation, done, PositionStatus.SUBMITTED)

    run_reminder_pass()
    run_reminder_pass()

    assert sorted(address for message in mailoutbox for address in message.to) == sorted([member.email, referent.email])
    assert mailoutbox[0].subject.startswith("[Action requise] Déposez la position de votre entreprise")


def test_consultation_not_yet_open_reminds_nobody(member, mailoutbox):
    make_consultation(opens_at=timezone.now() + timedelta(hours=1), closes_at=timezone.now() + timedelta(hours=12))

    run_reminder_pass()

    assert mailoutbox == []


def test_consultation_appears_in_the_members_deadlines(api_client, member):
    consultation = make_consultation(closes_at=timezone.now() + timedelta(days=3))
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/deadlines/")

    assert [(row["kind"], row["title"]) for row in response.json()["results"]] == [("consultation", str(consultation))]


def test_call_reminds_companies_with_a_draft_and_nothing_submitted(company, member, referent, mailoutbox):
    call = CallFactory(title="Appel HDH", closes_at=timezone.now() + timedelta(hours=12))
    SubmissionFactory(call=call, company=company, status=SubmissionStatus.DRAFT)
    submitted = CompanyFactory()
    member_of(submitted)
    SubmissionFactory(call=call, company=submitted, status=SubmissionStatus.DRAFT)
    SubmissionFactory(call=call, company=submitted, status=SubmissionStatus.SUBMITTED)
    no_draft = CompanyFactory()
    member_of(no_draft)

    run_reminder_pass()
    run_reminder_pass()

    assert sorted(address for message in mailoutbox for address in message.to) == sorted([member.email, referent.email])
    assert {message.subject.split(" — ")[0] for message in mailoutbox} == {
        "[Action requise] Déposez la candidature de votre entreprise : Appel HDH"
    }


def test_extension_reminds_the_company_concerned_before_it_ends(company, member, outsider, mailoutbox):
    call = CallFactory(closes_at=timezone.now() - timedelta(days=1), opens_at=timezone.now() - timedelta(days=20))
    SubmissionFactory(
        call=call, company=company, title="Projet prolongé", extension_until=timezone.now() + timedelta(hours=6)
    )

    run_reminder_pass()
    run_reminder_pass()

    assert [message.to for message in mailoutbox] == [[member.email]]
    assert "Projet prolongé" in mailoutbox[0].subject


def test_call_reminds_a_company_whose_only_sent_application_is_on_another_call(company, member, mailoutbox):
    call = CallFactory(title="Appel A", closes_at=timezone.now() + timedelta(hours=12))
    other_call = CallFactory(title="Appel B", closes_at=timezone.now() + timedelta(days=30))
    SubmissionFactory(call=call, company=company, status=SubmissionStatus.DRAFT)
    SubmissionFactory(call=other_call, company=company, status=SubmissionStatus.SUBMITTED)

    run_reminder_pass()

    assert [message.to for message in mailoutbox] == [[member.email]]
    assert "Appel A" in mailoutbox[0].subject


def test_withdrawn_application_does_not_silence_the_new_draft(company, member, mailoutbox):
    call = CallFactory(title="Appel A", closes_at=timezone.now() + timedelta(hours=12))
    SubmissionFactory(call=call, company=company, status=SubmissionStatus.WITHDRAWN, title="Ancien")
    SubmissionFactory(call=call, company=company, status=SubmissionStatus.DRAFT, title="Nouveau")

    run_reminder_pass()

    assert [message.to for message in mailoutbox] == [[member.email]]
    assert [(deadline.kind, deadline.title) for deadline in deadlines_for(member)] == [("call", "Appel A")]


def test_call_draft_stays_in_deadlines_when_another_company_submitted(member, company):
    call = CallFactory(title="Appel HDH", closes_at=timezone.now() + timedelta(days=3))
    SubmissionFactory(call=call, company=company, status=SubmissionStatus.DRAFT)
    SubmissionFactory(call=call, company=CompanyFactory(), status=SubmissionStatus.SUBMITTED)

    deadlines = deadlines_for(member)

    assert [(deadline.kind, deadline.title) for deadline in deadlines] == [("call", "Appel HDH")]


def test_consultation_reminds_a_company_whose_submitted_position_is_on_another_one(company, member, mailoutbox):
    consultation = make_consultation(closes_at=timezone.now() + timedelta(hours=12))
    other = Consultation.objects.create(
        action=consultation.action,
        question="Et celle-ci ?",
        opens_at=consultation.opens_at,
        closes_at=timezone.now() + timedelta(days=30),
    )
    position(consultation, company, PositionStatus.DRAFT)
    position(other, company, PositionStatus.SUBMITTED)

    run_reminder_pass()

    assert [message.to for message in mailoutbox] == [[member.email]]


def test_draft_with_an_extension_ending_before_the_closing_keeps_the_call_reminder(company, member, mailoutbox):
    closes_at = timezone.now() + timedelta(hours=12)
    call = CallFactory(title="Appel HDH", closes_at=closes_at)
    SubmissionFactory(call=call, company=company, title="Projet", extension_until=closes_at - timedelta(hours=1))

    run_reminder_pass()

    assert [message.to for message in mailoutbox] == [[member.email]]
    assert mailoutbox[0].subject.startswith("[Action requise] Déposez la candidature de votre entreprise")
    assert [deadline.kind for deadline in deadlines_for(member)] == ["call"]


def test_former_company_member_gets_no_meeting_reminder_nor_deadline(meeting, company, member, mailoutbox):
    staying = MembershipFactory(group=meeting.group).user
    MembershipFactory(group=meeting.group, user=member)
    Affiliation.objects.filter(user=member).update(status=AffiliationStatus.REJECTED)
    inactive = MembershipFactory(group=meeting.group).user
    Company.objects.filter(affiliations__user=inactive).update(status=CompanyStatus.FORMER)

    run_reminder_pass()

    assert [message.to for message in mailoutbox] == [[staying.email]]
    member.refresh_from_db()
    assert deadlines_for(member) == []
    assert [deadline.kind for deadline in deadlines_for(staying)] == ["meeting"]


def test_chair_of_another_group_gets_no_repeats_as_a_plain_member(group, mailoutbox):
    ReminderRule.objects.filter(kind=DeadlineKind.MEETING, days_before=7).update(repeat_every_hours=24)
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=5, hours=1))
    member = MembershipFactory(group=group).user
    MembershipFactory(group=WorkingGroupFactory(), user=member, role=GroupRole.CHAIR)

    run_reminder_pass()
    run_reminder_pass(now=timezone.now() + timedelta(days=1))

    assert [message.to for message in mailoutbox] == [[member.email]]
    assert list(Reminder.objects.filter(object_id=meeting.pk).values_list("sequence", flat=True)) == [0]
