import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from groups.enums import CompanyStatus
from groups.models import Company
from projects import services
from projects.enums import CallStatus, Outcome
from projects.models import Attachment, Call, DeadlineChange, Review, Score, Submission

from ..factories import CompanyFactory, UserFactory, member_of
from .factories import CallFactory, SubmissionFactory, pass_deadline, pdf_upload, submitted

pytestmark = pytest.mark.django_db


def test_call_list_shows_open_calls_first_with_countdown(client):
    now = timezone.now()
    CallFactory(title="Ancien", opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30), status="closed")
    CallFactory(title="Bientôt clos", closes_at=now + timedelta(days=2, hours=3))
    CallFactory(title="Brouillon caché", status=CallStatus.DRAFT)

    response = client.get(reverse("projects:call-list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Bientôt clos") < html.index("Ancien")
    assert "Brouillon caché" not in html
    assert "Clôture dans 2 jours et 3 h" in html or "Clôture dans 2 jours et 2 h" in html
    assert "(heure de Paris)" in html


def test_draft_call_page_is_404_for_members(client, member):
    hidden = CallFactory(status=CallStatus.DRAFT)
    client.force_login(member)

    assert client.get(reverse("projects:call-detail", args=[hidden.slug])).status_code == 404


def test_member_creates_and_edits_a_draft_through_the_pages(client, member, call):
    client.force_login(member)

    response = client.post(
        reverse("projects:submission-create", args=[call.slug]),
        {"title": "Projet web", "summary": "Résumé", "requested_data": "SNDS", "budget": "1000"},
    )

    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == submission.get_absolute_url()
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Date limite" in page
    edited = client.post(submission.get_absolute_url(), {"title": "Projet web v2", "summary": "R", "version": 1})
    assert edited.status_code == 302
    submission.refresh_from_db()
    assert (submission.title, submission.version) == ("Projet web v2", 2)


def test_stale_form_shows_a_clear_error_and_keeps_the_text(client, member, draft):
    services.update_submission(submission=draft, by=member, version=1, title="Modifié ailleurs")
    client.force_login(member)

    response = client.post(draft.get_absolute_url(), {"title": "Mon texte", "summary": "Long texte", "version": 1})

    html = response.content.decode()
    assert response.status_code == 200
    assert "modifiée entre-temps" in html
    assert "Long texte" in html
    assert Submission.objects.get(pk=draft.pk).title == "Modifié ailleurs"


def test_other_company_gets_404_on_every_submission_page(client, outsider, draft, referent):
    services.add_attachment(submission=draft, by=referent, uploaded=pdf_upload())
    client.force_login(outsider)
    urls = [
        draft.get_absolute_url(),
        reverse("projects:submission-submit", args=[draft.pk]),
        reverse("projects:submission-withdraw", args=[draft.pk]),
        reverse("projects:attachment-upload", args=[draft.pk]),
        reverse("projects:submission-snapshot", args=[draft.pk]),
        reverse("projects:attachment-download", args=[draft.attachments.get().pk]),
    ]

    statuses = [client.get(url).status_code for url in urls[:1]] + [client.post(url).status_code for url in urls[1:]]

    assert statuses == [404] * 6
    draft.refresh_from_db()
    assert (draft.status, draft.attachments.count()) == ("draft", 1)


def test_member_submit_through_page_is_403_and_unchanged(client, member, draft):
    client.force_login(member)

    response = client.post(reverse("projects:submission-submit", args=[draft.pk]))

    assert response.status_code == 403
    assert Submission.objects.get(pk=draft.pk).status == "draft"


def test_attachment_refusal_is_shown_as_a_message(client, member, draft):
    client.force_login(member)

    response = client.post(
        reverse("projects:attachment-upload", args=[draft.pk]),
        {"file": pdf_upload("virus.exe", b"MZ\x90\x00")},
        follow=True,
    )

    assert "Seuls les fichiers PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_my_submissions_lists_only_my_company(client, member, draft, other_draft, other_submitted):
    client.force_login(member)

    html = client.get(reverse("projects:my-submissions")).content.decode()

    assert "Notre projet" in html
    assert "Projet secret" not in html
    assert "Projet déposé" not in html


def test_staff_pages_are_403_for_members(client, member, call, draft, referent):
    services.submit_submission(submission=draft, by=referent, version=draft.version)
    client.force_login(member)
    old = call.closes_at

    responses = [
        client.get(reverse("projects:call-ranking", args=[call.slug])),
        client.post(reverse("projects:call-publish", args=[call.slug])),
        client.post(reverse("projects:call-deadline", args=[call.slug]), {"closes_at": "2031-01-01T12:00"}),
        client.post(reverse("projects:submission-decide", args=[draft.pk]), {"decision": "laureate"}),
        client.get(reverse("projects:call-export", args=[call.slug, "csv"])),
        client.get(reverse("projects:call-jury", args=[call.slug])),
    ]

    assert [r.status_code for r in responses] == [403] * 6
    call.refresh_from_db()
    assert call.closes_at == old
    assert Submission.objects.get(pk=draft.pk).decision == ""


def test_move_deadline_page_refuses_a_date_without_time(client, staff, call):
    client.force_login(staff)
    old = call.closes_at

    response = client.post(
        reverse("projects:call-deadline", args=[call.slug]), {"closes_at": "2031-01-01"}, follow=True
    )

    assert "Précisez l&#x27;heure" in response.content.decode() or "Précisez l'heure" in response.content.decode()
    assert DeadlineChange.objects.count() == 0
    call.refresh_from_db()
    assert call.closes_at == old


def test_move_deadline_page_reads_paris_time(client, staff, call):
    client.force_login(staff)

    client.post(reverse("projects:call-deadline", args=[call.slug]), {"closes_at": "2031-06-01T12:00", "reason": "x"})

    call.refresh_from_db()
    assert call.closes_at.isoformat() == "2031-06-01T10:00:00+00:00"


def test_juror_scores_through_the_page(client, juror, call, other_submitted):
    interest, feasibility = call.criteria.all()
    pass_deadline(call)
    client.force_login(juror)

    jury_page = client.get(reverse("projects:call-jury", args=[call.slug])).content.decode()
    response = client.post(
        reverse("projects:submission-review", args=[other_submitted.pk]),
        {f"criterion_{interest.pk}": 9, f"criterion_{feasibility.pk}": 5, "comment": "Bien"},
    )

    assert "Projet déposé de l" in jury_page
    assert response.status_code == 302
    assert sorted(Score.objects.values_list("value", flat=True)) == [5, 9]


def test_recused_juror_does_not_see_own_company_on_jury_page_and_cannot_score(
    client, company_juror, call, company, other_submitted
):
    own = submitted(call=call, company=company, title="Candidature maison")
    pass_deadline(call)
    client.force_login(company_juror)

    jury_page = client.get(reverse("projects:call-jury", args=[call.slug])).content.decode()
    response = client.post(reverse("projects:submission-review", args=[own.pk]), {})

    assert "Candidature maison" not in jury_page
    assert "Projet déposé de l" in jury_page
    assert response.status_code == 403
    assert not Review.objects.exists()


def test_ranking_orders_by_weighted_score_and_shows_recusal(client, staff, call, company, company_juror, juror):
    interest, feasibility = call.criteria.all()  # weights 3 and 1
    low = submitted(call=call, company=CompanyFactory(), title="Faible")
    high = submitted(call=call, company=CompanyFactory(), title="Fort")
    submitted(call=call, company=company, title="Maison")
    pass_deadline(call)
    services.score_submission(submission=low, juror=juror, scores={interest.pk: 2, feasibility.pk: 10})
    services.score_submission(submission=high, juror=juror, scores={interest.pk: 8, feasibility.pk: 0})
    services.score_submission(submission=high, juror=company_juror, scores={interest.pk: 10, feasibility.pk: 10})
    client.force_login(staff)

    response = client.get(reverse("projects:call-ranking", args=[call.slug]))

    rows = response.context["rows"]
    assert [(r.submission.title, r.score, r.reviews_done, r.reviews_missing) for r in rows] == [
        ("Fort", 8.0, 2, 0),  # (8*3 + 0*1 + 10*3 + 10*1) / (3+1+3+1)
        ("Faible", 4.0, 1, 1),  # (2*3 + 10) / 4
        ("Maison", None, 0, 1),  # company_juror recused
    ]
    assert [juror.email for juror in rows[2].recused] == ["juror@company.example"]
    assert "Julie Jurée" in response.content.decode()


def test_staff_decides_and_publishes_from_ranking(
    client, staff, call, draft, referent, mailoutbox, django_capture_on_commit_callbacks
):
    services.submit_submission(submission=draft, by=referent, version=draft.version)
    pass_deadline(call)
    client.force_login(staff)

    client.post(reverse("projects:submission-decide", args=[draft.pk]), {"decision": "laureate"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:call-publish", args=[call.slug]), follow=True)

    draft.refresh_from_db()
    assert draft.status == "laureate"
    assert "1 décision(s) publiée(s)" in response.content.decode()
    assert [m.to for m in mailoutbox] == [["referent@company.example"]]


def test_laureates_page_lists_published_laureates_only(client, call, staff, company):
    published = submitted(call=call, company=company, title="Lauréat publié")
    pending = submitted(call=call, company=CompanyFactory(), title="Lauréat en attente")
    pass_deadline(call)
    services.record_decision(submission=published, decision=Outcome.LAUREATE, by=staff)
    services.record_decision(submission=pending, decision=Outcome.LAUREATE, by=staff)
    before = client.get(reverse("projects:call-laureates", args=[call.slug])).content.decode()
    services.record_decision(submission=pending, decision=Outcome.NOT_SELECTED, by=staff)
    services.publish_decisions(call=call, by=staff)

    html = client.get(reverse("projects:call-laureates", args=[call.slug])).content.decode()

    assert "Lauréat publié" not in before
    assert "Lauréat publié" in html
    assert "Lauréat en attente" not in html


def test_export_csv_and_xlsx_with_scores(client, staff, call, juror, draft, other_company):
    sent = submitted(call=call, company=other_company, title="Exporté")
    pass_deadline(call)
    interest, feasibility = call.criteria.all()
    services.score_submission(submission=sent, juror=juror, scores={interest.pk: 6, feasibility.pk: 2})
    client.force_login(staff)

    csv_response = client.get(reverse("projects:call-export", args=[call.slug, "csv"]))
    xlsx_response = client.get(reverse("projects:call-export", args=[call.slug, "xlsx"]))

    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode())))
    assert [(r["title"], r["entreprise"], r["note pondérée (sur 10)"]) for r in rows] == [
        ("Exporté", other_company.name, "5.0")
    ]  # drafts are not exported
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [cell.value for cell in sheet[2]][3] == "Exporté"


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 10])
def test_call_list_page_query_budget(client, member, n, django_assert_num_queries):
    for _ in range(n):
        CallFactory()
    client.force_login(member)

    # session, user, affiliation, calls
    # +1: the header's unread notifications count (the bell).
    with django_assert_num_queries(5):
        response = client.get(reverse("projects:call-list"))

    assert len(response.context["calls"]) == n


@pytest.mark.parametrize("n", [1, 10])
def test_my_submissions_page_query_budget(client, member, company, n, django_assert_num_queries):
    for _ in range(n):
        submission = SubmissionFactory(company=company)
        Attachment.objects.create(submission=submission, name="a.pdf", size=1, file="x.pdf")
        submission.partners.add(CompanyFactory())
    client.force_login(member)

    # session, user, affiliation, submissions, partners, attachments
    # +1: the header's unread notifications count (the bell).
    with django_assert_num_queries(7):
        response = client.get(reverse("projects:my-submissions"))

    assert len(response.context["submissions"]) == n


@pytest.mark.parametrize("n", [1, 10])
def test_jury_page_query_budget(client, juror, call, n, django_assert_num_queries):
    for _ in range(n):
        submitted(call=call)
    pass_deadline(call)
    client.force_login(juror)

    # session, user, call + criteria, is-juror (view, selector), affiliation, submissions
    # +1: the header's unread notifications count (the bell).
    with django_assert_num_queries(9):
        response = client.get(reverse("projects:call-jury", args=[call.slug]))

    assert len(response.context["submissions"]) == n


def _ranking_data(call, n, jurors):
    companies = CompanyFactory.create_batch(n)
    submissions = Submission.objects.bulk_create(
        Submission(call=call, company=c, title=f"P{i}", status="submitted", submitted_at=timezone.now())
        for i, c in enumerate(companies)
    )
    Submission.partners.through.objects.bulk_create(
        Submission.partners.through(submission=s, company=companies[(i + 1) % n])
        for i, s in enumerate(submissions)
        if n > 1
    )
    reviews = Review.objects.bulk_create(Review(submission=s, juror=j) for s in submissions for j in jurors)
    criteria = list(call.criteria.all())
    Score.objects.bulk_create(Score(review=r, criterion=c, value=(r.pk + c.pk) % 11) for r in reviews for c in criteria)


@pytest.mark.parametrize("n", [1, 10, 200])
def test_ranking_page_query_budget(client, staff, call, n, django_assert_num_queries):
    jurors = [UserFactory() for _ in range(3)]
    member_of(CompanyFactory(), user=jurors[0])
    call.jurors.set(jurors)
    _ranking_data(call, n, jurors[1:])
    client.force_login(staff)

    # session, user, affiliation (header), call + criteria, jurors, juror companies, submissions, partners
    # +1: the header's unread notifications count (the bell).
    with django_assert_num_queries(10):
        response = client.get(reverse("projects:call-ranking", args=[call.slug]))

    rows = response.context["rows"]
    assert len(rows) == n
    assert all(row.reviews_done == 2 for row in rows)
    assert [row.rank for row in rows] == list(range(1, n + 1))


def test_call_pages_are_translated_to_english(client, call):
    client.cookies["django_language"] = "en"

    html = client.get(reverse("projects:call-list")).content.decode()

    assert "Calls for projects" in html
    assert "(Paris time)" in html


# --- Submit signs off the version read; jurors wait for the deadline -------------------------


def test_submission_page_posts_the_version_read(client, referent, draft):
    client.force_login(referent)

    html = client.get(draft.get_absolute_url()).content.decode()

    assert '<input type="hidden" name="version" value="1"' in html


def test_submit_through_page_with_stale_version_is_refused_and_unchanged(client, referent, member, draft):
    services.update_submission(submission=draft, by=member, version=1, summary="Changé après lecture")
    client.force_login(referent)

    response = client.post(reverse("projects:submission-submit", args=[draft.pk]), {"version": 1}, follow=True)

    assert "modifiée entre-temps" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at) == ("draft", None)


def test_submit_through_page_without_version_is_refused_and_unchanged(client, referent, draft):
    client.force_login(referent)

    response = client.post(reverse("projects:submission-submit", args=[draft.pk]), follow=True)

    assert "La version lue est obligatoire" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at) == ("draft", None)


def test_submit_through_page_with_current_version(client, referent, draft):
    client.force_login(referent)

    client.post(reverse("projects:submission-submit", args=[draft.pk]), {"version": 1})

    draft.refresh_from_db()
    assert (draft.status, draft.submitted_by) == ("submitted", referent)


def test_juror_gets_404_on_review_page_before_the_deadline(client, juror, call, other_submitted):
    interest, feasibility = call.criteria.all()
    client.force_login(juror)

    jury_page = client.get(reverse("projects:call-jury", args=[call.slug]))
    response = client.post(
        reverse("projects:submission-review", args=[other_submitted.pk]),
        {f"criterion_{interest.pk}": 9, f"criterion_{feasibility.pk}": 5},
    )

    assert jury_page.context["submissions"] == []
    assert response.status_code == 404
    other_submitted.refresh_from_db()
    assert (other_submitted.status, Review.objects.count()) == ("submitted", 0)


def test_staff_juror_cannot_score_before_the_deadline(client, staff, call, other_submitted):
    call.jurors.add(staff)
    client.force_login(staff)

    page = client.get(other_submitted.get_absolute_url())
    response = client.post(reverse("projects:submission-review", args=[other_submitted.pk]), {})

    assert (page.context["can_score"], response.status_code) == (False, 403)
    assert not Review.objects.exists()


def test_juror_of_suspended_company_gets_404_on_its_application(client, company_juror, call, company):
    own = submitted(call=call, company=company, title="Candidature maison")
    pass_deadline(call)
    Company.objects.filter(pk=company.pk).update(status=CompanyStatus.SUSPENDED)
    client.force_login(company_juror)

    detail = client.get(own.get_absolute_url())
    review = client.post(reverse("projects:submission-review", args=[own.pk]), {})
    jury_page = client.get(reverse("projects:call-jury", args=[call.slug]))

    assert (detail.status_code, review.status_code) == (404, 404)
    assert jury_page.context["submissions"] == []
    assert not Review.objects.exists()


def test_page_refuses_changes_once_the_call_is_closed_early(client, member, call, draft):
    Call.objects.filter(pk=call.pk).update(status=CallStatus.CLOSED)
    client.force_login(member)

    response = client.post(draft.get_absolute_url(), {"title": "Changé", "summary": "S", "version": 1})

    assert response.status_code == 403
    assert Submission.objects.get(pk=draft.pk).title == "Notre projet"
