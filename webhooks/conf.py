"""Settings of the webhooks app, read at call time (``override_settings`` and deployments apply)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The events an endpoint may subscribe to, with their labels; each is declared by the app it
# belongs to in the WEBHOOK_EVENTS setting (event name -> dotted path of its payload function).
EVENT_LABELS = {
    "position.submitted": _("Position soumise"),
    "joint_position.published": _("Position commune publiée"),
    "decision.published": _("Décisions d'un appel publiées"),
    "meeting.scheduled": _("Réunion planifiée"),
}


def event_payloads() -> dict[str, str]:
    """``WEBHOOK_EVENTS``: event name -> dotted path of ``payload(instance) -> dict``."""
    return getattr(settings, "WEBHOOK_EVENTS", {})


def timeout() -> float:
    """Seconds to wait for an endpoint to answer (``WEBHOOKS_TIMEOUT``, default 5)."""
    return float(getattr(settings, "WEBHOOKS_TIMEOUT", 5))


def ca_bundle() -> str | bool:
    """Certificates trusted for endpoints (``WEBHOOKS_CA_BUNDLE``: a PEM file for an internal
    certificate authority); by default the system's."""
    return getattr(settings, "WEBHOOKS_CA_BUNDLE", None) or True


def max_attempts() -> int:
    """Attempts before a delivery is given up (``WEBHOOKS_MAX_ATTEMPTS``, default 8: about 4 hours)."""
    return int(getattr(settings, "WEBHOOKS_MAX_ATTEMPTS", 8))


def retry_base() -> float:
    """Seconds before the first retry, doubled at each next one up to an hour (``WEBHOOKS_RETRY_BASE``, 30)."""
    return float(getattr(settings, "WEBHOOKS_RETRY_BASE", 30))
