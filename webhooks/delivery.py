"""One attempt at sending a delivery: the signed POST and the record of how it went."""

import json
import logging
from dataclasses import dataclass

import requests
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import conf
from .models import Delivery, DeliveryStatus
from .signing import HEADER, sign

logger = logging.getLogger(__name__)
USER_AGENT = "Snitem-Portal-Webhooks/1"


@dataclass(frozen=True)
class Outcome:
    status: str
    attempts: int
    retry: bool


def body_of(delivery: Delivery) -> bytes:
    message = {"id": delivery.pk, "event": delivery.event, "created_at": delivery.created_at, "data": delivery.payload}
    return json.dumps(message, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


def attempt(delivery_id: int) -> Outcome:
    """Send ``delivery_id`` once unless it is already settled; record the answer.

    A 2xx answer delivers it; anything else (another status, a timeout, a refused connection, a bad
    certificate) counts as a failed attempt, to retry until ``WEBHOOKS_MAX_ATTEMPTS``."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return Outcome(status=delivery.status if delivery else "gone", attempts=0, retry=False)
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Snitem-Event": delivery.event,
        "X-Snitem-Delivery": str(delivery.pk),
        HEADER: sign(secret=delivery.endpoint.secret, body=body),
    }
    code, error = None, ""
    try:
        response = requests.post(
            delivery.endpoint.url,
            data=body,
            headers=headers,
            timeout=conf.timeout(),
            verify=conf.ca_bundle(),
            allow_redirects=False,
        )
        code = response.status_code
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except requests.RequestException as failure:
        error = f"{type(failure).__name__}: {failure}"[:500]
    return _record(delivery_id, code=code, error=error)


@transaction.atomic
def _record(delivery_id: int, *, code: int | None, error: str) -> Outcome:
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.last_status_code, delivery.last_error = now, code, error
    if not error:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
    elif delivery.attempts >= conf.max_attempts():
        delivery.status = DeliveryStatus.FAILED
        logger.warning("Webhook delivery %s to %s given up: %s", delivery.pk, delivery.endpoint_id, error)
    delivery.save()
    return Outcome(status=delivery.status, attempts=delivery.attempts, retry=delivery.status == DeliveryStatus.PENDING)
