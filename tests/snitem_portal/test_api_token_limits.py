"""POST /api/v1/auth/token/ shares the web login's failed-login limits and answers every failure alike."""

import pytest
from allauth.mfa.models import Authenticator
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
REFUSED = {"detail": "E-mail ou mot de passe incorrect, ou jeton à créer depuis la page « Jeton d'API » du compte."}


def _ask(api_client, email, password, **headers):
    return api_client.post(TOKEN_URL, {"email": email, "password": password}, **headers)


def test_forwarded_for_header_does_not_reset_the_limit(api_client, member):
    for attempt in range(12):
        _ask(api_client, f"guess{attempt}@example.org", "nope", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")

    response = _ask(api_client, member.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert response.status_code == 429
    assert not Token.objects.exists()


def test_failed_tries_on_one_account_lock_it_from_every_address(api_client, member):
    for attempt in range(5):
        _ask(api_client, member.email, "nope", REMOTE_ADDR=f"203.0.113.{attempt}")

    response = _ask(api_client, member.email, PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    assert not Token.objects.exists()


def test_account_locked_on_the_web_form_gets_no_token(client, api_client, member):
    for _attempt in range(5):
        client.post("/compte/login/", {"login": member.email, "password": "nope"}, REMOTE_ADDR="203.0.113.1")

    response = _ask(api_client, member.email, PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    assert not Token.objects.exists()


def test_correct_password_of_two_factor_account_is_not_confirmed(api_client):
    user = UserFactory()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})

    right = _ask(api_client, user.email, PASSWORD)
    wrong = _ask(api_client, user.email, "nope")
    unverified = _ask(api_client, UserFactory(verified=False).email, PASSWORD)
    inactive = _ask(api_client, UserFactory(is_active=False).email, PASSWORD)

    assert [r.status_code for r in (right, wrong, unverified, inactive)] == [400] * 4
    assert [r.json() for r in (right, wrong, unverified, inactive)] == [REFUSED] * 4
    assert not Token.objects.exists()


def test_trusted_proxy_setting_takes_the_client_address_from_the_proxy(api_client, member, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for attempt in range(10):
        _ask(api_client, f"guess{attempt}@example.org", "nope", HTTP_X_FORWARDED_FOR="203.0.113.9")

    blocked = _ask(api_client, member.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")
    other_client = _ask(api_client, member.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert blocked.status_code == 429
    assert other_client.status_code == 200
    assert Token.objects.get(user=member).key == other_client.json()["token"]
