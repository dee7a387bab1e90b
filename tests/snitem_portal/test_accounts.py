import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from groups.enums import AffiliationStatus
from groups.models import Affiliation
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def signup(client, email="new@company.example", **extra):
    return client.post(
        "/compte/signup/",
        {
            "full_name": "Nina Nouvelle",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "language": "en",
            **extra,
        },
    )


def test_signup_requires_email_verification_before_login(client):
    response = signup(client)
    login = client.post("/compte/login/", {"login": "new@company.example", "password": PASSWORD})

    user = User.objects.get(email="new@company.example")
    assert response.status_code == 302
    assert (user.full_name, user.language) == ("Nina Nouvelle", "en")
    assert not EmailAddress.objects.get(user=user).verified
    assert login.url.endswith("/compte/confirm-email/")
    assert "_auth_user_id" not in client.session


def test_verification_link_then_login_reaches_dashboard(client):
    signup(client)
    link = re.search(r"/compte/confirm-email/[^/\s]+/", mail.outbox[-1].body).group(0)

    client.post(link)
    response = client.post("/compte/login/", {"login": "new@company.example", "password": PASSWORD})

    assert EmailAddress.objects.get(email="new@company.example").verified
    assert response.url == "/tableau-de-bord/"


def test_wrong_verification_link_changes_nothing(client):
    signup(client)

    response = client.post("/compte/confirm-email/not-a-real-key/")

    assert response.status_code in {200, 404}
    assert not EmailAddress.objects.get(email="new@company.example").verified


def test_signup_with_company_asks_the_referents_only_once_the_email_is_verified(
    client, company, referent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, company=company.name)
    before_verification = (Affiliation.objects.filter(user__email="new@company.example").exists(), _to(referent))
    link = re.search(r"/compte/confirm-email/[^/\s]+/", mail.outbox[-1].body).group(0)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)

    affiliation = Affiliation.objects.get(user__email="new@company.example")
    assert before_verification == (False, [])
    assert (affiliation.company, affiliation.status) == (company, AffiliationStatus.PENDING)
    assert len(_to(referent)) == 1


def test_unverified_signup_never_reaches_the_referents(client, company, referent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, company=company.name)
        client.post("/compte/login/", {"login": "new@company.example", "password": PASSWORD})

    assert not Affiliation.objects.filter(user__email="new@company.example").exists()
    assert _to(referent) == []


def _to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_signup_with_unknown_company_creates_nothing(client):
    response = signup(client, company="Entreprise inconnue")

    assert response.status_code == 200
    assert "company" in response.context["form"].errors
    assert not User.objects.filter(email="new@company.example").exists()


def test_signup_with_existing_email_creates_no_second_account(client, member):
    response = signup(client, email=member.email.upper())

    # Same answer as a new signup (no account enumeration); the owner is told by email.
    assert response.url == "/compte/confirm-email/"
    assert User.objects.filter(email__iexact=member.email).count() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_failed_logins_are_rate_limited(client, member):
    responses = [client.post("/compte/login/", {"login": member.email, "password": PASSWORD + "x"}) for _ in range(6)]
    after_limit = client.post("/compte/login/", {"login": member.email, "password": PASSWORD})

    assert [r.status_code for r in responses] == [200] * 6
    assert "Trop de tentatives" not in responses[0].content.decode()
    assert "Trop de tentatives de connexion échouées" in responses[5].content.decode()
    assert after_limit.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_requests_are_rate_limited(client, member):
    statuses = [client.post("/compte/password/reset/", {"email": member.email}).status_code for _ in range(5)]

    assert statuses[0] == 302
    assert 429 in statuses
    assert len([m for m in mail.outbox if m.to == [member.email]]) <= 3


def test_expired_or_forged_reset_link_is_refused(client, member):
    response = client.get("/compte/password/reset/key/abc-forged-key/", follow=True)

    assert response.status_code == 200
    assert "password1" not in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_login_with_totp_asks_for_the_code(client, member):
    secret = generate_totp_secret()
    TOTP.activate(member, secret)

    response = client.post("/compte/login/", {"login": member.email, "password": PASSWORD})

    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    assert response.url == "/compte/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
