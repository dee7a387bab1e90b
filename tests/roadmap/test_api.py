from datetime import timedelta

import pytest
from django.utils import timezone

from groups.enums import GroupRole
from roadmap.enums import ArgumentsShown, PositionStatus, Stance
from roadmap.models import Consultation, Position
from tests.factories import CompanyFactory

from .factories import (
    ActionFactory,
    ConsultationFactory,
    MembershipFactory,
    PositionFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


# Roadmap -----------------------------------------------------------------------------------------


def test_orientations_roll_up_progress_for_anyone(api_client, action):
    ActionFactory(orientation=action.orientation, progress=50)

    response = api_client.get("/api/v1/roadmap/orientations/")

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": action.orientation_id,
            "number": action.orientation.number,
            "title": action.orientation.title,
            "progress": 25,
            "action_count": 2,
        }
    ]


def test_actions_have_the_contract_fields_and_filters(api_client, action, settings):
    other = ActionFactory(title="Identifiant national de santé", status="done", progress=100)

    response = api_client.get("/api/v1/roadmap/actions/")
    by_status = api_client.get("/api/v1/roadmap/actions/?status=done")
    by_orientation = api_client.get(f"/api/v1/roadmap/actions/?orientation={action.orientation_id}")
    by_search = api_client.get("/api/v1/roadmap/actions/?search=national")

    first = next(a for a in response.json()["results"] if a["id"] == action.pk)
    assert set(first) == {
        "id",
        "number",
        "title",
        "orientation",
        "owner",
        "status",
        "progress",
        "target_date",
        "updated_at",
        "web_url",
    }
    assert first["web_url"] == f"{settings.SITE_URL}/feuille-de-route/actions/{action.pk}/"
    assert first["updated_at"][-6:] in ("+01:00", "+02:00")
    assert [a["id"] for a in by_status.json()["results"]] == [other.pk]
    assert [a["id"] for a in by_orientation.json()["results"]] == [action.pk]
    assert [a["id"] for a in by_search.json()["results"]] == [other.pk]


def test_invalid_status_filter_is_400(api_client, action):
    assert api_client.get("/api/v1/roadmap/actions/?status=nope").status_code == 400


@pytest.mark.parametrize("count", [1, 10])
def test_roadmap_lists_query_count(api_client, django_assert_num_queries, count):
    for _ in range(count):
        ActionFactory()

    with django_assert_num_queries(2):
        assert len(api_client.get("/api/v1/roadmap/actions/").json()["results"]) == count
    with django_assert_num_queries(2):
        assert len(api_client.get("/api/v1/roadmap/orientations/").json()["results"]) == count


# Consultations ---------------------------------------------------------------------------------------


def test_consultation_contract_with_my_position(api_client, position, member, settings):
    api_client.force_authenticate(member)

    response = api_client.get("/api/v1/consultations/")

    consultation = position.consultation
    assert response.json()["results"] == [
        {
            "id": consultation.pk,
            "action": {
                "id": consultation.action_id,
                "number": consultation.action.number,
                "title": consultation.action.title,
            },
            "group": None,
            "question": consultation.question,
            "opens_at": response.json()["results"][0]["opens_at"],
            "closes_at": response.json()["results"][0]["closes_at"],
            "arguments_shown": "after_closing",
            "questions": [],
            "is_open": True,
            "my_position": {"id": position.pk, "status": "draft", "stance": "support", "version": 1},
            "web_url": f"{settings.SITE_URL}/consultations/{consultation.pk}/",
        }
    ]


def test_staff_creates_a_consultation(api_client, staff, action):
    group = WorkingGroupFactory(slug="formation")
    api_client.force_authenticate(staff)
    now = timezone.now()

    response = api_client.post(
        "/api/v1/consultations/",
        {
            "action": action.pk,
            "group": "formation",
            "question": "Votre avis ?",
            "opens_at": now.isoformat(),
            "closes_at": (now + timedelta(days=7)).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["group"] == "formation"
    assert Consultation.objects.get().group == group


def test_consultation_dates_without_a_time_are_refused(api_client, staff, action):
    api_client.force_authenticate(staff)

    response = api_client.post(
        "/api/v1/consultations/",
        {"action": action.pk, "group": None, "question": "Q ?", "opens_at": "2027-01-01", "closes_at": "2027-02-01"},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"opens_at", "closes_at"}
    assert not Consultation.objects.exists()


def test_member_who_is_not_chair_cannot_create_a_consultation(api_client, member, action):
    group = WorkingGroupFactory(slug="formation")
    MembershipFactory(group=group, user=member, role=GroupRole.MEMBER)
    api_client.force_authenticate(member)
    now = timezone.now()

    response = api_client.post(
        "/api/v1/consultations/",
        {
            "action": action.pk,
            "group": "formation",
            "question": "Votre avis ?",
            "opens_at": now.isoformat(),
            "closes_at": (now + timedelta(days=7)).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 403
    assert not Consultation.objects.exists()


def test_consultation_with_closing_before_opening_is_400(api_client, staff, action):
    api_client.force_authenticate(staff)
    now = timezone.now()

    response = api_client.post(
        "/api/v1/consultations/",
        {
            "action": action.pk,
            "group": None,
            "question": "?",
            "opens_at": now.isoformat(),
            "closes_at": now.isoformat(),
        },
        format="json",
    )

    assert response.status_code == 400
    assert "closes_at" in response.json()
    assert not Consultation.objects.exists()


@pytest.mark.parametrize("count", [1, 10])
def test_consultation_list_query_count(api_client, member, django_assert_num_queries, count):
    for _ in range(count):
        PositionFactory(consultation=ConsultationFactory(), company=member.affiliations.get().company)
    api_client.force_authenticate(member)

    # session-less token auth: affiliation, count, page, questions, my positions
    with django_assert_num_queries(5):
        assert len(api_client.get("/api/v1/consultations/").json()["results"]) == count


def test_synthesis_counts(api_client, consultation, company, other_company, member, settings):
    settings.SYNTHESIS_MIN_GROUP = 1  # no masking here: see test_synthesis_masking.py
    CompanyFactory()  # invited, no record
    PositionFactory(consultation=consultation, company=company, status=PositionStatus.SUBMITTED, shared=False)
    PositionFactory(
        consultation=consultation,
        company=other_company,
        stance=Stance.OPPOSE,
        argument="Non",
        status=PositionStatus.SUBMITTED,
    )
    api_client.force_authenticate(member)

    response = api_client.get(f"/api/v1/consultations/{consultation.pk}/synthesis/")

    assert response.json() == {
        "invited": 3,
        "responded": 2,
        "no_record": 1,
        "counts": {"support": 1, "support_with_reservations": 0, "oppose": 1, "abstain": 0},
        "min_group": 1,
        "masked": False,
        "questions": [],
    }


@pytest.mark.parametrize("companies", [1, 50])
def test_synthesis_query_count(api_client, consultation, staff, django_assert_num_queries, companies):
    for index in range(companies):
        company = CompanyFactory()
        if index % 2:
            PositionFactory(consultation=consultation, company=company, status=PositionStatus.SUBMITTED)
    api_client.force_authenticate(staff)

    # caller's affiliation, consultation, invited companies, submitted positions, questions
    with django_assert_num_queries(5):
        response = api_client.get(f"/api/v1/consultations/{consultation.pk}/synthesis/")

    assert response.json()["invited"] == companies


# Positions --------------------------------------------------------------------------------------------


def test_member_creates_a_draft(api_client, consultation, member, company, settings):
    api_client.force_authenticate(member)

    response = api_client.post(
        "/api/v1/positions/",
        {"consultation": consultation.pk, "stance": "oppose", "argument": "Trop tôt", "shared": True},
        format="json",
    )

    assert response.status_code == 201
    position = Position.objects.get()
    assert response.json() == {
        "id": position.pk,
        "consultation": consultation.pk,
        "company": {"id": company.pk, "name": company.name},
        "stance": "oppose",
        "argument": "Trop tôt",
        "shared": True,
        "answers": {},
        "status": "draft",
        "pending_revision": None,
        "version": 1,
        "submitted_at": None,
        "updated_at": response.json()["updated_at"],
        "web_url": f"{settings.SITE_URL}/consultations/{consultation.pk}/",
    }


def test_oppose_without_argument_is_400(api_client, consultation, member):
    api_client.force_authenticate(member)

    response = api_client.post(
        "/api/v1/positions/", {"consultation": consultation.pk, "stance": "oppose"}, format="json"
    )

    assert response.status_code == 400
    assert "argument" in response.json()
    assert not Position.objects.exists()


def test_second_post_is_409(api_client, position, member):
    api_client.force_authenticate(member)

    response = api_client.post(
        "/api/v1/positions/", {"consultation": position.consultation_id, "stance": "abstain"}, format="json"
    )

    assert response.status_code == 409
    assert Position.objects.count() == 1


def test_patch_with_current_version(api_client, position, member):
    api_client.force_authenticate(member)

    response = api_client.patch(
        f"/api/v1/positions/{position.pk}/", {"version": 1, "argument": "nouveau"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["version"], response.json()["argument"]) == (2, "nouveau")


def test_patch_with_stale_version_is_409_and_changes_nothing(api_client, referent, position):
    api_client.force_authenticate(referent)
    api_client.patch(f"/api/v1/positions/{position.pk}/", {"version": 1, "argument": "premier"}, format="json")

    response = api_client.patch(
        f"/api/v1/positions/{position.pk}/", {"version": 1, "argument": "second"}, format="json"
    )

    assert response.status_code == 409
    assert "detail" in response.json()
    position.refresh_from_db()
    assert (position.argument, position.version) == ("premier", 2)


def test_patch_without_version_is_400(api_client, member, position):
    api_client.force_authenticate(member)

    response = api_client.patch(f"/api/v1/positions/{position.pk}/", {"argument": "x"}, format="json")

    assert response.status_code == 400
    position.refresh_from_db()
    assert position.argument == "texte initial"


def test_patch_after_closing_is_400_and_changes_nothing(api_client, member, position):
    Consultation.objects.filter(pk=position.consultation_id).update(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(minutes=1)
    )
    api_client.force_authenticate(member)

    response = api_client.patch(f"/api/v1/positions/{position.pk}/", {"version": 1, "argument": "x"}, format="json")

    assert response.status_code == 400
    position.refresh_from_db()
    assert (position.argument, position.version) == ("texte initial", 1)


def test_member_of_another_company_cannot_edit_even_a_shared_submitted_position(api_client, outsider, position):
    position.status, position.shared = PositionStatus.SUBMITTED, True
    position.save()
    api_client.force_authenticate(outsider)

    patch = api_client.patch(f"/api/v1/positions/{position.pk}/", {"version": 1, "argument": "x"}, format="json")
    submit = api_client.post(f"/api/v1/positions/{position.pk}/submit/", {}, format="json")

    assert (patch.status_code, submit.status_code) == (404, 404)
    position.refresh_from_db()
    assert (position.argument, position.version) == ("texte initial", 1)


def test_member_of_another_company_gets_404_on_a_draft(api_client, outsider, position):
    api_client.force_authenticate(outsider)

    response = api_client.patch(f"/api/v1/positions/{position.pk}/", {"version": 1, "argument": "x"}, format="json")

    assert response.status_code == 404
    position.refresh_from_db()
    assert position.argument == "texte initial"


def test_member_cannot_submit_403(api_client, member, position):
    api_client.force_authenticate(member)

    response = api_client.post(f"/api/v1/positions/{position.pk}/submit/", {}, format="json")

    assert response.status_code == 403
    position.refresh_from_db()
    assert (position.status, position.submitted_at) == (PositionStatus.DRAFT, None)


def test_referent_submits(api_client, referent, position):
    api_client.force_authenticate(referent)

    response = api_client.post(f"/api/v1/positions/{position.pk}/submit/", {"version": 1}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    position.refresh_from_db()
    assert position.submitted_by == referent


def test_submitting_twice_is_409(api_client, referent, position):
    api_client.force_authenticate(referent)
    api_client.post(f"/api/v1/positions/{position.pk}/submit/", {"version": 1}, format="json")

    response = api_client.post(f"/api/v1/positions/{position.pk}/submit/", {"version": 1}, format="json")

    assert response.status_code == 409


def test_submit_after_closing_is_400(api_client, referent, position):
    Consultation.objects.filter(pk=position.consultation_id).update(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(minutes=1)
    )
    api_client.force_authenticate(referent)

    response = api_client.post(f"/api/v1/positions/{position.pk}/submit/", {"version": 1}, format="json")

    assert response.status_code == 400
    position.refresh_from_db()
    assert position.status == PositionStatus.DRAFT


def test_put_and_delete_are_not_allowed(api_client, member, position):
    api_client.force_authenticate(member)

    assert api_client.put(f"/api/v1/positions/{position.pk}/", {}, format="json").status_code == 405
    assert api_client.delete(f"/api/v1/positions/{position.pk}/").status_code == 405
    assert Position.objects.filter(pk=position.pk).exists()


@pytest.mark.parametrize("count", [1, 10])
def test_position_list_query_count(api_client, member, company, django_assert_num_queries, count):
    other = CompanyFactory()
    for _ in range(count):
        consultation = ConsultationFactory(arguments_shown=ArgumentsShown.LIVE)
        PositionFactory(consultation=consultation, company=company)
        PositionFactory(consultation=consultation, company=other, status=PositionStatus.SUBMITTED)
    api_client.force_authenticate(member)

    # affiliation, count, page, answers
    with django_assert_num_queries(4):
        assert len(api_client.get("/api/v1/positions/").json()["results"]) == 2 * count


def test_submit_without_version_is_400_and_unchanged(api_client, referent, position):
    api_client.force_authenticate(referent)

    response = api_client.post(f"/api/v1/positions/{position.pk}/submit/", {}, format="json")

    assert response.status_code == 400
    assert "version" in response.json()
    position.refresh_from_db()
    assert (position.status, position.submitted_at) == (PositionStatus.DRAFT, None)


def test_submit_with_stale_version_is_409_and_unchanged(api_client, referent, position):
    api_client.force_authenticate(referent)

    response = api_client.post(f"/api/v1/positions/{position.pk}/submit/", {"version": 2}, format="json")

    assert response.status_code == 409
    position.refresh_from_db()
    assert (position.status, position.submitted_at) == (PositionStatus.DRAFT, None)
