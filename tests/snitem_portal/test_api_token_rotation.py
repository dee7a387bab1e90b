"""An API token follows the account's credentials and expires (API_TOKEN_TTL_DAYS)."""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from snitem_portal.services import regenerate_api_token
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another long passphrase 42"


def _me(api_client, token):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api_client.get("/api/v1/me/")


def _login(client, user):
    response = client.post("/compte/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_password_change_on_the_account_page_revokes_the_token(client, api_client, member):
    token = regenerate_api_token(user=member)
    _login(client, member)

    client.post(
        "/compte/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(user=member).exists()
    assert _me(api_client, token).status_code == 401


def test_password_set_elsewhere_revokes_the_token(member):
    regenerate_api_token(user=member)

    member.set_password(NEW_PASSWORD)
    member.save()

    assert not Token.objects.filter(user=member).exists()


def test_turning_on_two_factor_revokes_the_token(client, member, django_capture_on_commit_callbacks):
    regenerate_api_token(user=member)
    _login(client, member)
    client.post("/compte/reauthenticate/", {"password": PASSWORD})
    client.get("/compte/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    counter = int(timezone.now().timestamp()) // 30

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/2fa/totp/activate/", {"code": format_hotp_value(hotp_value(secret, counter))})

    assert response.status_code == 302
    assert member.authenticator_set.exists()
    assert not Token.objects.filter(user=member).exists()


def test_deactivating_the_account_revokes_the_token(member):
    regenerate_api_token(user=member)

    member.is_active = False
    member.save(update_fields=["is_active"])

    assert not Token.objects.filter(user=member).exists()


def test_other_saves_keep_the_token(member):
    token = regenerate_api_token(user=member)

    member.full_name = "Nouveau Nom"
    member.save()
    member.language = "en"
    member.save(update_fields=["language"])

    assert Token.objects.get(user=member) == token


def test_token_expires_after_its_lifetime(api_client, member, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    token = regenerate_api_token(user=member)

    with time_machine.travel(timezone.now() + timedelta(days=29, hours=23)):
        still_valid = _me(api_client, token)
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        expired = _me(api_client, token)

    assert still_valid.status_code == 200
    assert expired.status_code == 401
    assert "expiré" in expired.json()["detail"]


def test_token_endpoint_replaces_an_expired_token(api_client, member, settings):
    settings.API_TOKEN_TTL_DAYS = 30
    old = regenerate_api_token(user=member)

    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = api_client.post("/api/v1/auth/token/", {"email": member.email, "password": PASSWORD})

    assert response.status_code == 200
    assert response.json()["token"] != old.key
    assert Token.objects.get(user=member).key == response.json()["token"]


def test_token_page_shows_creation_last_use_and_expiry(client, api_client, member, settings):
    settings.API_TOKEN_TTL_DAYS = 90
    with time_machine.travel("2026-03-02 09:00 +00:00", tick=False):
        token = regenerate_api_token(user=member)
    with time_machine.travel("2026-03-05 14:30 +00:00", tick=False):
        _me(api_client, token)
    client.force_login(member)

    with time_machine.travel("2026-03-06 08:00 +00:00", tick=False):
        page = client.get(reverse("api-token")).content.decode()

    member.refresh_from_db()
    assert member.api_token_used_at.isoformat() == "2026-03-05T14:30:00+00:00"
    assert "2 mars 2026" in page
    assert "5 mars 2026" in page
    assert "31 mai 2026" in page
