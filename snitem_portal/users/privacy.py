"""Personal data of the account itself: profile, email addresses, two-factor authenticators, API
token, sessions (``PERSONAL_DATA_EXPORTERS`` / ``PERSONAL_DATA_ERASERS``, see ``snitem_portal.privacy``)."""

import secrets
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework.authtoken.models import Token

from snitem_portal.tokens import token_expires_at

from .models import FORMER_MEMBER, Language, new_calendar_token

# A closed account's address: unique, and undeliverable (".invalid" is reserved by RFC 2606), so the
# person's own address is free to sign up again and nothing is ever sent to the old row.
CLOSED_EMAIL_DOMAIN = "compte-ferme.invalid"
# A name shorter than this is not searched for in other texts: it could be part of any word.
MIN_NAME_TO_SCRUB = 4


def closed_email(user) -> str:
    return f"ferme-{user.pk}-{secrets.token_hex(4)}@{CLOSED_EMAIL_DOMAIN}"


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    """The account as the person would describe it; never a secret (no password hash, token key,
    calendar address or authenticator secret)."""
    token = Token.objects.filter(user=user).first()
    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_staff": user.is_staff,
            "is_active": user.is_active,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "two_factor_authenticators": [
            {
                "type": authenticator.type,
                "created_at": _when(authenticator.created_at),
                "last_used_at": _when(authenticator.last_used_at),
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "history_authored": _history_authored(user),
        "api_token": (
            {
                "created_at": _when(token.created),
                "expires_at": _when(token_expires_at(token)),
                "last_used_at": _when(user.api_token_used_at),
            }
            if token
            else None
        ),
    }


HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _history_authored(user) -> list[dict]:
    """The change history the person wrote (django-simple-history rows whose author they are): what
    kind of object, which one, when, what was done. The recorded values stay where they are."""
    found = []
    for model in apps.get_models():
        if not hasattr(model, "instance_type") or "history_user" not in {f.name for f in model._meta.fields}:
            continue
        pk_name = model.instance_type._meta.pk.attname
        rows = model.objects.filter(history_user=user).values(pk_name, "history_date", "history_type")
        found += [
            {
                "object": model.instance_type._meta.label,
                "object_id": row[pk_name],
                "date": _when(row["history_date"]),
                "action": HISTORY_ACTIONS.get(row["history_type"], row["history_type"]),
            }
            for row in rows
        ]
    return sorted(found, key=lambda entry: (entry["date"], entry["object"]))


def _session_keys_of(user) -> list[str]:
    """Keys of the live sessions signed in as ``user`` (sessions are opaque: each is decoded)."""
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            keys.append(session.session_key)
    return keys


def _scrub_admin_log(user) -> None:
    """Admin history names objects as they read when staff changed them (« Marie Durand → Acme »):
    the person's name and address become « un ancien membre » there."""
    former = str(FORMER_MEMBER)
    entries = LogEntry.objects.filter(object_repr__contains=user.email)
    if len(user.full_name) >= MIN_NAME_TO_SCRUB:
        entries = entries | LogEntry.objects.filter(object_repr__contains=user.full_name)
    for entry in entries:
        text = entry.object_repr.replace(user.email, former)
        if len(user.full_name) >= MIN_NAME_TO_SCRUB:
            text = text.replace(user.full_name, former)
        LogEntry.objects.filter(pk=entry.pk).update(object_repr=text)


def erase(user) -> None:
    """Close the account: no name, an undeliverable placeholder address, no password, no rights,
    no email address, authenticator, API token or session. The row stays (inactive, ``erased_at``
    set) so that what the person did for their company keeps an author: « un ancien membre »."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in _session_keys_of(user):
        # Through the session engine, so a cached session is dropped from the cache too.
        store(session_key=key).delete()
    Token.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    _scrub_admin_log(user)
    user.groups.clear()
    user.user_permissions.clear()
    user.email = closed_email(user)
    user.full_name = ""
    user.language = Language.FR
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.calendar_token = new_calendar_token()
    user.api_token_used_at = user.last_login = None
    user.erased_at = timezone.now()
    user.save()
