"""API tokens: how long they live, and what revokes them.

A token is a password that never expires by itself, so it follows the account's credentials: it
is deleted when the password changes (any path: password change or reset, admin, command line),
when two-factor authentication is turned on (a token would bypass it), and when the account is
deactivated. It also expires ``API_TOKEN_TTL_DAYS`` days after its creation.
"""

from datetime import datetime, timedelta

from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from rest_framework.authtoken.models import Token

# The last-used time is written at most this often: not one UPDATE per API call.
USED_AT_RESOLUTION = timedelta(minutes=5)


def token_ttl() -> timedelta:
    return timedelta(days=getattr(settings, "API_TOKEN_TTL_DAYS", 90))


def token_expires_at(token: Token) -> datetime:
    return token.created + token_ttl()


def token_is_expired(token: Token, *, now: datetime | None = None) -> bool:
    return token_expires_at(token) <= (now or timezone.now())


def record_token_use(user, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if user.api_token_used_at is None or now - user.api_token_used_at >= USED_AT_RESOLUTION:
        get_user_model().objects.filter(pk=user.pk).update(api_token_used_at=now)
        user.api_token_used_at = now


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="revoke_token_on_credential_change")
def revoke_token_on_credential_change(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password or (before["is_active"] and not instance.is_active):
        Token.objects.filter(user_id=instance.pk).delete()


@receiver(authenticator_added, dispatch_uid="revoke_token_on_two_factor")
def revoke_token_on_two_factor(sender, user, **kwargs):
    Token.objects.filter(user_id=user.pk).delete()
