"""POST /api/v1/me/delete/ and « Supprimer mon compte »: the account is closed and anonymised, the
company's submitted work stays with « un ancien membre », and nothing changes when it is refused."""

from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from groups.enums import AffiliationStatus, CompanyRole, GroupRole
from groups.models import Affiliation, Membership
from groups.services import decide_membership
from projects.services import submit_submission
from reminders.models import NotificationPreference
from roadmap.enums import PositionStatus
from roadmap.models import Position
from snitem_portal.privacy import close_account
from tests.factories import PASSWORD, member_of, referent_of
from tests.groups.factories import WorkingGroupFactory, active_in, chair_of, pending_in
from tests.projects.factories import SubmissionFactory
from tests.roadmap.factories import ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def state(user) -> dict:
    """What a refused closing could have changed about ``user``."""
    user = User.objects.get(pk=user.pk)
    return {
        "user": (user.email, user.full_name, user.is_active, user.erased_at, user.password, user.calendar_token),
        "addresses": sorted(EmailAddress.objects.filter(user=user).values_list("email", "verified")),
        "affiliations": sorted(Affiliation.objects.filter(user=user).values_list("company_id", "role", "status")),
        "memberships": sorted(Membership.objects.filter(user=user).values_list("group_id", "role", "status")),
        "tokens": list(Token.objects.filter(user=user).values_list("key", flat=True)),
        "preferences": list(NotificationPreference.objects.filter(user=user).values_list("kind", "mode")),
    }


@pytest.fixture
def traces(company, member, referent):
    """The member's traces: a seat, a token, a preference, a position they wrote and signed and an
    application they submitted (as the company's second referent)."""
    Affiliation.objects.filter(user=member).update(role=CompanyRole.REFERENT)
    group = WorkingGroupFactory(name="Interopérabilité", slug="interop")
    chair_of(group, referent)
    active_in(group, member)
    Token.objects.create(user=member)
    NotificationPreference.objects.create(user=member, kind="meeting", mode="digest")
    consultation = ConsultationFactory()
    position = PositionFactory(
        consultation=consultation,
        company=company,
        updated_by=member,
        status=PositionStatus.SUBMITTED,
        submitted_by=member,
        submitted_at=timezone.now(),
    )
    application = SubmissionFactory(company=company, title="Projet de la maison", created_by=member)
    submit_submission(submission=application, by=member, version=application.version)
    application.refresh_from_db()
    return {"group": group, "position": position, "consultation": consultation, "application": application}


def test_wrong_password_is_400_and_nothing_changes(api_client, member, traces):
    api_client.force_authenticate(member)
    before = state(member)

    response = api_client.post("/api/v1/me/delete/", {"password": "not my password"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"password": ["Mot de passe incorrect."]}
    assert state(member) == before


def test_missing_password_is_400(api_client, member, traces):
    api_client.force_authenticate(member)
    before = state(member)

    response = api_client.post("/api/v1/me/delete/", {}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()
    assert state(member) == before


def test_last_referent_of_a_company_with_members_is_refused(api_client, referent, member, company):
    api_client.force_authenticate(referent)
    before = state(referent)

    response = api_client.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Vous êtes le seul référent de Demo Company 1 : nommez un autre référent depuis la page de "
        "l'entreprise avant de fermer votre compte."
    )
    assert state(referent) == before


def test_a_referent_with_another_referent_may_leave(api_client, referent, member, company):
    referent_of(company)
    api_client.force_authenticate(referent)

    response = api_client.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert User.objects.get(pk=referent.pk).is_erased


def test_a_referent_alone_in_their_company_may_leave(api_client, other_company):
    alone = referent_of(other_company)
    api_client.force_authenticate(alone)

    response = api_client.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert Affiliation.objects.get(user=alone).status == AffiliationStatus.ENDED


def test_last_chair_of_a_group_is_refused(api_client, member, company):
    group = WorkingGroupFactory(name="Achats", slug="achats")
    chair_of(group, member)
    active_in(group, member_of(company))
    api_client.force_authenticate(member)
    before = state(member)

    response = api_client.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert "seul·e à présider le groupe « Achats »" in response.json()["detail"]
    assert state(member) == before


def test_a_chair_with_a_co_chair_may_leave(api_client, member, company):
    group = WorkingGroupFactory(name="Achats", slug="achats")
    chair_of(group, member)
    chair_of(group, member_of(company), role=GroupRole.CO_CHAIR)
    api_client.force_authenticate(member)

    response = api_client.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert not Membership.objects.filter(user=member).exists()


def test_closing_anonymises_the_account_and_keeps_the_companys_work(client, api_client, member, referent, traces):
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(member)
    other_session = Session.objects.get().session_key
    api_client.force_authenticate(member)

    response = api_client.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    closed = User.objects.get(pk=member.pk)
    assert (closed.full_name, closed.is_active, closed.has_usable_password()) == ("", False, False)
    assert closed.email.endswith("@compte-ferme.invalid")
    assert closed.erased_at is not None
    assert str(closed) == closed.get_full_name() == "un ancien membre"
    # No row of the database names the person any more.
    assert not User.objects.filter(Q(email__iexact="member@company.example") | Q(full_name="Marie Membre")).exists()
    assert not EmailAddress.objects.filter(email__iexact="member@company.example").exists()
    assert not Token.objects.filter(user=member).exists()
    assert not Authenticator.objects.filter(user=member).exists()
    assert not NotificationPreference.objects.filter(user=member).exists()
    assert not Membership.objects.filter(user=member).exists()
    assert not Session.objects.filter(session_key=other_session).exists()
    assert import_module(settings.SESSION_ENGINE).SessionStore(session_key=other_session).load() == {}
    # The company's work stays, with its author.
    assert Position.objects.get(pk=traces["position"].pk).submitted_by_id == member.pk
    application = type(traces["application"]).objects.get(pk=traces["application"].pk)
    assert application.submitted_by_id == member.pk
    assert "Marie Membre" not in application.snapshot
    assert "member@company.example" not in application.snapshot
    assert "par un ancien membre — version" in application.snapshot


def test_closed_account_cannot_sign_in_and_its_address_can_sign_up_again(client, api_client, member, traces):
    token = Token.objects.get(user=member).key
    close_account(user=member, password=PASSWORD)

    signed_in = client.login(email="member@company.example", password=PASSWORD)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    with_token = api_client.get("/api/v1/me/")
    token_request = api_client.post(
        "/api/v1/auth/token/", {"email": "member@company.example", "password": PASSWORD}, format="json"
    )
    signup = client.post(
        reverse("account_signup"),
        {
            "full_name": "Marie Nouvelle",
            "email": "member@company.example",
            "password1": "un tout autre mot de passe 42",
            "password2": "un tout autre mot de passe 42",
            "language": "fr",
        },
    )

    assert signed_in is False
    assert with_token.status_code == 401
    assert token_request.status_code == 400
    assert signup.status_code == 302
    new = User.objects.get(email="member@company.example")
    assert new.pk != member.pk
    assert new.full_name == "Marie Nouvelle"


def test_pages_and_exports_show_a_former_member(client, api_client, member, referent, staff, traces):
    close_account(user=member, password=PASSWORD)
    client.force_login(referent)

    consultation_page = client.get(reverse("roadmap:consultation-detail", args=[traces["consultation"].pk]))
    application_page = client.get(reverse("projects:submission-detail", args=[traces["application"].pk]))
    api_client.force_authenticate(referent)
    positions = api_client.get("/api/v1/positions/").json()["results"]
    applications = api_client.get("/api/v1/submissions/").json()["results"]
    client.force_login(staff)
    synthesis_export = client.get(reverse("roadmap:synthesis-export", args=[traces["consultation"].pk, "csv"]))
    call_export = client.get(reverse("projects:call-export", args=[traces["application"].call.slug, "csv"]))

    for response in (consultation_page, application_page, synthesis_export, call_export):
        text = response.content.decode()
        assert response.status_code == 200
        assert "un ancien membre" in text
        assert "compte-ferme.invalid" not in text
        assert "Marie Membre" not in text
    assert [p["id"] for p in positions] == [traces["position"].pk]
    assert [s["id"] for s in applications] == [traces["application"].pk]


def test_page_asks_for_confirmation_and_password(client, member, traces):
    client.force_login(member)
    before = state(member)

    page = client.get(reverse("privacy-close-account"))
    unconfirmed = client.post(reverse("privacy-close-account"), {"password": PASSWORD})
    wrong = client.post(reverse("privacy-close-account"), {"password": "faux", "confirm": "on"})

    assert page.status_code == 200
    assert (unconfirmed.status_code, wrong.status_code) == (400, 400)
    assert "Cochez la case pour confirmer la fermeture du compte." in unconfirmed.content.decode()
    assert "Mot de passe incorrect." in wrong.content.decode()
    assert state(member) == before


def test_page_refuses_the_last_referent_with_the_reason(client, referent, member):
    client.force_login(referent)
    before = state(referent)

    response = client.post(reverse("privacy-close-account"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 400
    assert "Vous êtes le seul référent de Demo Company 1" in response.content.decode()
    assert state(referent) == before


def test_page_closes_the_account_and_signs_out(client, member, traces):
    client.force_login(member)

    response = client.post(reverse("privacy-close-account"), {"password": PASSWORD, "confirm": "on"}, follow=True)

    assert response.redirect_chain == [(reverse("landing"), 302)]
    assert "Votre compte est fermé" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert User.objects.get(pk=member.pk).is_erased


def test_the_caller_closes_only_their_own_account(api_client, member, referent, company):
    referent_of(company)
    api_client.force_authenticate(member)
    before = state(referent)

    response = api_client.post(
        "/api/v1/me/delete/",
        {"password": PASSWORD, "id": referent.pk, "user": referent.pk, "email": referent.email},
        format="json",
    )

    assert response.status_code == 204
    assert User.objects.get(pk=member.pk).is_erased
    assert state(referent) == before


def test_anonymous_cannot_close_an_account(api_client, client, member):
    before = state(member)

    api = api_client.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")
    page = client.post(reverse("privacy-close-account"), {"password": PASSWORD, "confirm": "on"})

    assert api.status_code == 401
    assert page.status_code == 302
    assert page["Location"].startswith("/compte/login/?next=")
    assert state(member) == before


def test_two_last_referents_closing_together_leave_one(run_together, company):
    first, second = referent_of(company), referent_of(company)
    member_of(company)

    outcomes = run_together(
        lambda: close_account(user=first, password=PASSWORD),
        lambda: close_account(user=second, password=PASSWORD),
    )

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["NoneType", "ValidationError"]
    assert [isinstance(o, ValidationError) for o in outcomes].count(True) == 1
    assert Affiliation.objects.referents().filter(company=company).count() == 1


def test_a_closed_account_cannot_be_closed_again(member):
    close_account(user=member, password=PASSWORD)

    with pytest.raises(ValidationError):
        close_account(user=member, password=PASSWORD)


def test_password_guessing_is_rate_limited(api_client, member, traces):
    api_client.force_authenticate(member)
    before = state(member)

    statuses = [
        api_client.post("/api/v1/me/delete/", {"password": f"essai {i}"}, format="json").status_code for i in range(11)
    ]
    after_limit = api_client.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert statuses == [400] * 10 + [429]
    assert after_limit.status_code == 429
    assert state(member) == before


def test_admin_cannot_give_a_closed_account_back_its_identity(client, member, traces):
    close_account(user=member, password=PASSWORD)
    closed = User.objects.get(pk=member.pk)
    admin = User.objects.create_superuser(email="root@snitem.example", password=PASSWORD)
    client.force_login(admin)
    url = reverse("admin:users_user_change", args=[member.pk])

    page = client.get(url)
    client.post(url, {"email": "member@company.example", "full_name": "Marie Membre", "is_active": "on"})
    listed = client.get(reverse("admin:users_user_changelist"), {"erased_at__isempty": "0"})

    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()
    assert User.objects.get(pk=member.pk).email == closed.email
    assert User.objects.get(pk=member.pk).is_active is False
    assert closed.email in listed.content.decode()


def test_admin_history_no_longer_names_the_person(member, staff, traces):
    affiliation = Affiliation.objects.get(user=member)
    entry = LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Affiliation),
        object_id=str(affiliation.pk),
        object_repr=str(affiliation),
        action_flag=CHANGE,
    )
    unrelated = LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(staff.pk),
        object_repr="Sam Staff",
        action_flag=CHANGE,
    )

    close_account(user=member, password=PASSWORD)

    assert LogEntry.objects.get(pk=entry.pk).object_repr == "un ancien membre → Demo Company 1 (Approuvée)"
    assert LogEntry.objects.get(pk=unrelated.pk).object_repr == "Sam Staff"


def test_the_last_superuser_is_refused_and_one_of_two_may_leave(api_client):
    root = User.objects.create_superuser(email="root@snitem.example", password=PASSWORD)
    api_client.force_authenticate(root)
    before = state(root)

    refused = api_client.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")
    after_refusal = state(root)
    User.objects.create_superuser(email="root2@snitem.example", password=PASSWORD)
    accepted = api_client.post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("Vous êtes le seul super-administrateur")
    assert after_refusal == before
    assert accepted.status_code == 204
    assert User.objects.get(pk=root.pk).is_erased


def test_groups_api_shows_a_former_member_for_a_closed_deciders_decision(api_client, member, outsider, company):
    group = WorkingGroupFactory(name="Modéré", slug="modere", is_open=False)
    chair_of(group, member)
    co_chair = member_of(company)
    chair_of(group, co_chair, role=GroupRole.CO_CHAIR)
    request = pending_in(group, outsider)
    decide_membership(membership=request, by=member, approve=True)
    close_account(user=member, password=PASSWORD)
    api_client.force_authenticate(co_chair)

    listed = api_client.get("/api/v1/groups/modere/memberships/").json()["results"]

    decided = next(row for row in listed if row["id"] == request.pk)
    assert decided["decided_by"] == {"id": member.pk, "full_name": "un ancien membre"}
    assert [row["user"]["id"] for row in listed if row["user"]["id"] == member.pk] == []
