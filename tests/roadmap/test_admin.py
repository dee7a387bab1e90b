import pytest
import tablib
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from roadmap import services
from roadmap.admin import ActionResource, PositionResource
from roadmap.enums import ActionStatus, PositionStatus, QuestionKind
from roadmap.models import Action, Position
from tests.factories import CompanyFactory, UserFactory

from .factories import ActionFactory, ConsultationFactory, OrientationFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def _import(dataset):
    return ActionResource().import_data(dataset, dry_run=False, raise_errors=True)


def test_action_export_then_import_is_idempotent(action):
    exported = ActionResource().export()

    result = _import(tablib.Dataset().load(exported.csv, format="csv"))

    assert result.totals["new"] == 0
    assert Action.objects.count() == 1


def test_action_import_updates_on_roadmap_and_number(action):
    OrientationFactory(roadmap=action.roadmap, number=9)
    rows = tablib.Dataset(
        headers=["roadmap", "number", "orientation", "title", "owner", "status", "progress", "pilot_group"]
    )
    rows.append([action.roadmap.slug, action.number, 9, "Nouveau titre", "ANS", "in_progress", 40, ""])
    rows.append([action.roadmap.slug, 99, 9, "Action ajoutée", "CNAM", "not_started", 0, ""])

    _import(rows)
    _import(rows)

    assert Action.objects.count() == 2
    updated = Action.objects.get(pk=action.pk)
    assert (updated.title, updated.owner, updated.status, updated.progress, updated.orientation.number) == (
        "Nouveau titre",
        "ANS",
        ActionStatus.IN_PROGRESS,
        40,
        9,
    )


def test_import_with_unknown_orientation_reports_an_error(action):
    rows = tablib.Dataset(headers=["roadmap", "number", "orientation", "title"])
    rows.append([action.roadmap.slug, 50, 77, "Sans orientation"])

    result = ActionResource().import_data(rows, dry_run=True)

    assert result.has_errors() or result.has_validation_errors()
    assert Action.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    ["roadmap_action", "roadmap_orientation", "roadmap_consultation", "roadmap_position", "roadmap_roadmap"],
)
def test_admin_pages_render(client, superuser, name):
    consultation = ConsultationFactory()
    position = PositionFactory(consultation=consultation, company=CompanyFactory(), status=PositionStatus.SUBMITTED)
    client.force_login(superuser)

    changelist = client.get(reverse(f"admin:{name}_changelist"))

    assert changelist.status_code == 200
    if name == "roadmap_position":
        assert client.get(reverse("admin:roadmap_position_history", args=[position.pk])).status_code == 200
    if name == "roadmap_action":
        change = client.get(reverse("admin:roadmap_action_change", args=[consultation.action_id]))
        assert change.status_code == 200


def test_admin_inline_timeline_entry_goes_through_the_service(
    client, superuser, member, mailoutbox, django_capture_on_commit_callbacks
):
    action = ActionFactory()
    action.followers.add(member)
    client.force_login(superuser)
    prefix = "timeline"
    data = {
        "roadmap": action.roadmap_id,
        "orientation": action.orientation_id,
        "number": action.number,
        "title": action.title,
        "description": "",
        "owner": action.owner,
        "pilot_group": "",
        "target_date": "",
        "source_url": "",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-date_0": "01/06/2020",
        f"{prefix}-0-date_1": "12:00:00",
        f"{prefix}-0-text": "Lancement",
        f"{prefix}-0-link": "",
        f"{prefix}-0-status": "done",
        f"{prefix}-0-progress": "",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:roadmap_action_change", args=[action.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.DONE, 100)
    assert [m.to for m in mailoutbox] == [[member.email]]


def test_position_admin_hides_drafts_in_list_change_history_and_export(client, superuser):
    consultation = ConsultationFactory()
    draft = PositionFactory(consultation=consultation, company=CompanyFactory(), argument="Brouillon confidentiel")
    sent = PositionFactory(consultation=consultation, company=CompanyFactory(), status=PositionStatus.SUBMITTED)
    client.force_login(superuser)
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = admin.site._registry[Position]

    changelist = client.get(reverse("admin:roadmap_position_changelist"))
    change = client.get(reverse("admin:roadmap_position_change", args=[draft.pk]))
    history = client.get(reverse("admin:roadmap_position_history", args=[draft.pk]))
    history_form = client.get(
        reverse("admin:roadmap_position_simple_history", args=[draft.pk, draft.history.latest().history_id])
    )

    assert [p.pk for p in changelist.context["cl"].result_list] == [sent.pk]
    assert "Brouillon confidentiel" not in changelist.content.decode()
    assert (change.status_code, history.status_code, history_form.status_code) == (302, 404, 404)
    assert list(model_admin.get_export_queryset(request)) == [sent]
    assert list(model_admin.get_valid_export_item_pks(request)) == [sent.pk]


def test_position_admin_neither_shows_nor_edits_a_pending_revision(client, superuser):
    sent = PositionFactory(
        company=CompanyFactory(),
        status=PositionStatus.SUBMITTED,
        stance="oppose",
        argument="Réponse signée",
        revision_stance="oppose",
        revision_argument="Révision non signée",
    )
    client.force_login(superuser)
    url = reverse("admin:roadmap_position_change", args=[sent.pk])

    page = client.get(url)
    client.post(url, {"revision_stance": "support", "revision_argument": "", "revision_shared": "on"})

    assert "Révision non signée" not in page.content.decode()
    sent.refresh_from_db()
    revision = (sent.revision_stance, sent.revision_argument, sent.revision_shared)
    assert revision == ("oppose", "Révision non signée", False)


def test_position_resource_neutralises_formulas():
    PositionFactory(company=CompanyFactory(name="@SUM(A1)"), argument="-2+3", status=PositionStatus.SUBMITTED)

    row = PositionResource().export(Position.objects.all()).dict[0]

    assert (row["company"], row["argument"]) == ("'@SUM(A1)", "'-2+3")


def _consultation_form(consultation, question, *, choices: str) -> dict:
    local = timezone.localtime
    return {
        "action": consultation.action_id,
        "group": "",
        "question": consultation.question,
        "opens_at_0": local(consultation.opens_at).strftime("%d/%m/%Y"),
        "opens_at_1": local(consultation.opens_at).strftime("%H:%M:%S"),
        "closes_at_0": local(consultation.closes_at).strftime("%d/%m/%Y"),
        "closes_at_1": local(consultation.closes_at).strftime("%H:%M:%S"),
        "arguments_shown": consultation.arguments_shown,
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "1",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-id": question.pk,
        "questions-0-consultation": consultation.pk,
        "questions-0-kind": question.kind,
        "questions-0-label": question.label,
        "questions-0-choices": choices,
        "questions-0-required": "",
    }


def test_admin_question_inline_goes_through_the_services(client, superuser, staff, member, consultation):
    question = services.add_question(
        consultation=consultation, by=staff, kind=QuestionKind.SINGLE, label="Prête ?", choices=["Oui", "Non"]
    )
    services.create_position(consultation=consultation, by=member, stance="support", answers={question.pk: "Oui"})
    client.force_login(superuser)
    url = reverse("admin:roadmap_consultation_change", args=[consultation.pk])

    refused = client.post(url, _consultation_form(consultation, question, choices='["Oui", "Non", "Sans avis"]'))
    relabelled = client.post(
        url, {**_consultation_form(consultation, question, choices='["Oui", "Non"]'), "questions-0-label": "Prête ?!"}
    )

    assert refused.status_code == 200
    assert "son type et ses choix ne changent plus" in refused.content.decode()
    assert relabelled.status_code == 302, relabelled.content.decode()[:3000]
    question.refresh_from_db()
    assert (question.label, question.choices) == ("Prête ?!", ["Oui", "Non"])
