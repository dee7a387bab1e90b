"""Decisions on applications wait for the call's closing, and are published only once every sent
application has one: the same rule through the service, the staff pages, the API and admin."""

import html
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects import services
from projects.enums import CallStatus, Outcome
from projects.forms import DecisionForm
from projects.models import Call, Submission

from ..factories import UserFactory
from .factories import pass_deadline, submitted


def _state(submission: Submission) -> tuple:
    submission.refresh_from_db()
    return submission.status, submission.decision, submission.decision_published_at


@pytest.fixture
def sent(call, company):
    return submitted(call=call, company=company, title="Projet déposé")


def test_service_refuses_a_decision_while_the_call_is_open(call, sent, staff):
    with pytest.raises(ValidationError, match="qu'après la clôture de l'appel"):
        services.record_decision(submission=sent, decision=Outcome.LAUREATE, by=staff)

    assert _state(sent) == ("submitted", "", None)


def test_service_accepts_a_decision_once_staff_closed_the_call_early(call, sent, staff):
    services.change_call_status(call=call, status=CallStatus.CLOSED, by=staff)

    services.record_decision(submission=sent, decision=Outcome.LAUREATE, by=staff)

    assert _state(sent) == ("submitted", "laureate", None)


def test_service_waits_for_the_end_of_an_extension(call, company, staff):
    late = submitted(call=call, company=company)
    services.grant_extension(submission=late, until=call.closes_at + timedelta(days=3), reason="Panne", by=staff)
    Call.objects.filter(pk=call.pk).update(closes_at=call.closes_at, status=CallStatus.CLOSED)

    with pytest.raises(ValidationError, match="prolongation"):
        services.record_decision(submission=late, decision=Outcome.NOT_SELECTED, by=staff)

    assert _state(late) == ("submitted", "", None)


def test_service_refuses_to_publish_before_the_closing(call, sent, staff):
    Submission.objects.filter(pk=sent.pk).update(decision=Outcome.LAUREATE, decided_by=staff)

    with pytest.raises(ValidationError, match="qu'après la clôture"):
        services.publish_decisions(call=call, by=staff)

    assert _state(sent) == ("submitted", "laureate", None)


def test_page_refuses_a_decision_while_the_call_is_open(client, call, sent, staff):
    client.force_login(staff)

    response = client.post(
        reverse("projects:submission-decide", args=[sent.pk]), {"decision": Outcome.LAUREATE}, follow=True
    )

    assert "qu'après la clôture de l'appel" in html.unescape(response.content.decode())
    assert _state(sent) == ("submitted", "", None)


def test_ranking_page_offers_no_decision_form_while_the_call_is_open(client, call, sent, staff):
    client.force_login(staff)

    page = client.get(reverse("projects:call-ranking", args=[call.slug])).content.decode()

    assert f'id="decision-{sent.pk}"' not in page
    assert "pas encore clos" in page


def test_page_with_the_empty_choice_records_nothing(client, call, sent, staff):
    pass_deadline(call)
    client.force_login(staff)

    response = client.post(reverse("projects:submission-decide", args=[sent.pk]), {"decision": ""}, follow=True)

    assert "Choisissez une décision." in response.content.decode()
    assert _state(sent) == ("submitted", "", None)


def test_decision_form_starts_with_an_empty_choice():
    form = DecisionForm()

    assert [value for value, _label in form.fields["decision"].choices] == ["", "laureate", "not_selected"]
    assert form.fields["decision"].initial is None


def test_ranking_page_preselects_nothing_once_closed(client, call, sent, staff):
    pass_deadline(call)
    client.force_login(staff)

    page = client.get(reverse("projects:call-ranking", args=[call.slug])).content.decode()

    select = page.split(f'id="decision-{sent.pk}"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>' in select
    assert select.count(" selected") == 1


def test_page_refuses_to_publish_while_an_application_has_no_decision(client, call, sent, other_submitted, staff):
    pass_deadline(call)
    services.record_decision(submission=sent, decision=Outcome.LAUREATE, by=staff)
    client.force_login(staff)

    response = client.post(reverse("projects:call-publish", args=[call.slug]), follow=True)

    assert "1 candidature déposée n'a pas encore de décision" in html.unescape(response.content.decode())
    assert _state(sent) == ("submitted", "laureate", None)
    assert _state(other_submitted) == ("submitted", "", None)


def test_api_refuses_a_decision_while_the_call_is_open(api_client, call, sent, staff):
    api_client.force_authenticate(staff)

    response = api_client.post(f"/api/v1/submissions/{sent.pk}/decide/", {"decision": "laureate"}, format="json")

    assert response.status_code == 400
    assert "clôture" in response.json()["detail"]
    assert _state(sent) == ("submitted", "", None)


def test_admin_action_refuses_a_decision_while_the_call_is_open(client, call, sent):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)

    response = client.post(
        reverse("admin:projects_submission_changelist"),
        {"action": "decide_laureate", "_selected_action": [sent.pk]},
        follow=True,
    )

    assert "clôture" in response.content.decode()
    assert _state(sent) == ("submitted", "", None)


def test_laureate_is_public_only_after_closing_and_publication(client, call, sent, staff):
    pass_deadline(call)
    services.record_decision(submission=sent, decision=Outcome.LAUREATE, by=staff)
    before = client.get(reverse("projects:call-laureates", args=[call.slug])).content.decode()

    services.publish_decisions(call=call, by=staff)

    after = client.get(reverse("projects:call-laureates", args=[call.slug])).content.decode()
    assert "Projet déposé" not in before
    assert "Projet déposé" in after
