from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.authtoken.models import Token

from projects import services
from projects.enums import CallStatus, Outcome, SubmissionStatus
from projects.models import Attachment, Call, Submission

from ..factories import CompanyFactory, member_of
from .factories import (
    MINIMAL_PDF,
    CallFactory,
    SubmissionFactory,
    confirmed_partner,
    pass_deadline,
    pdf_upload,
    submitted,
)

pytestmark = pytest.mark.django_db

CALLS = "/api/v1/calls/"
SUBMISSIONS = "/api/v1/submissions/"


def sub_url(submission, action=""):
    return f"{SUBMISSIONS}{submission.pk}/{action + '/' if action else ''}"


# --- Calls ---------------------------------------------------------------------------------


def test_calls_are_public_open_first_and_drafts_hidden(api_client, settings):
    now = timezone.now()
    CallFactory(title="Passé", opens_at=now - timedelta(days=100), closes_at=now - timedelta(days=50), status="closed")
    open_call = CallFactory(title="Ouvert")
    CallFactory(title="Brouillon", status=CallStatus.DRAFT)

    response = api_client.get(CALLS)

    assert response.status_code == 200
    assert [c["title"] for c in response.json()["results"]] == ["Ouvert", "Passé"]
    first = response.json()["results"][0]
    assert set(first) == {
        "id",
        "slug",
        "title",
        "funder",
        "opens_at",
        "closes_at",
        "is_open",
        "status",
        "web_url",
    }
    assert first["is_open"] is True
    assert first["web_url"] == f"{settings.SITE_URL}/appels/{open_call.slug}/"
    assert first["closes_at"].endswith(("+00:00", "+01:00", "+02:00", "Z"))


def test_call_detail_by_slug_or_id_with_published_laureates_only(api_client, call, company, staff):
    laureate = submitted(call=call, company=company, title="Projet lauréat", summary="Résumé public")
    pending = submitted(call=call, company=CompanyFactory(), title="Décision en attente")
    pass_deadline(call)
    services.record_decision(submission=laureate, decision=Outcome.LAUREATE, by=staff)
    services.record_decision(submission=pending, decision=Outcome.LAUREATE, by=staff)
    before_publishing = api_client.get(f"{CALLS}{call.slug}/").json()["laureates"]
    services.record_decision(submission=pending, decision=Outcome.NOT_SELECTED, by=staff)
    services.publish_decisions(call=call, by=staff)

    by_slug = api_client.get(f"{CALLS}{call.slug}/").json()
    by_id = api_client.get(f"{CALLS}{call.pk}/").json()

    assert before_publishing == []
    assert by_slug == by_id
    assert by_slug["laureates"] == [{"title": "Projet lauréat", "holder": company.name, "summary": "Résumé public"}]


def test_draft_call_is_404_for_non_staff(api_client, member):
    hidden = CallFactory(status=CallStatus.DRAFT)
    api_client.force_authenticate(member)

    assert api_client.get(f"{CALLS}{hidden.slug}/").status_code == 404


def test_staff_create_call_and_date_without_time_is_refused(api_client, staff):
    api_client.force_authenticate(staff)
    payload = {
        "title": "Appel 2030",
        "funder": "HDH",
        "description": "Texte",
        "opens_at": "2030-01-01T09:00:00+01:00",
        "closes_at": "2030-06-01",
        "status": "published",
    }

    refused = api_client.post(CALLS, payload, format="json")
    payload["closes_at"] = "2030-06-01T12:00:00+02:00"
    created = api_client.post(CALLS, payload, format="json")

    assert refused.status_code == 400
    assert "heure" in refused.json()["closes_at"][0]
    assert created.status_code == 201, created.json()
    call = Call.objects.get()
    assert (call.slug, call.status, call.closes_at.isoformat()) == (
        "appel-2030",
        "published",
        "2030-06-01T10:00:00+00:00",
    )


def test_member_cannot_create_or_patch_calls(api_client, member, call):
    api_client.force_authenticate(member)

    created = api_client.post(CALLS, {"title": "X", "funder": "Y"}, format="json")
    patched = api_client.patch(f"{CALLS}{call.slug}/", {"title": "Piraté"}, format="json")

    assert (created.status_code, patched.status_code) == (403, 403)
    assert Call.objects.get().title == "Appel IA santé"


def test_staff_patch_of_closes_at_keeps_history(api_client, staff, call):
    api_client.force_authenticate(staff)

    response = api_client.patch(f"{CALLS}{call.pk}/", {"closes_at": "2031-06-01T12:00:00+02:00"}, format="json")

    assert response.status_code == 200, response.json()
    assert call.deadline_changes.get().new_closes_at.isoformat() == "2031-06-01T10:00:00+00:00"


# --- Submissions visibility ------------------------------------------------------------------


def test_submissions_list_shows_only_own_company(api_client, member, draft, other_draft, other_submitted):
    api_client.force_authenticate(member)

    response = api_client.get(SUBMISSIONS)

    assert [s["id"] for s in response.json()["results"]] == [draft.pk]
    for hidden in (other_draft, other_submitted):
        assert api_client.get(sub_url(hidden)).status_code == 404


def test_staff_and_jurors_see_submitted_ones_but_not_drafts_or_recused(
    api_client, staff, juror, company_juror, draft, other_draft, other_submitted, call, company
):
    partner_app = submitted(call=call, company=CompanyFactory(), title="Avec partenaire")
    confirmed_partner(partner_app, company)
    pass_deadline(call)

    api_client.force_authenticate(staff)
    staff_ids = sorted(s["id"] for s in api_client.get(SUBMISSIONS).json()["results"])
    api_client.force_authenticate(juror)
    juror_ids = sorted(s["id"] for s in api_client.get(SUBMISSIONS).json()["results"])
    api_client.force_authenticate(company_juror)
    company_juror_ids = sorted(s["id"] for s in api_client.get(SUBMISSIONS).json()["results"])

    assert staff_ids == sorted([other_submitted.pk, partner_app.pk])
    assert juror_ids == sorted([other_submitted.pk, partner_app.pk])
    # Own company's draft (as a member) but not the partner application (recused) .
    assert company_juror_ids == sorted([draft.pk, other_submitted.pk])
    assert api_client.get(sub_url(partner_app)).status_code == 404


def test_anonymous_gets_401(api_client, draft):
    assert api_client.get(SUBMISSIONS).status_code == 401


# --- Submissions writes ----------------------------------------------------------------------


def test_member_creates_a_draft(api_client, member, call, company):
    api_client.force_authenticate(member)

    response = api_client.post(SUBMISSIONS, {"call": call.pk, "title": "Mon projet", "summary": "S"}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["version"], body["company"]) == (
        "draft",
        1,
        {"id": company.pk, "name": company.name},
    )
    assert body["web_url"].endswith(f"/candidatures/{body['id']}/")


def test_create_after_deadline_is_400_and_nothing_created(api_client, member, call):
    api_client.force_authenticate(member)

    with time_machine.travel(call.closes_at, tick=False):
        response = api_client.post(SUBMISSIONS, {"call": call.pk, "title": "Tard"}, format="json")

    assert response.status_code == 400
    assert "date limite" in response.json()["detail"]
    assert not Submission.objects.exists()


def test_patch_with_stale_version_is_409_and_changes_nothing(api_client, member, draft):
    api_client.force_authenticate(member)
    ok = api_client.patch(sub_url(draft), {"version": 1, "title": "V2"}, format="json")

    stale = api_client.patch(sub_url(draft), {"version": 1, "title": "Écrase"}, format="json")

    assert ok.status_code == 200
    assert stale.status_code == 409
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("V2", 2)


def test_patch_without_version_is_400(api_client, member, draft):
    api_client.force_authenticate(member)

    response = api_client.patch(sub_url(draft), {"title": "Sans version"}, format="json")

    assert response.status_code == 400
    assert Submission.objects.get(pk=draft.pk).title == "Notre projet"


def test_non_referent_submit_is_403_and_unchanged(api_client, member, draft):
    api_client.force_authenticate(member)

    response = api_client.post(sub_url(draft, "submit"))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at) == ("draft", None)


def test_referent_submits_then_withdraws(api_client, referent, draft):
    api_client.force_authenticate(referent)

    submitted_body = api_client.post(sub_url(draft, "submit"), {"version": draft.version}, format="json").json()
    withdrawn = api_client.post(sub_url(draft, "withdraw"))

    assert submitted_body["status"] == "submitted"
    assert submitted_body["submitted_at"] is not None
    assert withdrawn.json()["status"] == "withdrawn"


def test_submit_after_deadline_is_400(api_client, referent, draft):
    api_client.force_authenticate(referent)

    with time_machine.travel(draft.call.closes_at + timedelta(seconds=1), tick=False):
        response = api_client.post(sub_url(draft, "submit"), {"version": draft.version}, format="json")

    assert response.status_code == 400
    assert Submission.objects.get(pk=draft.pk).status == "draft"


def test_other_company_cannot_submit_or_upload_hidden(api_client, outsider, draft):
    api_client.force_authenticate(outsider)

    assert api_client.post(sub_url(draft, "submit")).status_code == 404
    assert api_client.post(sub_url(draft, "attachments"), {"file": pdf_upload()}, format="multipart").status_code == 404
    assert api_client.patch(sub_url(draft), {"version": 1, "title": "x"}, format="json").status_code == 404

    draft.refresh_from_db()
    assert (draft.status, draft.title, draft.attachments.count()) == ("draft", "Notre projet", 0)


def test_upload_attachment(api_client, member, draft):
    api_client.force_authenticate(member)

    response = api_client.post(sub_url(draft, "attachments"), {"file": pdf_upload("a.pdf")}, format="multipart")

    assert response.status_code == 201, response.json()
    assert (response.json()["name"], response.json()["size"]) == ("a.pdf", len(MINIMAL_PDF))


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.pdf", b"not a pdf at all"), ("a.exe", MINIMAL_PDF), ("a.pdf", b"")],
)
def test_refused_attachment_is_400_with_message(api_client, member, draft, name, content):
    api_client.force_authenticate(member)

    response = api_client.post(sub_url(draft, "attachments"), {"file": pdf_upload(name, content)}, format="multipart")

    assert response.status_code == 400
    assert response.json()["file"][0]
    assert not Attachment.objects.exists()


def test_decide_is_staff_only(api_client, staff, referent, draft):
    services.submit_submission(submission=draft, by=referent, version=draft.version)
    pass_deadline(draft.call)
    api_client.force_authenticate(referent)
    refused = api_client.post(sub_url(draft, "decide"), {"decision": "laureate"}, format="json")
    api_client.force_authenticate(staff)
    invalid = api_client.post(sub_url(draft, "decide"), {"decision": "maybe"}, format="json")

    accepted = api_client.post(sub_url(draft, "decide"), {"decision": "laureate"}, format="json")

    assert (refused.status_code, invalid.status_code, accepted.status_code) == (403, 400, 200)
    assert accepted.json()["decision"] == "laureate"
    draft.refresh_from_db()
    assert (draft.decision, draft.status) == ("laureate", SubmissionStatus.SUBMITTED)


def test_pending_decision_is_hidden_from_the_company(api_client, staff, referent, draft):
    services.submit_submission(submission=draft, by=referent, version=draft.version)
    pass_deadline(draft.call)
    services.record_decision(submission=draft, decision=Outcome.LAUREATE, by=staff)
    api_client.force_authenticate(referent)

    assert api_client.get(sub_url(draft)).json()["decision"] is None


def test_token_auth_works(api_client, member, draft):
    token = Token.objects.create(user=member)

    response = api_client.get(SUBMISSIONS, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.json()["count"] == 1


# --- Query counts ----------------------------------------------------------------------------


def _submissions_for(company, call, n):
    for i in range(n):
        submission = SubmissionFactory(call=call, company=company, title=f"P{i}")
        submission.partners.add(CompanyFactory())
        Attachment.objects.create(submission=submission, name="a.pdf", size=1, file="x.pdf")


@pytest.mark.parametrize("n", [1, 10])
def test_submission_list_query_budget(api_client, member, company, call, n, django_assert_num_queries):
    _submissions_for(company, call, n)
    api_client.force_authenticate(member)

    # affiliation, count, page, partners, attachments
    with django_assert_num_queries(5):
        response = api_client.get(SUBMISSIONS)

    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 10])
def test_call_list_query_budget(api_client, n, django_assert_num_queries):
    for _ in range(n):
        CallFactory()

    with django_assert_num_queries(2):
        response = api_client.get(CALLS)

    assert response.json()["count"] == n


def test_reviewer_member_of_company_sees_own_company_too(api_client, company, call):
    colleague = member_of(company)
    api_client.force_authenticate(colleague)

    assert api_client.get(SUBMISSIONS).json()["count"] == 0


def test_submit_without_version_is_400_and_unchanged(api_client, referent, draft):
    api_client.force_authenticate(referent)

    response = api_client.post(sub_url(draft, "submit"), {}, format="json")

    assert response.status_code == 400
    assert "version" in response.json()
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at) == ("draft", None)


def test_submit_with_invalid_version_is_400_and_unchanged(api_client, referent, draft):
    api_client.force_authenticate(referent)

    response = api_client.post(sub_url(draft, "submit"), {"version": "deux"}, format="json")

    assert response.status_code == 400
    assert Submission.objects.get(pk=draft.pk).status == "draft"


def test_submit_with_stale_version_is_409_and_unchanged(api_client, referent, member, draft):
    services.update_submission(submission=draft, by=member, version=1, summary="Changé après lecture")
    api_client.force_authenticate(referent)

    response = api_client.post(sub_url(draft, "submit"), {"version": 1}, format="json")

    assert response.status_code == 409
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at, draft.version) == ("draft", None, 2)


def test_juror_does_not_see_a_submission_before_its_deadline(api_client, juror, other_submitted):
    api_client.force_authenticate(juror)

    listed = api_client.get(SUBMISSIONS).json()["results"]
    detail = api_client.get(sub_url(other_submitted))

    assert (listed, detail.status_code) == ([], 404)
    pass_deadline(other_submitted.call)
    assert api_client.get(sub_url(other_submitted)).status_code == 200
