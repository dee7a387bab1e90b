"""A call's life (draft → published → closed → decided) and its dates, through the service, the API
PATCH, the admin form and actions, and the bulk publication of decisions."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.enums import CallStatus, Outcome
from projects.models import Call, DeadlineChange
from snitem_portal.timefmt import paris

from ..factories import UserFactory
from .factories import CallFactory, SubmissionFactory, pass_deadline, submitted

PARIS = ZoneInfo("Europe/Paris")
CALLS = "/api/v1/calls/"
pytestmark = pytest.mark.django_db


def _status(call) -> str:
    return Call.objects.get(pk=call.pk).status


def _closed(**kwargs) -> Call:
    return CallFactory(status=CallStatus.CLOSED, **kwargs)


# --- The service -----------------------------------------------------------------------------


def test_call_goes_draft_published_closed_decided(staff):
    call = CallFactory(status=CallStatus.DRAFT)

    steps = []
    for status in (CallStatus.PUBLISHED, CallStatus.CLOSED, CallStatus.DECIDED):
        steps.append(services.change_call_status(call=call, status=status, by=staff).status)

    assert steps == ["published", "closed", "decided"]
    assert _status(call) == "decided"
    assert [h.status for h in Call.history.filter(id=call.pk).order_by("history_id")] == [
        "draft",
        "published",
        "closed",
        "decided",
    ]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (CallStatus.DRAFT, CallStatus.CLOSED),
        (CallStatus.DRAFT, CallStatus.DECIDED),
        (CallStatus.PUBLISHED, CallStatus.DECIDED),
        (CallStatus.CLOSED, CallStatus.DRAFT),
        (CallStatus.DECIDED, CallStatus.PUBLISHED),
        (CallStatus.DECIDED, CallStatus.CLOSED),
        (CallStatus.DECIDED, CallStatus.DRAFT),
    ],
)
def test_transition_outside_the_life_cycle_is_refused_and_changes_nothing(staff, start, target):
    call = CallFactory(status=start, closes_at=timezone.now() + timedelta(days=5))

    with pytest.raises(ValidationError) as refused:
        services.change_call_status(call=call, status=target, by=staff)

    assert "ne peut pas passer au statut" in refused.value.message_dict["status"][0]
    assert _status(call) == start


def test_unknown_status_is_refused(staff, call):
    with pytest.raises(ValidationError, match="Statut inconnu"):
        services.change_call_status(call=call, status="archived", by=staff)

    assert _status(call) == "published"


def test_change_call_status_is_staff_only(referent, call):
    with pytest.raises(PermissionDenied):
        services.change_call_status(call=call, status=CallStatus.CLOSED, by=referent)

    assert _status(call) == "published"


def test_published_call_goes_back_to_draft_while_nobody_applied(staff, call):
    services.change_call_status(call=call, status=CallStatus.DRAFT, by=staff)

    assert _status(call) == "draft"


def test_published_call_with_a_submission_cannot_go_back_to_draft(staff, call, draft):
    with pytest.raises(ValidationError) as refused:
        services.change_call_status(call=call, status=CallStatus.DRAFT, by=staff)

    assert refused.value.message_dict == {
        "status": ["L'appel ne peut plus repasser en brouillon : des candidatures ont déjà été créées."]
    }
    assert _status(call) == "published"


def test_closed_call_reopens_while_its_closing_is_ahead(staff):
    call = _closed(closes_at=timezone.now() + timedelta(days=3))

    services.change_call_status(call=call, status=CallStatus.PUBLISHED, by=staff)

    assert _status(call) == "published"


def test_closed_call_past_its_closing_cannot_reopen(staff):
    closes_at = datetime(2020, 6, 1, 12, 0, tzinfo=PARIS)
    call = _closed(opens_at=closes_at - timedelta(days=60), closes_at=closes_at)

    with pytest.raises(ValidationError) as refused:
        services.change_call_status(call=call, status=CallStatus.PUBLISHED, by=staff)

    assert refused.value.message_dict["status"] == [
        "L'appel ne peut être rouvert que si sa clôture est à venir ; elle a eu lieu le "
        "1er juin 2020, 12:00 (heure de Paris) : reportez d'abord la date limite."
    ]
    assert _status(call) == "closed"


def test_decided_is_refused_while_a_submitted_application_waits_for_a_published_decision(staff, company, other_company):
    call = _closed()
    decided_one = submitted(call=call, company=company)
    waiting = submitted(call=call, company=other_company)
    services.record_decision(submission=decided_one, decision=Outcome.LAUREATE, by=staff)  # pending only
    services.record_decision(submission=waiting, decision=Outcome.NOT_SELECTED, by=staff)  # pending only

    with pytest.raises(ValidationError) as refused:
        services.change_call_status(call=call, status=CallStatus.DECIDED, by=staff)

    assert "attendent encore une décision publiée" in refused.value.message_dict["status"][0]
    assert _status(call) == "closed"


def test_decided_once_every_submitted_application_has_a_published_decision(staff, company, other_company):
    call = _closed()
    for company_ in (company, other_company):
        services.record_decision(submission=submitted(call=call, company=company_), decision="laureate", by=staff)
    SubmissionFactory(call=call, company=company, title="Brouillon jamais déposé")
    SubmissionFactory(call=call, company=other_company, status="withdrawn")
    # Publishing moves the call to decided by itself; take it back to check the explicit move.
    services.publish_decisions(call=call, by=staff)
    Call.objects.filter(pk=call.pk).update(status=CallStatus.CLOSED)

    services.change_call_status(call=call, status=CallStatus.DECIDED, by=staff)

    assert _status(call) == "decided"


def test_decided_with_no_submission_at_all(staff):
    call = _closed()

    services.change_call_status(call=call, status=CallStatus.DECIDED, by=staff)

    assert _status(call) == "decided"


def test_decided_is_refused_while_an_extension_runs(staff, company):
    call = CallFactory()
    late = SubmissionFactory(call=call, company=company)
    services.grant_extension(submission=late, until=call.closes_at + timedelta(days=2), reason="Panne", by=staff)
    services.change_call_status(call=call, status=CallStatus.CLOSED, by=staff)

    with pytest.raises(ValidationError, match="prolongation"):
        services.change_call_status(call=call, status=CallStatus.DECIDED, by=staff)

    assert _status(call) == "closed"


# --- Publishing decisions in bulk ------------------------------------------------------------


def test_publishing_every_decision_of_a_call_closed_early_marks_it_decided(staff, company):
    call = CallFactory()
    services.change_call_status(call=call, status=CallStatus.CLOSED, by=staff)
    services.record_decision(submission=submitted(call=call, company=company), decision="laureate", by=staff)

    services.publish_decisions(call=call, by=staff)

    assert _status(call) == "decided"


def test_publishing_is_refused_while_an_application_has_no_decision(staff, company, other_company):
    call = _closed()
    decided = submitted(call=call, company=company)
    services.record_decision(submission=decided, decision="laureate", by=staff)
    submitted(call=call, company=other_company)

    with pytest.raises(ValidationError, match="1 candidature déposée n'a pas encore de décision"):
        services.publish_decisions(call=call, by=staff)

    assert _status(call) == "closed"
    decided.refresh_from_db()
    assert (decided.status, decided.decision_published_at) == ("submitted", None)


# --- Dates ------------------------------------------------------------------------------------


def test_create_call_refuses_an_opening_after_the_closing(staff):
    opens_at = datetime(2030, 6, 1, 12, 0, tzinfo=PARIS)

    with pytest.raises(ValidationError) as refused:
        services.create_call(
            by=staff, title="Appel", funder="HDH", opens_at=opens_at, closes_at=opens_at - timedelta(hours=1)
        )

    assert refused.value.message_dict["closes_at"] == [
        "La clôture doit être postérieure à l'ouverture : clôture le 1er juin 2030, 11:00 (heure de Paris), "
        "ouverture le 1er juin 2030, 12:00 (heure de Paris)."
    ]
    assert not Call.objects.exists()


def test_update_call_refuses_an_opening_after_the_closing(staff, call):
    old = (call.opens_at, call.closes_at)

    with pytest.raises(ValidationError, match="doit être postérieure à l'ouverture"):
        services.update_call(call=call, by=staff, opens_at=call.closes_at + timedelta(minutes=1))

    call.refresh_from_db()
    assert (call.opens_at, call.closes_at) == old


def test_move_deadline_refuses_a_deadline_before_the_opening(staff, call, draft, mailoutbox):
    old = call.closes_at

    with pytest.raises(ValidationError, match="doit être postérieure à l'ouverture"):
        services.move_deadline(call=call, closes_at=call.opens_at - timedelta(days=1), by=staff, reason="Erreur")

    assert Call.objects.get(pk=call.pk).closes_at == old
    assert not DeadlineChange.objects.exists()
    assert mailoutbox == []


def test_deadline_page_refuses_a_deadline_before_the_opening(client, staff, call):
    client.force_login(staff)
    old = call.closes_at

    response = client.post(
        reverse("projects:call-deadline", args=[call.slug]), {"closes_at": "2001-01-01T12:00"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "La clôture doit être postérieure à l'ouverture : clôture le 1er janvier 2001, 12:00 (heure de Paris), "
        f"ouverture le {paris(call.opens_at)}."
    ]
    assert Call.objects.get(pk=call.pk).closes_at == old
    assert not DeadlineChange.objects.exists()


# --- API ---------------------------------------------------------------------------------------


def test_api_patch_refused_transition_is_400_and_changes_nothing(api_client, staff, call):
    api_client.force_authenticate(staff)

    response = api_client.patch(f"{CALLS}{call.slug}/", {"title": "Nouveau titre", "status": "decided"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"status": ["Un appel au statut « Publié » ne peut pas passer au statut « Décidé »."]}
    call.refresh_from_db()
    assert (call.title, call.status) == ("Appel IA santé", "published")


def test_api_patch_back_to_draft_with_submissions_is_400(api_client, staff, call, draft):
    api_client.force_authenticate(staff)

    response = api_client.patch(f"{CALLS}{call.pk}/", {"status": "draft"}, format="json")

    assert response.status_code == 400
    assert "des candidatures ont déjà été créées" in response.json()["status"][0]
    assert _status(call) == "published"


def test_api_patch_closes_then_decides(api_client, staff, call):
    api_client.force_authenticate(staff)

    closed = api_client.patch(f"{CALLS}{call.pk}/", {"status": "closed"}, format="json")
    decided = api_client.patch(f"{CALLS}{call.pk}/", {"status": "decided"}, format="json")

    assert (closed.status_code, decided.status_code) == (200, 200)
    assert (closed.json()["status"], decided.json()["status"]) == ("closed", "decided")
    assert _status(call) == "decided"


def test_api_patch_reopens_with_a_new_deadline_in_one_request(api_client, staff, company):
    call = _closed()
    pass_deadline(call)
    api_client.force_authenticate(staff)

    refused = api_client.patch(f"{CALLS}{call.pk}/", {"status": "published"}, format="json")
    reopened = api_client.patch(
        f"{CALLS}{call.pk}/", {"status": "published", "closes_at": "2031-06-01T12:00:00+02:00"}, format="json"
    )

    assert refused.status_code == 400
    assert reopened.status_code == 200, reopened.json()
    call.refresh_from_db()
    assert (call.status, call.closes_at.isoformat()) == ("published", "2031-06-01T10:00:00+00:00")
    assert DeadlineChange.objects.filter(call=call).count() == 1


def test_api_patch_refused_status_rolls_back_the_deadline_move(api_client, staff, call, draft, mailoutbox):
    api_client.force_authenticate(staff)
    old = call.closes_at

    response = api_client.patch(
        f"{CALLS}{call.pk}/", {"status": "draft", "closes_at": "2031-06-01T12:00:00+02:00"}, format="json"
    )

    assert response.status_code == 400
    call.refresh_from_db()
    assert (call.status, call.closes_at) == ("published", old)
    assert not DeadlineChange.objects.exists()
    assert mailoutbox == []


def test_api_refuses_an_opening_after_the_closing_on_create_and_update(api_client, staff, call):
    api_client.force_authenticate(staff)
    payload = {
        "title": "Appel 2030",
        "funder": "HDH",
        "opens_at": "2030-06-01T12:00:00+02:00",
        "closes_at": "2030-01-01T12:00:00+01:00",
    }
    old = (call.opens_at, call.closes_at)

    created = api_client.post(CALLS, payload, format="json")
    updated = api_client.patch(f"{CALLS}{call.pk}/", {"opens_at": "2099-01-01T12:00:00+01:00"}, format="json")

    assert (created.status_code, updated.status_code) == (400, 400)
    assert "doit être postérieure à l'ouverture" in created.json()["closes_at"][0]
    assert "doit être postérieure à l'ouverture" in updated.json()["closes_at"][0]
    assert list(Call.objects.values_list("pk", flat=True)) == [call.pk]
    call.refresh_from_db()
    assert (call.opens_at, call.closes_at) == old


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_draft_call_is_hidden_from_list_and_detail_by_slug_and_id(api_client, request, who, call):
    hidden = CallFactory(title="Brouillon secret", status=CallStatus.DRAFT)
    if who == "member":
        api_client.force_authenticate(request.getfixturevalue("member"))

    listed = api_client.get(CALLS)
    by_slug = api_client.get(f"{CALLS}{hidden.slug}/")
    by_id = api_client.get(f"{CALLS}{hidden.pk}/")

    assert [c["id"] for c in listed.json()["results"]] == [call.pk]
    assert (by_slug.status_code, by_id.status_code) == (404, 404)
    assert "Brouillon secret" not in by_slug.content.decode() + by_id.content.decode()


def test_staff_sees_a_draft_call_in_the_api(api_client, staff):
    hidden = CallFactory(status=CallStatus.DRAFT)
    api_client.force_authenticate(staff)

    listed = api_client.get(CALLS)
    by_id = api_client.get(f"{CALLS}{hidden.pk}/")

    assert [c["id"] for c in listed.json()["results"]] == [hidden.pk]
    assert by_id.json()["status"] == "draft"


# --- Admin ---------------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def _admin_data(call, **changes):
    data = {
        "title": call.title,
        "slug": call.slug,
        "funder": call.funder,
        "description": call.description,
        "opens_at": timezone.localtime(call.opens_at, PARIS).strftime("%Y-%m-%dT%H:%M"),
        "status": call.status,
        "applications_received": "",
        "sources": "",
    }
    for prefix in ("criteria", "deadline_changes"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | changes


def test_admin_form_refuses_a_transition_with_a_form_error(client, superuser, call, draft):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:projects_call_change", args=[call.pk]), _admin_data(call, status="draft", title="Changé")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "status": ["L'appel ne peut plus repasser en brouillon : des candidatures ont déjà été créées."]
    }
    call.refresh_from_db()
    assert (call.status, call.title) == ("published", "Appel IA santé")


def test_admin_form_applies_an_allowed_transition_through_the_service(client, superuser, call):
    client.force_login(superuser)

    response = client.post(reverse("admin:projects_call_change", args=[call.pk]), _admin_data(call, status="closed"))

    assert response.status_code == 302
    assert _status(call) == "closed"
    assert Call.history.filter(id=call.pk).latest().history_user == superuser


def test_admin_form_refuses_an_opening_after_the_closing(client, superuser, call):
    client.force_login(superuser)
    old = call.opens_at
    too_late = timezone.localtime(call.closes_at + timedelta(days=1), PARIS).strftime("%Y-%m-%dT%H:%M")

    response = client.post(reverse("admin:projects_call_change", args=[call.pk]), _admin_data(call, opens_at=too_late))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["opens_at"]
    assert "doit être postérieure à l'ouverture" in errors["opens_at"][0]
    assert Call.objects.get(pk=call.pk).opens_at == old


def test_admin_add_form_refuses_an_opening_after_the_closing(client, superuser):
    client.force_login(superuser)
    data = _admin_data(
        Call(title="Nouvel appel", slug="nouvel-appel", funder="HDH", opens_at=datetime(2030, 6, 1, 12, tzinfo=PARIS)),
        closes_at="2030-05-01T12:00",
    )

    response = client.post(reverse("admin:projects_call_add"), data)

    assert response.status_code == 200
    assert "doit être postérieure à l'ouverture" in response.context["adminform"].form.errors["closes_at"][0]
    assert not Call.objects.exists()


def test_admin_actions_go_through_the_service(client, superuser, call, company):
    draft_call = CallFactory(title="Brouillon", status=CallStatus.DRAFT)
    waiting = _closed(title="Attend une décision")
    submitted(call=waiting, company=company)
    client.force_login(superuser)
    url = reverse("admin:projects_call_changelist")

    closing = client.post(url, {"action": "mark_closed", "_selected_action": [call.pk, draft_call.pk]}, follow=True)
    deciding = client.post(url, {"action": "mark_decided", "_selected_action": [waiting.pk]}, follow=True)

    assert (_status(call), _status(draft_call), _status(waiting)) == ("closed", "draft", "closed")
    closing_messages = [str(m) for m in get_messages(closing.wsgi_request)]
    assert closing_messages == [
        "Brouillon : Un appel au statut « Brouillon » ne peut pas passer au statut « Clos ».",
        "1 appel(s) modifié(s).",
    ]
    assert "attendent encore une décision publiée" in " ".join(str(m) for m in get_messages(deciding.wsgi_request))


def test_admin_reopen_action_needs_a_closing_ahead(client, superuser):
    ahead = _closed(title="Rouvrable", closes_at=timezone.now() + timedelta(days=2))
    past = _closed(title="Passé")
    pass_deadline(past)
    client.force_login(superuser)

    client.post(
        reverse("admin:projects_call_changelist"),
        {"action": "mark_published", "_selected_action": [ahead.pk, past.pk]},
    )

    assert (_status(ahead), _status(past)) == ("published", "closed")
