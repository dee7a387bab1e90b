import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from groups.enums import CompanyStatus
from groups.models import Company
from projects import selectors, services
from projects.enums import CallStatus, Outcome, SubmissionStatus
from projects.models import Call, DeadlineChange, Review, Submission
from snitem_portal.exceptions import Conflict
from snitem_portal.users.models import User

from ..factories import CompanyFactory, member_of, referent_of
from .factories import CallFactory, SubmissionFactory, confirmed_partner, pass_deadline, pdf_upload, submitted

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def test_create_submission_makes_a_draft_for_the_callers_company(call, member, company):
    submission = services.create_submission(call=call, by=member, title="Projet A", summary="S")

    assert (submission.company, submission.status, submission.version) == (company, "draft", 1)


def test_create_submission_refused_when_one_per_company_already_used(call, member, draft):
    call.one_per_company = True
    call.save()

    with pytest.raises(ValidationError, match="une candidature par entreprise"):
        services.create_submission(call=call, by=member, title="Second")

    assert Submission.objects.filter(call=call).count() == 1


def test_create_submission_refused_without_company(call, lonely_user):
    with pytest.raises(PermissionDenied):
        services.create_submission(call=call, by=lonely_user, title="X")

    assert not Submission.objects.exists()


def _boundary_call(closes_at):
    # Arithmetic on Paris-aware datetimes is wall-clock arithmetic (wrong across DST): work in UTC.
    closes_at = closes_at.astimezone(UTC)
    return CallFactory(opens_at=closes_at - timedelta(days=30), closes_at=closes_at)


@pytest.mark.parametrize(
    ("closes_at_paris", "label"),
    [
        (datetime(2020, 6, 1, 12, 0, tzinfo=PARIS), "summer time"),
        # Spring forward: 02:00 CET jumps to 03:00 CEST on 29 March 2020.
        (datetime(2020, 3, 29, 3, 0, tzinfo=PARIS), "just after spring forward"),
        # Fall back: 02:30 happens twice on 25 October 2020; the first (CEST) is the deadline.
        (datetime(2020, 10, 25, 2, 30, fold=0, tzinfo=PARIS), "ambiguous hour in autumn"),
    ],
)
def test_submit_one_second_before_closing_is_accepted(closes_at_paris, label, company, referent, member):
    call = _boundary_call(closes_at_paris)
    draft = SubmissionFactory(call=call, company=company)
    one_second_before = call.closes_at - timedelta(seconds=1)

    with time_machine.travel(one_second_before, tick=False):
        services.submit_submission(submission=draft, by=referent, version=draft.version)

    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.SUBMITTED
    assert draft.submitted_at == one_second_before


@pytest.mark.parametrize(
    "closes_at_paris",
    [
        datetime(2020, 6, 1, 12, 0, tzinfo=PARIS),
        datetime(2020, 3, 29, 3, 0, tzinfo=PARIS),
        datetime(2020, 10, 25, 2, 30, fold=0, tzinfo=PARIS),
    ],
)
@pytest.mark.parametrize("delay", [timedelta(0), timedelta(seconds=1), timedelta(minutes=45)])
def test_submit_at_or_after_closing_is_refused(closes_at_paris, delay, company, referent):
    call = _boundary_call(closes_at_paris)
    draft = SubmissionFactory(call=call, company=company)

    with (
        time_machine.travel(call.closes_at + delay, tick=False),
        pytest.raises(ValidationError, match="date limite"),
    ):
        services.submit_submission(submission=draft, by=referent, version=draft.version)

    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at) == (SubmissionStatus.DRAFT, None)


def test_autumn_wall_clock_earlier_than_deadline_is_still_after_it(company, referent):
    # Deadline 02:30 CEST (00:30 UTC). At 01:15 UTC the Paris clock shows 02:15 CET, which *looks*
    # earlier than 02:30 but is 45 minutes after the deadline.
    closes_at = datetime(2020, 10, 25, 2, 30, fold=0, tzinfo=PARIS)
    call = _boundary_call(closes_at)
    draft = SubmissionFactory(call=call, company=company)
    moment = datetime(2020, 10, 25, 1, 15, tzinfo=UTC)
    assert moment.astimezone(PARIS).strftime("%H:%M") == "02:15"

    with time_machine.travel(moment, tick=False), pytest.raises(ValidationError):
        services.submit_submission(submission=draft, by=referent, version=draft.version)

    assert Submission.objects.get(pk=draft.pk).status == SubmissionStatus.DRAFT


def test_no_creation_or_edit_after_the_deadline(company, member):
    closes_at = datetime(2020, 6, 1, 12, 0, tzinfo=PARIS)
    call = _boundary_call(closes_at)
    draft = SubmissionFactory(call=call, company=company, title="Avant")

    with time_machine.travel(closes_at, tick=False):
        with pytest.raises(ValidationError, match="date limite"):
            services.create_submission(call=call, by=member, title="Trop tard")
        with pytest.raises(ValidationError, match="date limite"):
            services.update_submission(submission=draft, by=member, version=draft.version, title="Après")

    draft.refresh_from_db()
    assert (draft.title, draft.version, Submission.objects.count()) == ("Avant", 1, 1)


def test_extension_lets_exactly_that_submission_through_until_its_end(company, other_company, referent, staff):
    call = _boundary_call(datetime(2020, 6, 1, 12, 0, tzinfo=PARIS))
    closes_at = call.closes_at
    extended = SubmissionFactory(call=call, company=company, title="Prolongée")
    not_extended = SubmissionFactory(call=call, company=company, title="Pas prolongée")
    late = SubmissionFactory(call=call, company=company, title="Prolongée mais trop tard")
    until = closes_at + timedelta(hours=2)
    for submission in (extended, late):
        services.grant_extension(submission=submission, until=until, reason="Panne du portail", by=staff)

    with time_machine.travel(until - timedelta(seconds=1), tick=False):
        services.submit_submission(submission=extended, by=referent, version=extended.version)
        with pytest.raises(ValidationError):
            services.submit_submission(submission=not_extended, by=referent, version=not_extended.version)
    with time_machine.travel(until, tick=False), pytest.raises(ValidationError):
        services.submit_submission(submission=late, by=referent, version=late.version)

    statuses = dict(Submission.objects.values_list("title", "status"))
    assert statuses == {
        "Prolongée": "submitted",
        "Pas prolongée": "draft",
        "Prolongée mais trop tard": "draft",
    }


def test_grant_extension_is_audited_and_needs_a_reason(draft, staff, member):
    until = draft.call.closes_at + timedelta(days=1)

    with pytest.raises(ValidationError, match="motif"):
        services.grant_extension(submission=draft, until=until, reason="  ", by=staff)
    with pytest.raises(PermissionDenied):
        services.grant_extension(submission=draft, until=until, reason="x", by=member)
    services.grant_extension(submission=draft, until=until, reason="Incident technique", by=staff)

    draft.refresh_from_db()
    assert (draft.extension_until, draft.extension_reason, draft.extension_granted_by) == (
        until,
        "Incident technique",
        staff,
    )
    latest = draft.history.order_by("-history_date").first()
    assert (latest.extension_until, latest.history_user, latest.history_change_reason) == (
        until,
        None,
        "extension: Incident technique",
    )


def test_stale_version_is_a_conflict_and_changes_nothing(draft, member):
    services.update_submission(submission=draft, by=member, version=1, title="Version 2")

    with pytest.raises(Conflict):
        services.update_submission(submission=draft, by=member, version=1, title="Écrasement")

    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Version 2", 2)


def test_only_a_referent_submits(draft, member):
    with pytest.raises(PermissionDenied):
        services.submit_submission(submission=draft, by=member, version=draft.version)

    draft.refresh_from_db()
    assert (draft.status, draft.submitted_by) == (SubmissionStatus.DRAFT, None)


def test_referent_of_another_company_cannot_submit(draft, other_company):
    stranger = referent_of(other_company)

    with pytest.raises(PermissionDenied):
        services.submit_submission(submission=draft, by=stranger, version=draft.version)

    assert Submission.objects.get(pk=draft.pk).status == SubmissionStatus.DRAFT


def test_submit_freezes_author_time_and_snapshot(draft, referent, member):
    submission = services.submit_submission(submission=draft, by=referent, version=draft.version)
    frozen = (submission.submitted_at, submission.submitted_by)

    with pytest.raises(Conflict):
        services.update_submission(submission=submission, by=member, version=submission.version, title="Après")
    with pytest.raises(Conflict):
        services.submit_submission(submission=submission, by=referent, version=submission.version)

    submission.refresh_from_db()
    assert (submission.submitted_at, submission.submitted_by) == frozen
    assert "Notre projet" in submission.snapshot
    assert "heure de Paris" in submission.snapshot
    assert submission.title == "Notre projet"


def test_withdraw_is_referent_only(draft, member, referent):
    services.submit_submission(submission=draft, by=referent, version=draft.version)
    with pytest.raises(PermissionDenied):
        services.withdraw_submission(submission=draft, by=member)
    assert Submission.objects.get(pk=draft.pk).status == SubmissionStatus.SUBMITTED

    services.withdraw_submission(submission=draft, by=referent)

    assert Submission.objects.get(pk=draft.pk).status == SubmissionStatus.WITHDRAWN


def test_move_deadline_keeps_history_and_emails_companies_with_a_draft(
    call, draft, referent, member, staff, other_company, django_capture_on_commit_callbacks
):
    submitted(call=call, company=other_company)
    referent_of(other_company, user__email="ref@other.example")
    old = call.closes_at
    new = datetime(2030, 6, 1, 12, 0, tzinfo=PARIS)

    with django_capture_on_commit_callbacks(execute=True):
        services.move_deadline(call=call, closes_at=new, by=staff, reason="Situation sanitaire")

    call.refresh_from_db()
    assert call.closes_at == new
    change = DeadlineChange.objects.get(call=call)
    assert (change.old_closes_at, change.new_closes_at, change.changed_by) == (old, new, staff)
    assert sorted(m.to[0] for m in mail.outbox) == ["member@company.example", "referent@company.example"]
    assert "Nouvelle date limite : le 1er juin 2030 à 12 h 00, heure de Paris, dans " in mail.outbox[0].body


def test_move_deadline_is_staff_only(call, referent):
    old = call.closes_at

    with pytest.raises(PermissionDenied):
        services.move_deadline(call=call, closes_at=old + timedelta(days=1), by=referent)

    assert Call.objects.get(pk=call.pk).closes_at == old
    assert not DeadlineChange.objects.exists()


def test_score_refused_for_recused_juror(call, company, company_juror, other_company):
    own = submitted(call=call, company=company)
    partner_of_own = submitted(call=call, company=other_company)
    confirmed_partner(partner_of_own, company)

    for submission in (own, partner_of_own):
        with pytest.raises(PermissionDenied, match="conflit"):
            services.score_submission(submission=submission, juror=company_juror, scores={})

    assert not own.reviews.exists()
    assert not partner_of_own.reviews.exists()


def test_score_records_every_criterion_and_moves_to_review(call, juror, other_company):
    submission = submitted(call=call, company=other_company)
    pass_deadline(call)
    interest, feasibility = call.criteria.all()

    services.score_submission(
        submission=submission, juror=juror, scores={interest.pk: 8, feasibility.pk: 4}, comment="Solide"
    )

    submission.refresh_from_db()
    review = submission.reviews.get()
    assert sorted(review.scores.values_list("value", flat=True)) == [4, 8]
    assert (review.comment, submission.status) == ("Solide", SubmissionStatus.UNDER_REVIEW)


def test_score_needs_every_criterion_between_0_and_10(call, juror, other_company):
    submission = submitted(call=call, company=other_company)
    pass_deadline(call)
    interest, feasibility = call.criteria.all()

    with pytest.raises(ValidationError):
        services.score_submission(submission=submission, juror=juror, scores={interest.pk: 11, feasibility.pk: 4})

    assert not submission.reviews.exists()


def test_decisions_are_pending_until_published_in_bulk(
    call, company, referent, other_company, staff, django_capture_on_commit_callbacks
):
    ours = submitted(call=call, company=company, title="Gagnant")
    theirs = submitted(call=call, company=other_company, title="Perdant")
    referent_of(other_company, user__email="ref@other.example", user__language="en")
    member_of(other_company, user__email="member@other.example")
    pass_deadline(call)
    services.record_decision(submission=ours, decision=Outcome.LAUREATE, by=staff)
    services.record_decision(submission=theirs, decision=Outcome.NOT_SELECTED, by=staff)
    assert Submission.objects.get(pk=ours.pk).status == SubmissionStatus.SUBMITTED
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        published = services.publish_decisions(call=call, by=staff)

    assert len(published) == 2
    statuses = dict(Submission.objects.values_list("title", "status"))
    assert statuses == {"Gagnant": "laureate", "Perdant": "not_selected"}
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == ["ref@other.example", "referent@company.example"]
    assert "lauréate" in by_recipient["referent@company.example"].body
    assert "Perdant" in by_recipient["ref@other.example"].subject + by_recipient["ref@other.example"].body
    with pytest.raises(Conflict):
        services.record_decision(submission=ours, decision=Outcome.NOT_SELECTED, by=staff)


def test_publish_decisions_marks_a_past_call_decided(call, company, staff):
    ours = submitted(call=call, company=company)

    with time_machine.travel(call.closes_at + timedelta(days=1)):
        services.record_decision(submission=ours, decision=Outcome.LAUREATE, by=staff)
        services.publish_decisions(call=call, by=staff)

    assert Call.objects.get(pk=call.pk).status == CallStatus.DECIDED


def test_record_decision_is_staff_only_and_needs_a_sent_submission(draft, referent, staff):
    with pytest.raises(PermissionDenied):
        services.record_decision(submission=draft, decision=Outcome.LAUREATE, by=referent)
    with pytest.raises(Conflict):
        services.record_decision(submission=draft, decision=Outcome.LAUREATE, by=staff)

    assert Submission.objects.get(pk=draft.pk).decision == ""


def test_publish_with_nothing_pending_is_refused(call, staff):
    pass_deadline(call)

    with pytest.raises(ValidationError, match="Aucune décision"):
        services.publish_decisions(call=call, by=staff)


# --- A call closed early by staff ------------------------------------------------------------


def _close_early(call):
    Call.objects.filter(pk=call.pk).update(status=CallStatus.CLOSED)
    call.refresh_from_db()


def test_call_closed_early_refuses_edit_submit_withdraw_and_attachments(call, draft, member, referent):
    sent = submitted(call=call, company=draft.company, title="Déjà déposée")
    _close_early(call)  # closes_at is still 10 days ahead

    attempts = [
        lambda: services.update_submission(submission=draft, by=member, version=draft.version, title="Changé"),
        lambda: services.submit_submission(submission=draft, by=referent, version=draft.version),
        lambda: services.withdraw_submission(submission=draft, by=referent),
        lambda: services.withdraw_submission(submission=sent, by=referent),
        lambda: services.add_attachment(submission=draft, by=member, uploaded=pdf_upload()),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="Cet appel est clos"):
            attempt()

    draft.refresh_from_db()
    sent.refresh_from_db()
    assert (draft.title, draft.status, draft.version, draft.attachments.count()) == ("Notre projet", "draft", 1, 0)
    assert sent.status == SubmissionStatus.SUBMITTED


def test_call_closed_early_still_lets_a_running_extension_through(call, draft, member, referent, staff):
    services.grant_extension(
        submission=draft, until=call.closes_at + timedelta(days=1), reason="Panne du portail", by=staff
    )
    _close_early(call)

    services.add_attachment(submission=draft, by=member, uploaded=pdf_upload())
    submission = services.submit_submission(submission=draft, by=referent, version=draft.version)

    assert (submission.status, submission.attachments.count()) == (SubmissionStatus.SUBMITTED, 1)


def test_call_closed_early_refuses_an_extension_that_has_ended(company, referent, staff):
    closes_at = timezone.now() - timedelta(days=2)
    call = CallFactory(opens_at=closes_at - timedelta(days=30), closes_at=closes_at)
    late = SubmissionFactory(call=call, company=company)
    services.grant_extension(submission=late, until=closes_at + timedelta(days=1), reason="Panne", by=staff)
    _close_early(call)

    with pytest.raises(ValidationError, match="Cet appel est clos"):
        services.submit_submission(submission=late, by=referent, version=late.version)

    assert Submission.objects.get(pk=late.pk).status == SubmissionStatus.DRAFT


# --- Submit signs off a version --------------------------------------------------------------


def test_submit_without_version_is_refused_and_changes_nothing(draft, referent):
    with pytest.raises(ValidationError, match="version lue est obligatoire"):
        services.submit_submission(submission=draft, by=referent, version=None)

    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at, draft.version) == ("draft", None, 1)


def test_submit_with_stale_version_is_a_conflict_and_changes_nothing(draft, member, referent):
    services.update_submission(submission=draft, by=member, version=1, summary="Texte changé après lecture")

    with pytest.raises(Conflict, match="modifiée entre-temps"):
        services.submit_submission(submission=draft, by=referent, version=1)

    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at, draft.version) == ("draft", None, 2)


# --- Jurors wait for the deadline ------------------------------------------------------------


def test_juror_cannot_score_before_the_deadline_and_the_company_can_still_withdraw(call, juror, company, referent):
    submission = submitted(call=call, company=company)
    interest, feasibility = call.criteria.all()

    with pytest.raises(PermissionDenied, match="qu'après sa date limite"):
        services.score_submission(submission=submission, juror=juror, scores={interest.pk: 8, feasibility.pk: 4})
    withdrawn = services.withdraw_submission(submission=submission, by=referent)

    assert not Review.objects.exists()
    assert withdrawn.status == SubmissionStatus.WITHDRAWN


def test_juror_cannot_score_during_the_submissions_extension(call, juror, other_company, staff):
    submission = submitted(call=call, company=other_company)
    pass_deadline(call)
    services.grant_extension(submission=submission, until=timezone.now() + timedelta(days=1), reason="Panne", by=staff)
    interest, feasibility = call.criteria.all()

    with pytest.raises(PermissionDenied):
        services.score_submission(submission=submission, juror=juror, scores={interest.pk: 8, feasibility.pk: 4})

    submission.refresh_from_db()
    assert (submission.status, submission.reviews.count()) == (SubmissionStatus.SUBMITTED, 0)
    assert list(selectors.submissions_to_review(juror, call)) == []
    assert list(selectors.reviews_to_do(juror)) == []


def test_juror_scores_once_the_call_is_closed_early(call, juror, other_company):
    submission = submitted(call=call, company=other_company)
    _close_early(call)
    interest, feasibility = call.criteria.all()

    services.score_submission(submission=submission, juror=juror, scores={interest.pk: 8, feasibility.pk: 4})

    assert list(selectors.reviews_to_do(juror)) == []
    assert [s.pk for s in selectors.submissions_to_review(juror, call)] == [submission.pk]


def test_submission_scored_before_its_deadline_can_still_be_withdrawn(call, company, referent):
    # An application left under review before its deadline (scored before jurors had to wait).
    submission = submitted(call=call, company=company)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.UNDER_REVIEW)

    withdrawn = services.withdraw_submission(submission=submission, by=referent)

    assert withdrawn.status == SubmissionStatus.WITHDRAWN


# --- Recusal whatever the company's status ---------------------------------------------------


def test_juror_of_a_suspended_company_is_recused_from_its_applications(call, company, company_juror):
    own = submitted(call=call, company=company, title="Candidature maison")
    partnered = submitted(call=call, company=CompanyFactory(), title="Avec la maison")
    confirmed_partner(partnered, company)
    pass_deadline(call)
    Company.objects.filter(pk=company.pk).update(status=CompanyStatus.SUSPENDED)
    juror = User.objects.get(pk=company_juror.pk)  # fresh: no cached affiliation
    interest, feasibility = call.criteria.all()

    for submission in (own, partnered):
        with pytest.raises(PermissionDenied, match="conflit d'intérêts"):
            services.score_submission(submission=submission, juror=juror, scores={interest.pk: 9, feasibility.pk: 9})

    assert not Review.objects.exists()
    assert list(selectors.submissions_visible_to(juror)) == []
    assert list(selectors.submissions_to_review(juror, call)) == []
    assert list(selectors.reviews_to_do(juror)) == []
    assert [row.recused for row in selectors.ranking(call)] == [[juror], [juror]]


# --- Calls: same title at the same moment ----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_calls_with_the_same_title_at_the_same_moment_get_distinct_slugs(staff):
    """The other creation inserts the slug first and commits only once this one waits on it."""
    opens_at = timezone.now()
    closes_at = opens_at + timedelta(days=30)
    inserted, done = threading.Event(), threading.Event()

    def concurrent_creation():
        try:
            with transaction.atomic():
                Call.objects.create(
                    title="Appel jumeau", slug="appel-jumeau", funder="HDH", opens_at=opens_at, closes_at=closes_at
                )
                inserted.set()
                for _ in range(400):  # until this test's insert waits on the row lock
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            "AND datname = current_database()"
                        )
                        if cursor.fetchone()[0]:
                            break
                    done.wait(0.025)
        finally:
            connection.close()

    other = threading.Thread(target=concurrent_creation)
    other.start()
    assert inserted.wait(10)

    call = services.create_call(by=staff, title="Appel jumeau", funder="HDH", opens_at=opens_at, closes_at=closes_at)
    other.join()

    assert call.slug == "appel-jumeau-2"
    assert sorted(Call.objects.values_list("slug", flat=True)) == ["appel-jumeau", "appel-jumeau-2"]
