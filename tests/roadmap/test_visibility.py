"""A draft's text (or an unshared position's) never reaches another company or an anonymous user."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.enums import AffiliationStatus
from roadmap.enums import ArgumentsShown, PositionStatus, Stance
from roadmap.models import Consultation
from roadmap.selectors import positions_visible_to, synthesis_of
from tests.factories import AffiliationFactory, UserFactory, referent_of

from .conftest import LEAK
from .factories import MembershipFactory, PositionFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["other_draft", "other_unshared"])
def hidden_position(request):
    return request.getfixturevalue(request.param)


def _pages(consultation):
    return [
        reverse("roadmap:consultation-list"),
        reverse("roadmap:consultation-detail", args=[consultation.pk]),
        reverse("roadmap:action-detail", args=[consultation.action_id]),
        reverse("roadmap:roadmap"),
        reverse("dashboard"),
    ]


def _api(consultation):
    return [
        "/api/v1/positions/",
        f"/api/v1/positions/?consultation={consultation.pk}",
        "/api/v1/consultations/",
        f"/api/v1/consultations/{consultation.pk}/",
        f"/api/v1/consultations/{consultation.pk}/synthesis/",
    ]


def test_hidden_position_text_reaches_no_page_or_api_of_another_company(
    client, api_client, hidden_position, consultation, member, referent
):
    for user in (member, referent):
        client.force_login(user)
        api_client.force_authenticate(user)
        for url in _pages(consultation) + _api(consultation):
            response = client.get(url) if not url.startswith("/api/") else api_client.get(url)
            assert response.status_code == 200, url
            assert LEAK not in response.content.decode(), url
    assert api_client.get(f"/api/v1/positions/{hidden_position.pk}/").status_code == 404


def test_hidden_position_is_not_counted_in_another_company_synthesis(hidden_position, consultation, member):
    synthesis = synthesis_of(consultation, viewer=member)

    assert synthesis.counts == dict.fromkeys(Stance.values, 0)
    assert synthesis.arguments == []


def test_draft_is_not_a_response_even_for_staff(other_draft, consultation, staff):
    synthesis = synthesis_of(consultation, viewer=staff)

    assert (synthesis.responded, synthesis.counts[Stance.OPPOSE]) == (0, 0)
    assert list(positions_visible_to(staff)) == []


def test_anonymous_user_sees_nothing(client, api_client, other_draft):
    consultation = other_draft.consultation
    for url in [
        reverse("roadmap:consultation-detail", args=[consultation.pk]),
        reverse("roadmap:consultation-list"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert LEAK not in response.content.decode()
    for url in [*_api(consultation), f"/api/v1/positions/{other_draft.pk}/"]:
        response = api_client.get(url)
        assert response.status_code == 401, url
        assert LEAK not in response.content.decode()
    page = client.get(reverse("roadmap:action-detail", args=[consultation.action_id]))
    assert page.status_code == 200
    assert LEAK not in page.content.decode()


def test_user_without_company_sees_no_consultation(client, api_client, other_draft, lonely_user):
    consultation = other_draft.consultation
    client.force_login(lonely_user)
    api_client.force_authenticate(lonely_user)

    page = client.get(reverse("roadmap:consultation-detail", args=[consultation.pk]))
    api = api_client.get(f"/api/v1/consultations/{consultation.pk}/synthesis/")

    assert page.status_code == 404
    assert api.status_code == 403
    assert LEAK not in page.content.decode() + api.content.decode()


def test_staff_export_never_contains_drafts(client, other_draft, consultation, staff):
    client.force_login(staff)

    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("roadmap:synthesis-export", args=[consultation.pk, fmt]))
        assert response.status_code == 200
        assert LEAK.encode() not in response.content


def test_export_is_staff_only(client, other_unshared, consultation, referent):
    client.force_login(referent)

    response = client.get(reverse("roadmap:synthesis-export", args=[consultation.pk, "csv"]))

    assert response.status_code == 403
    assert LEAK not in response.content.decode()


def test_shared_submitted_position_is_seen_by_other_invited_companies(
    api_client, consultation, other_company, member, settings
):
    settings.SYNTHESIS_MIN_GROUP = 1  # a count of one, not masked here
    Consultation.objects.filter(pk=consultation.pk).update(arguments_shown=ArgumentsShown.LIVE)
    consultation.refresh_from_db()
    shared = PositionFactory(
        consultation=consultation,
        company=other_company,
        stance=Stance.SUPPORT_WITH_RESERVATIONS,
        argument="Argument public",
        status=PositionStatus.SUBMITTED,
        shared=True,
    )
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/positions/")

    assert [p["id"] for p in response.json()["results"]] == [shared.pk]
    synthesis = synthesis_of(consultation, viewer=member)
    assert synthesis.counts[Stance.SUPPORT_WITH_RESERVATIONS] == 1
    assert [(stance, [p.argument for p in items]) for stance, _label, items in synthesis.arguments] == [
        (Stance.SUPPORT_WITH_RESERVATIONS, ["Argument public"])
    ]


def test_own_draft_is_seen_by_every_colleague(api_client, position, company):
    colleague = referent_of(company)
    api_client.force_authenticate(colleague)

    response = api_client.get(f"/api/v1/positions/{position.pk}/")

    assert response.status_code == 200
    assert response.json()["argument"] == "texte initial"


def test_group_consultation_is_hidden_from_companies_outside_the_group(client, api_client, action, member):
    group = WorkingGroupFactory()
    insider = UserFactory()
    AffiliationFactory(user=insider, status=AffiliationStatus.APPROVED)
    MembershipFactory(group=group, user=insider)
    consultation = Consultation.objects.create(
        action=action,
        group=group,
        question="Question du groupe",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(member)
    api_client.force_authenticate(member)

    assert client.get(reverse("roadmap:consultation-detail", args=[consultation.pk])).status_code == 404
    assert api_client.get(f"/api/v1/consultations/{consultation.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/consultations/{consultation.pk}/synthesis/").status_code == 404
    client.force_login(insider)
    assert client.get(reverse("roadmap:consultation-detail", args=[consultation.pk])).status_code == 200
