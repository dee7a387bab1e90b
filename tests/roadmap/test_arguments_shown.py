"""Other companies' named arguments reach the companies consulted only after the closing, unless the
consultation shows them live; the counts are always live."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from roadmap import services
from roadmap.enums import ArgumentsShown, PositionStatus, Stance
from roadmap.models import Consultation
from roadmap.selectors import synthesis_of

from .factories import PositionFactory


@pytest.fixture
def shared_argument(consultation, other_company):
    return PositionFactory(
        consultation=consultation,
        company=other_company,
        stance=Stance.OPPOSE,
        argument="Argument nominatif de l'autre",
        shared=True,
        status=PositionStatus.SUBMITTED,
    )


def _arguments(synthesis) -> list:
    return [(stance, [p.argument for p in items]) for stance, _label, items in synthesis.arguments]


def test_open_consultation_hides_other_companies_arguments_but_counts_live(
    client, consultation, shared_argument, member, settings
):
    settings.SYNTHESIS_MIN_GROUP = 1  # a count of one, not masked here
    client.force_login(member)

    synthesis = synthesis_of(consultation, viewer=member)
    page = client.get(consultation.get_absolute_url()).content.decode()

    assert synthesis.counts[Stance.OPPOSE] == 1
    assert _arguments(synthesis) == []
    assert synthesis.arguments_hidden_until == consultation.closes_at
    assert "Argument nominatif" not in page
    assert "seront visibles après la clôture" in page


def test_api_hides_other_companies_positions_until_the_closing(api_client, consultation, shared_argument, member):
    api_client.force_authenticate(member)

    before = api_client.get("/api/v1/positions/").json()["results"]
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    after = api_client.get("/api/v1/positions/").json()["results"]

    assert before == []
    assert [p["argument"] for p in after] == ["Argument nominatif de l'autre"]


def test_arguments_appear_once_the_consultation_closes(consultation, shared_argument, member):
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    consultation.refresh_from_db()

    synthesis = synthesis_of(consultation, viewer=member)

    assert _arguments(synthesis) == [(Stance.OPPOSE, ["Argument nominatif de l'autre"])]
    assert synthesis.arguments_hidden_until is None


def test_a_consultation_may_show_arguments_live(consultation, shared_argument, member):
    Consultation.objects.filter(pk=consultation.pk).update(arguments_shown=ArgumentsShown.LIVE)
    consultation.refresh_from_db()

    assert _arguments(synthesis_of(consultation, viewer=member)) == [(Stance.OPPOSE, ["Argument nominatif de l'autre"])]


def test_staff_read_every_shared_argument_while_open(consultation, shared_argument, staff):
    assert _arguments(synthesis_of(consultation, viewer=staff)) == [(Stance.OPPOSE, ["Argument nominatif de l'autre"])]


def test_own_company_argument_stays_visible_while_open(consultation, company, referent):
    PositionFactory(
        consultation=consultation, company=company, stance=Stance.OPPOSE, argument="Le nôtre", status="submitted"
    )

    assert _arguments(synthesis_of(consultation, viewer=referent)) == [(Stance.OPPOSE, ["Le nôtre"])]


def test_opening_a_consultation_defaults_to_after_closing_and_may_choose_live(client, staff, action):
    client.force_login(staff)
    future = (timezone.now() + timedelta(days=30)).strftime("%Y-%m-%d")
    form = {"action": action.pk, "group": "", "question": "Q ?", "opens_at": "2020-06-01T12:00"}

    client.post(reverse("roadmap:consultation-create"), {**form, "closes_at": f"{future}T12:00"})
    client.post(
        reverse("roadmap:consultation-create"),
        {**form, "closes_at": f"{future}T13:00", "arguments_shown": "live"},
    )

    assert list(Consultation.objects.order_by("closes_at").values_list("arguments_shown", flat=True)) == [
        "after_closing",
        "live",
    ]


def test_api_creates_a_consultation_with_live_arguments(api_client, staff, action):
    api_client.force_authenticate(staff)
    now = timezone.now()

    response = api_client.post(
        "/api/v1/consultations/",
        {
            "action": action.pk,
            "question": "Votre avis ?",
            "opens_at": now.isoformat(),
            "closes_at": (now + timedelta(days=7)).isoformat(),
            "arguments_shown": "live",
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["arguments_shown"] == "live"
    assert Consultation.objects.get().arguments_shown == "live"


def test_service_refuses_an_unknown_choice(action, staff):
    now = timezone.now()

    with pytest.raises(ValidationError, match="Choix inconnu"):
        services.open_consultation(
            action=action,
            group=None,
            question="Q",
            opens_at=now,
            closes_at=now + timedelta(days=1),
            by=staff,
            arguments_shown="whenever",
        )

    assert not Consultation.objects.exists()
