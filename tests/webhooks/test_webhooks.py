"""Webhooks: signed JSON to a real HTTPS receiver, retried with backoff, never in the caller's way."""

import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import trustme
from django.core.exceptions import ValidationError
from django.urls import reverse

from groups.webhooks import meeting_scheduled
from projects import services as project_services
from projects.enums import CallStatus
from roadmap.webhooks import position_submitted
from tests.factories import CompanyFactory
from tests.groups.factories import MeetingFactory
from tests.projects.factories import CallFactory, submitted
from tests.roadmap.factories import PositionFactory
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus, Endpoint
from webhooks.signing import HEADER, sign, verify

SECRET = "s3cr3t-partagé"


class Receiver:
    """An HTTPS server with its own certificate authority: answers ``codes`` in turn, then 200."""

    def __init__(self, ca_path):
        self.ca_path = ca_path
        self.codes: list[int] = []
        self.received: list[dict] = []

    def handle(self, handler):
        body = handler.rfile.read(int(handler.headers["Content-Length"]))
        self.received.append(
            {
                "body": json.loads(body),
                "signed": verify(secret=SECRET, body=body, header=handler.headers.get(HEADER, "")),
                "event": handler.headers["X-Snitem-Event"],
            }
        )
        code = self.codes.pop(0) if self.codes else 200
        handler.send_response(code)
        handler.end_headers()


@pytest.fixture
def receiver(settings, tmp_path):
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca_path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_path))
    state = Receiver(ca_path)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            state.handle(self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WEBHOOKS_CA_BUNDLE = str(ca_path)
    settings.WEBHOOKS_RETRY_BASE = 0
    state.url = f"https://127.0.0.1:{server.server_address[1]}/hooks/snitem"
    yield state
    server.shutdown()
    server.server_close()


def _endpoint(url, events=("decision.published",), **kwargs):
    return Endpoint.objects.create(name="CRM de l'association", url=url, secret=SECRET, events=list(events), **kwargs)


def _decided_call(staff):
    call = CallFactory(status=CallStatus.CLOSED, title="Appel Data Challenge")
    laureate = submitted(call=call, company=CompanyFactory(name="Lauréate SA"), title="Projet lauréat")
    other = submitted(call=call, company=CompanyFactory(name="Autre SA"), title="Projet non retenu")
    project_services.record_decision(submission=laureate, decision="laureate", by=staff)
    project_services.record_decision(submission=other, decision="not_selected", by=staff)
    return call


def test_failed_first_try_is_retried_and_each_try_is_signed(
    staff, receiver, eager_retries, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(receiver.url)
    call = _decided_call(staff)
    receiver.codes = [500]

    with django_capture_on_commit_callbacks(execute=True):
        project_services.publish_decisions(call=call, by=staff)

    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 2, 200)
    assert [(r["event"], r["signed"]) for r in receiver.received] == [("decision.published", True)] * 2
    data = receiver.received[-1]["body"]["data"]
    assert data["laureates"] == [{"title": "Projet lauréat", "company": "Lauréate SA"}]
    assert (data["title"], data["not_selected_count"]) == ("Appel Data Challenge", 1)
    assert receiver.received[-1]["body"]["id"] == delivery.pk


def test_endpoint_down_never_fails_the_action_and_is_given_up_after_the_last_attempt(
    settings, staff, eager_retries, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_MAX_ATTEMPTS, settings.WEBHOOKS_RETRY_BASE = 3, 0
    endpoint = _endpoint("https://127.0.0.1:9/nobody-listens")
    call = _decided_call(staff)

    with django_capture_on_commit_callbacks(execute=True):
        published = project_services.publish_decisions(call=call, by=staff)

    assert len(published) == 2
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.FAILED, 3, None)
    assert "ConnectionError" in delivery.last_error


def test_nothing_is_sent_before_the_action_commits(staff, receiver, django_capture_on_commit_callbacks):
    _endpoint(receiver.url)
    call = _decided_call(staff)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        project_services.publish_decisions(call=call, by=staff)

    assert receiver.received == []
    assert len(callbacks) >= 1
    assert Delivery.objects.get().status == DeliveryStatus.PENDING


def test_only_active_endpoints_subscribed_to_the_event_are_told(staff, receiver, django_capture_on_commit_callbacks):
    told = _endpoint(receiver.url)
    _endpoint(receiver.url, events=["meeting.scheduled"])
    _endpoint(receiver.url, is_active=False)
    call = _decided_call(staff)

    with django_capture_on_commit_callbacks(execute=True):
        project_services.publish_decisions(call=call, by=staff)

    assert list(Delivery.objects.values_list("endpoint", flat=True)) == [told.pk]
    assert len(receiver.received) == 1


def test_redeliver_sends_the_same_body_again(staff, receiver, django_capture_on_commit_callbacks):
    _endpoint(receiver.url)
    call = _decided_call(staff)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.publish_decisions(call=call, by=staff)

    with django_capture_on_commit_callbacks(execute=True):
        services.redeliver(delivery=Delivery.objects.get())

    assert receiver.received[0]["body"] == receiver.received[1]["body"]
    assert Delivery.objects.get().attempts == 1


def test_signature_refuses_a_changed_body_an_old_message_and_another_secret():
    body = b'{"event":"ping"}'
    header = sign(secret=SECRET, body=body)

    assert verify(secret=SECRET, body=body, header=header)
    assert not verify(secret=SECRET, body=b'{"event":"pong"}', header=header)
    assert not verify(secret="another", body=body, header=header)
    assert not verify(secret=SECRET, body=body, header=header, now=time.time() + 600)
    assert not verify(secret=SECRET, body=body, header="v1=deadbeef")


@pytest.mark.parametrize("url", ["http://crm.example/hook", "javascript:alert(1)", "ftp://crm.example/"])
def test_endpoint_url_must_be_https(db, url):
    with pytest.raises(ValidationError) as refused:
        Endpoint(name="CRM", url=url, events=["decision.published"]).full_clean()

    assert "url" in refused.value.message_dict


def test_payloads_hold_only_public_fields(db):
    meeting = MeetingFactory(place="Salle secrète", video_url="https://visio.example/secret")
    unshared = PositionFactory(company=CompanyFactory(), argument="ARGUMENT-CONFIDENTIEL", shared=False)

    assert "secret" not in json.dumps(meeting_scheduled(meeting), default=str)
    assert position_submitted(unshared)["argument"] is None


def test_staff_register_an_endpoint_and_send_a_test_in_admin(
    client, staff, receiver, django_capture_on_commit_callbacks
):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)

    response = client.post(
        reverse("admin:webhooks_endpoint_add"),
        {
            "name": "CRM",
            "url": receiver.url,
            "secret": SECRET,
            "events": ["decision.published", "meeting.scheduled"],
            "is_active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    endpoint = Endpoint.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:webhooks_endpoint_changelist"),
            {"action": "send_test", "_selected_action": [endpoint.pk]},
        )

    assert endpoint.events == ["decision.published", "meeting.scheduled"]
    assert [(r["event"], r["signed"]) for r in receiver.received] == [("ping", True)]


def test_admin_refuses_an_event_nobody_declares(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)

    response = client.post(
        reverse("admin:webhooks_endpoint_add"),
        {
            "name": "CRM",
            "url": "https://crm.example/",
            "secret": SECRET,
            "events": ["everything"],
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert Endpoint.objects.count() == 0
