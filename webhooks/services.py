"""Sending events: ``emit`` from a domain service, ``redeliver`` and ``send_test`` from admin."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.module_loading import import_string

from . import conf
from .models import Delivery, DeliveryStatus, Endpoint

TEST_EVENT = "ping"


@transaction.atomic
def emit(event: str, instance) -> list[Delivery]:
    """Tell every active endpoint subscribed to ``event`` about ``instance``, once the transaction commits.

    The body holds the public fields the owning app declares (``WEBHOOK_EVENTS``), read now, inside
    the caller's transaction. Side effects: one Delivery row per endpoint; one Celery task each, on
    commit; an endpoint that is down or slow never delays nor fails the caller (retried later)."""
    path = conf.event_payloads().get(event)
    if path is None:
        raise ValueError(f"Unknown webhook event: {event}")
    endpoints = [endpoint for endpoint in Endpoint.objects.filter(is_active=True) if event in endpoint.events]
    if not endpoints:
        return []
    payload = _json_safe(import_string(path)(instance))
    deliveries = Delivery.objects.bulk_create(
        [Delivery(endpoint=endpoint, event=event, payload=payload) for endpoint in endpoints]
    )
    for delivery in deliveries:
        _enqueue_on_commit(delivery)
    return deliveries


@transaction.atomic
def send_test(*, endpoint: Endpoint) -> Delivery:
    """Send a ``ping`` event to ``endpoint`` (admin's "send a test"), whatever its subscriptions."""
    delivery = Delivery.objects.create(endpoint=endpoint, event=TEST_EVENT, payload={"endpoint": endpoint.name})
    _enqueue_on_commit(delivery)
    return delivery


@transaction.atomic
def redeliver(*, delivery: Delivery) -> Delivery:
    """Send a delivery again from the first attempt (admin's "send again"), with its original body."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.status, delivery.attempts, delivery.delivered_at = DeliveryStatus.PENDING, 0, None
    delivery.save(update_fields=["status", "attempts", "delivered_at"])
    _enqueue_on_commit(delivery)
    return delivery


def _json_safe(payload: dict) -> dict:
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def _enqueue_on_commit(delivery: Delivery) -> None:
    from .tasks import task_deliver_webhook

    delivery_id = delivery.pk

    def enqueue_webhook():
        task_deliver_webhook.delay(delivery_id=delivery_id)

    transaction.on_commit(enqueue_webhook, robust=True)
