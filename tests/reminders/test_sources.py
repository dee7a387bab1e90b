from datetime import timedelta

from django.utils import timezone

from projects.enums import SubmissionStatus
from reminders.engine import run_reminder_pass
from roadmap.enums import PositionStatus
from roadmap.models import Action, Consultation, Orientation, Position, Roadmap
from tests.factories import CompanyFactory, member_of, referent_of
from tests.projects.factories import CallFactory, SubmissionFactory


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
