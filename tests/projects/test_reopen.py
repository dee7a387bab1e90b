"""A withdrawn application re-opened as a draft by a referent, while the call is open to it: service,
API (``POST /api/v1/submissions/{id}/reopen/``) and the submission page."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from projects import services
from projects.enums import CallStatus, SubmissionStatus
from projects.models import Call, Submission
from snitem_portal.exceptions import Conflict

from ..factories import referent_of
from .factories import CallFactory, SubmissionFactory

pytestmark = pytest.mark.django_db
SUBMISSIONS = "/api/v1/submissions/"


def reopen_url(submission) -> str:
    return f"{SUBMISSIONS}{submission.pk}/reopen/"


@pytest.fixture
def withdrawn(draft, referent):
    """Our application, submitted then withdrawn by the referent (version 3)."""
    services.submit_submission(submission=draft, by=referent, version=draft.version)
    return services.withdraw_submission(submission=draft, by=referent)


def _state(submission) -> tuple:
    fresh = Submission.objects.get(pk=submission.pk)
    return fresh.status, fresh.version, fresh.submitted_at


# --- The service -----------------------------------------------------------------------------


def test_referent_reopens_a_withdrawn_application_as_a_draft(withdrawn, referent, member):
    assert (withdrawn.status, withdrawn.version) == (SubmissionStatus.WITHDRAWN, 3)

    reopened = services.reopen_submission(submission=withdrawn, by=referent, version=3)

    reopened.refresh_from_db()
    assert (reopened.status, reopened.version) == (SubmissionStatus.DRAFT, 4)
    assert (reopened.submitted_at, reopened.submitted_by, reopened.snapshot) == (None, None, "")
    # The history keeps the submission that was withdrawn.
    assert [h.status for h in reopened.history.order_by("history_id")] == ["draft", "submitted", "withdrawn", "draft"]
    # The company works on it again, and the referent submits it anew.
    services.update_submission(submission=reopened, by=member, version=4, summary="Résumé revu")
    again = services.submit_submission(submission=reopened, by=referent, version=5)
    assert (again.status, again.submitted_by, again.summary) == ("submitted", referent, "Résumé revu")


def test_reopen_without_a_version_is_accepted_like_withdraw(withdrawn, referent):
    services.reopen_submission(submission=withdrawn, by=referent)

    assert _state(withdrawn)[:2] == ("draft", 4)


def test_member_who_is_not_referent_cannot_reopen(withdrawn, member):
    before = _state(withdrawn)

    with pytest.raises(PermissionDenied, match="référent"):
        services.reopen_submission(submission=withdrawn, by=member, version=3)

    assert _state(withdrawn) == before


def test_referent_of_another_company_cannot_reopen(withdrawn, other_company):
    before = _state(withdrawn)
    stranger = referent_of(other_company, user__email="ref@other.example")

    with pytest.raises(PermissionDenied):
        services.reopen_submission(submission=withdrawn, by=stranger, version=3)

    assert _state(withdrawn) == before


@pytest.mark.parametrize("status", [SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED])
def test_only_a_withdrawn_application_can_be_reopened(call, company, referent, status):
    submission = SubmissionFactory(call=call, company=company, status=status)
    before = _state(submission)

    with pytest.raises(Conflict, match="Seule une candidature retirée"):
        services.reopen_submission(submission=submission, by=referent)

    assert _state(submission) == before


def test_reopen_with_a_stale_version_is_a_conflict_and_changes_nothing(withdrawn, referent):
    with pytest.raises(Conflict):
        services.reopen_submission(submission=withdrawn, by=referent, version=2)

    assert _state(withdrawn)[:2] == ("withdrawn", 3)


def test_reopen_at_the_deadline_is_refused(withdrawn, referent):
    with time_machine.travel(withdrawn.call.closes_at, tick=False), pytest.raises(ValidationError, match="date limite"):
        services.reopen_submission(submission=withdrawn, by=referent, version=3)

    assert _state(withdrawn)[:2] == ("withdrawn", 3)


def test_reopen_one_second_before_the_deadline_is_accepted(withdrawn, referent):
    with time_machine.travel(withdrawn.call.closes_at - timedelta(seconds=1), tick=False):
        services.reopen_submission(submission=withdrawn, by=referent, version=3)

    assert _state(withdrawn)[0] == "draft"


def test_reopen_after_the_deadline_within_an_extension(withdrawn, referent, staff):
    call = withdrawn.call
    # Staff extend a submitted application; the company withdrew it since (state kept from before).
    Submission.objects.filter(pk=withdrawn.pk).update(extension_until=call.closes_at + timedelta(days=1))

    with time_machine.travel(call.closes_at + timedelta(hours=1), tick=False):
        services.reopen_submission(submission=withdrawn, by=referent, version=3)

    assert _state(withdrawn)[0] == "draft"


@pytest.mark.parametrize("status", [CallStatus.CLOSED, CallStatus.DECIDED])
def test_reopen_is_refused_once_the_call_is_closed_or_decided(withdrawn, referent, status):
    Call.objects.filter(pk=withdrawn.call_id).update(status=status)

    with pytest.raises(ValidationError):
        services.reopen_submission(submission=withdrawn, by=referent, version=3)

    assert _state(withdrawn)[:2] == ("withdrawn", 3)


def test_reopen_respects_one_application_per_company(company, member, referent):
    call = CallFactory(one_per_company=True)
    first = services.create_submission(call=call, by=member, title="Premier", summary="S")
    services.withdraw_submission(submission=first, by=referent)
    services.create_submission(call=call, by=member, title="Second", summary="S")

    with pytest.raises(ValidationError, match="qu'une candidature par entreprise"):
        services.reopen_submission(submission=first, by=referent)

    assert Submission.objects.get(pk=first.pk).status == "withdrawn"


# --- API ---------------------------------------------------------------------------------------


def test_api_reopen_by_referent(api_client, withdrawn, referent):
    api_client.force_authenticate(referent)

    response = api_client.post(reopen_url(withdrawn), {"version": 3}, format="json")

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["version"], response.json()["submitted_at"]) == (
        "draft",
        4,
        None,
    )


def test_api_reopen_by_member_is_403_and_unchanged(api_client, withdrawn, member):
    api_client.force_authenticate(member)
    before = _state(withdrawn)

    response = api_client.post(reopen_url(withdrawn), {"version": 3}, format="json")

    assert response.status_code == 403
    assert _state(withdrawn) == before


def test_api_reopen_by_another_company_is_404_and_unchanged(api_client, withdrawn, outsider, other_company):
    stranger = referent_of(other_company, user__email="ref@other.example")
    before = _state(withdrawn)

    answers = []
    for user in (outsider, stranger):
        api_client.force_authenticate(user)
        answers.append(api_client.post(reopen_url(withdrawn), {"version": 3}, format="json").status_code)

    assert answers == [404, 404]
    assert _state(withdrawn) == before


def test_api_reopen_with_stale_version_is_409_and_after_deadline_400(api_client, withdrawn, referent):
    api_client.force_authenticate(referent)

    stale = api_client.post(reopen_url(withdrawn), {"version": 1}, format="json")
    with time_machine.travel(withdrawn.call.closes_at + timedelta(seconds=1), tick=False):
        late = api_client.post(reopen_url(withdrawn), {"version": 3}, format="json")

    assert (stale.status_code, late.status_code) == (409, 400)
    assert "date limite" in late.json()["detail"]
    assert _state(withdrawn)[:2] == ("withdrawn", 3)


def test_api_reopen_of_a_draft_is_409(api_client, draft, referent):
    api_client.force_authenticate(referent)

    response = api_client.post(reopen_url(draft), {}, format="json")

    assert response.status_code == 409
    assert _state(draft)[:2] == ("draft", 1)


def test_schema_documents_the_reopen_endpoint(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    operation = schema["paths"]["/api/v1/submissions/{id}/reopen/"]["post"]
    request_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    response_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert (request_ref, response_ref) == (
        "#/components/schemas/SubmissionReopenRequest",
        "#/components/schemas/Submission",
    )
    assert list(schema["components"]["schemas"]["SubmissionReopenRequest"]["properties"]) == ["version"]


# --- Page ----------------------------------------------------------------------------------------


def test_submission_page_shows_the_reopen_button_to_the_referent_only(client, withdrawn, referent, member):
    url = reverse("projects:submission-detail", args=[withdrawn.pk])
    action = reverse("projects:submission-reopen", args=[withdrawn.pk])

    client.force_login(referent)
    as_referent = client.get(url).content.decode()
    client.force_login(member)
    as_member = client.get(url).content.decode()

    assert action in as_referent
    assert 'name="version" value="3"' in as_referent
    assert action not in as_member


def test_referent_reopens_through_the_page(client, withdrawn, referent):
    client.force_login(referent)

    response = client.post(reverse("projects:submission-reopen", args=[withdrawn.pk]), {"version": 3}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Candidature rouverte : elle est de nouveau un brouillon."
    ]
    assert _state(withdrawn)[:2] == ("draft", 4)
    assert 'name="title"' in response.content.decode()  # the edit form is back


def test_page_reopen_by_member_is_403_and_by_another_company_404(client, withdrawn, member, outsider):
    url = reverse("projects:submission-reopen", args=[withdrawn.pk])
    before = _state(withdrawn)

    client.force_login(member)
    as_member = client.post(url, {"version": 3})
    client.force_login(outsider)
    as_outsider = client.post(url, {"version": 3})

    assert (as_member.status_code, as_outsider.status_code) == (403, 404)
    assert _state(withdrawn) == before


def test_page_reopen_with_stale_version_shows_an_error_and_changes_nothing(client, withdrawn, referent):
    client.force_login(referent)

    response = client.post(reverse("projects:submission-reopen", args=[withdrawn.pk]), {"version": 2}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "La candidature a été modifiée entre-temps : rechargez la page (elle n'a pas été rouverte)."
    ]
    assert _state(withdrawn)[:2] == ("withdrawn", 3)


def test_two_reopens_at_once_keep_one_application_per_company(run_together, company, referent):
    call = CallFactory(one_per_company=True)
    first = SubmissionFactory(call=call, company=company, status=SubmissionStatus.WITHDRAWN)
    second = SubmissionFactory(call=call, company=company, status=SubmissionStatus.WITHDRAWN)

    run_together(
        lambda: services.reopen_submission(submission=first, by=referent),
        lambda: services.reopen_submission(submission=second, by=referent),
    )

    live = Submission.objects.filter(call=call, company=company).exclude(status=SubmissionStatus.WITHDRAWN)
    assert live.count() == 1


def test_reopen_and_new_draft_at_once_keep_one_application_per_company(run_together, company, referent):
    call = CallFactory(one_per_company=True)
    withdrawn = SubmissionFactory(call=call, company=company, status=SubmissionStatus.WITHDRAWN)

    run_together(
        lambda: services.reopen_submission(submission=withdrawn, by=referent),
        lambda: services.create_submission(call=call, by=referent, title="Nouveau"),
    )

    live = Submission.objects.filter(call=call, company=company).exclude(status=SubmissionStatus.WITHDRAWN)
    assert live.count() == 1
