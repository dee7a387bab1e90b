import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from roadmap.enums import ActionStatus, PositionStatus, Stance
from roadmap.models import Action, Consultation, Position
from tests.factories import CompanyFactory

from .factories import ActionFactory, ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _form(stance="support", argument="", shared=True, version=None):
    data = {"stance": stance, "argument": argument}
    if shared:
        data["shared"] = "on"
    if version is not None:
        data["version"] = str(version)
    return data


# Roadmap pages -------------------------------------------------------------------------------------


def test_roadmap_page_shows_orientations_progress_and_badges(client, action):
    ActionFactory(orientation=action.orientation, title="Action réalisée", status=ActionStatus.DONE, progress=100)

    response = client.get(reverse("roadmap:roadmap"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Programme e-parcours" in html
    assert "Action réalisée" in html
    assert "progress-bar pct-50" in html  # orientation: mean of 0 and 100
    assert 'class="badge status-done"' in html
    assert "style=" not in html


def test_roadmap_filters(client, action):
    done = ActionFactory(orientation=action.orientation, title="Action réalisée", status=ActionStatus.DONE)
    stale = ActionFactory(title="Action oubliée", owner="CNAM")
    Action.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(days=90))

    by_status = client.get(reverse("roadmap:roadmap"), {"status": "done"}).content.decode()
    by_owner = client.get(reverse("roadmap:roadmap"), {"owner": "CNAM"}).content.decode()
    by_stale = client.get(reverse("roadmap:roadmap"), {"stale": "on"}).content.decode()

    assert (done.title in by_status, action.title in by_status) == (True, False)
    assert (stale.title in by_owner, action.title in by_owner) == (True, False)
    assert (stale.title in by_stale, done.title in by_stale, action.title in by_stale) == (True, False, False)
    assert "sans mise à jour récente" in by_stale


def test_stale_days_setting(client, action, settings):
    Action.objects.filter(pk=action.pk).update(updated_at=timezone.now() - timedelta(days=10))
    settings.ROADMAP_STALE_DAYS = 5

    html = client.get(reverse("roadmap:roadmap"), {"stale": "on"}).content.decode()

    assert action.title in html


@pytest.mark.parametrize("count", [1, 10])
def test_roadmap_page_query_count(client, django_assert_num_queries, count):
    for _ in range(count):
        ActionFactory()

    with django_assert_num_queries(7):
        response = client.get(reverse("roadmap:roadmap"))

    assert response.content.decode().count('class="list-group-item"') == count


@pytest.mark.parametrize("count", [1, 10])
def test_action_page_query_count(client, member, action, company, django_assert_num_queries, count):
    for index in range(count):
        consultation = ConsultationFactory(action=action)
        PositionFactory(consultation=consultation, company=company)
        action.timeline.create(text=f"Étape {index}")
    client.force_login(member)

    # +1: the header's unread notifications count (the bell); +1: the comment thread; +2: the
    # association's line (joint positions, their counts; the consultations are the page's own). The
    # followers are counted in the action's query; the groups the viewer chairs come from their
    # memberships, read once.
    with django_assert_num_queries(13):
        response = client.get(reverse("roadmap:action-detail", args=[action.pk]))

    assert response.content.decode().count("Soutenez-vous cette action ?") == count


def test_follow_and_unfollow(client, member, action):
    client.force_login(member)

    client.post(reverse("roadmap:action-follow", args=[action.pk]), {"follow": "1"})
    assert list(action.followers.all()) == [member]
    client.post(reverse("roadmap:action-follow", args=[action.pk]), {"follow": "0"})
    assert list(action.followers.all()) == []


def test_user_without_company_cannot_follow(client, lonely_user, action):
    client.force_login(lonely_user)

    response = client.post(reverse("roadmap:action-follow", args=[action.pk]), {"follow": "1"})

    assert response.status_code == 403
    assert list(action.followers.all()) == []


def test_staff_posts_an_update_and_followers_get_an_email(
    client, staff, member, action, mailoutbox, django_capture_on_commit_callbacks
):
    action.followers.add(member)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("roadmap:action-update", args=[action.pk]),
            {"text": "Déploiement engagé", "status": "deploying", "progress": "", "link": ""},
        )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.DEPLOYING, 70)
    assert [m.to for m in mailoutbox] == [[member.email]]


def test_member_cannot_post_an_update(client, member, action):
    client.force_login(member)

    response = client.post(reverse("roadmap:action-update", args=[action.pk]), {"text": "x", "status": "done"})

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


# Consultation pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 10])
def test_consultation_list_query_count(client, member, company, django_assert_num_queries, count):
    for _ in range(count):
        PositionFactory(consultation=ConsultationFactory(), company=company)
    client.force_login(member)

    # +1: the header's unread notifications count (the bell).
    with django_assert_num_queries(8):
        response = client.get(reverse("roadmap:consultation-list"))

    assert response.content.decode().count("Soutenez-vous cette action ?") == count


@pytest.mark.parametrize("companies", [1, 50])
def test_consultation_page_query_count(client, staff, consultation, django_assert_num_queries, companies):
    for index in range(companies):
        company = CompanyFactory()
        if index % 2 == 0:
            PositionFactory(
                consultation=consultation,
                company=company,
                stance=Stance.OPPOSE,
                argument=f"Argument {index}",
                status=PositionStatus.SUBMITTED,
            )
    client.force_login(staff)

    with django_assert_num_queries(9):
        response = client.get(reverse("roadmap:consultation-detail", args=[consultation.pk]))

    assert response.content.decode().count("Argument ") == (companies + 1) // 2


def test_member_drafts_on_the_page(client, member, consultation, company):
    client.force_login(member)

    response = client.post(reverse("roadmap:consultation-detail", args=[consultation.pk]), _form("oppose", "Trop tôt"))

    assert response.status_code == 302
    position = Position.objects.get()
    assert (position.company, position.stance, position.status) == (company, "oppose", "draft")


def test_missing_argument_is_a_form_error(client, member, consultation):
    client.force_login(member)

    response = client.post(reverse("roadmap:consultation-detail", args=[consultation.pk]), _form("oppose"))

    assert response.status_code == 200
    assert "Un argumentaire est requis" in response.content.decode()
    assert not Position.objects.exists()


def test_stale_form_shows_an_error_and_keeps_the_first_edit(client, member, referent, position, consultation):
    url = reverse("roadmap:consultation-detail", args=[consultation.pk])
    client.force_login(member)
    client.post(url, _form("support", "première", version=1))
    client.force_login(referent)

    response = client.post(url, _form("abstain", "seconde", version=1))

    assert response.status_code == 200
    assert "Quelqu&#x27;un a modifié cette position entre-temps" in response.content.decode()
    position.refresh_from_db()
    assert (position.argument, position.version) == ("première", 2)


def test_post_after_closing_is_refused(client, member, company, closed_consultation):
    position = PositionFactory(consultation=closed_consultation, company=company)
    client.force_login(member)

    response = client.post(
        reverse("roadmap:consultation-detail", args=[closed_consultation.pk]), _form("abstain", version=1)
    )

    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.stance, position.version) == (Stance.SUPPORT, 1)


def test_member_cannot_submit_on_the_page(client, member, position, consultation):
    client.force_login(member)

    response = client.post(reverse("roadmap:position-submit", args=[consultation.pk]), {"version": 1})

    assert response.status_code == 403
    position.refresh_from_db()
    assert position.status == PositionStatus.DRAFT


def test_referent_submits_on_the_page(client, referent, position, consultation):
    client.force_login(referent)

    response = client.post(reverse("roadmap:position-submit", args=[consultation.pk]), {"version": 1})

    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.status, position.submitted_by) == (PositionStatus.SUBMITTED, referent)


def test_synthesis_chart_is_css_classes_only(client, referent, consultation, company, settings):
    settings.SYNTHESIS_MIN_GROUP = 1  # a count of one, not masked here
    PositionFactory(consultation=consultation, company=company, status=PositionStatus.SUBMITTED)
    client.force_login(referent)

    html = client.get(reverse("roadmap:consultation-detail", args=[consultation.pk])).content.decode()

    assert 'synthesis-bar stance-support pct-100"' in html
    assert 'synthesis-bar stance-oppose pct-0"' in html
    assert "style=" not in html


def test_staff_exports_csv(client, staff, consultation, company):
    PositionFactory(
        consultation=consultation,
        company=company,
        stance="oppose",
        argument="Non",
        status=PositionStatus.SUBMITTED,
    )
    CompanyFactory(name="Sans Réponse SA")
    client.force_login(staff)

    response = client.get(reverse("roadmap:synthesis-export", args=[consultation.pk, "csv"]))

    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Entreprise,SIREN,Statut,Position")
    assert sorted(line.split(",")[0] for line in lines[1:]) == [company.name, "Sans Réponse SA"]
    assert any("Opposition" in line and "Non" in line for line in lines)


def test_staff_exports_xlsx(client, staff, consultation):
    client.force_login(staff)

    response = client.get(reverse("roadmap:synthesis-export", args=[consultation.pk, "xlsx"]))

    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_staff_opens_a_consultation_in_paris_time(client, staff, action):
    client.force_login(staff)
    future = (timezone.now() + timedelta(days=30)).strftime("%Y-%m-%d")

    response = client.post(
        reverse("roadmap:consultation-create"),
        {
            "action": action.pk,
            "group": "",
            "question": "Votre avis ?",
            "opens_at": "2020-06-01T12:00",
            "closes_at": f"{future}T12:00",
        },
    )

    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.opens_at.isoformat() == "2020-06-01T10:00:00+00:00"
    assert consultation.closes_at.astimezone(ZoneInfo("Europe/Paris")).hour == 12
    page = client.get(consultation.get_absolute_url()).content.decode()
    # An open consultation shows its closing, relative, with the exact Paris time as entered.
    assert "12:00 (heure de Paris)" in page


def test_member_cannot_open_a_consultation(client, member):
    client.force_login(member)

    assert client.get(reverse("roadmap:consultation-create")).status_code == 403


def test_dashboard_panels(client, referent, consultation, position):
    other = ConsultationFactory(question="Question sans réponse")
    client.force_login(referent)

    html = client.get(reverse("dashboard")).content.decode()

    assert "Consultations en attente de la position de votre entreprise" in html
    assert "Question sans réponse" in html
    assert "Positions à soumettre (brouillons)" in html
    assert other.pk


def test_submit_through_page_without_version_is_refused_and_unchanged(client, referent, consultation, position):
    client.force_login(referent)

    response = client.post(reverse("roadmap:position-submit", args=[consultation.pk]), {}, follow=True)

    assert "La version lue est obligatoire" in response.content.decode()
    position.refresh_from_db()
    assert (position.status, position.submitted_at) == (PositionStatus.DRAFT, None)


def test_staff_export_neutralises_spreadsheet_formulas(client, staff, consultation, company):
    PositionFactory(
        consultation=consultation,
        company=company,
        stance="oppose",
        argument='=HYPERLINK("http://evil.example","clic")',
        status=PositionStatus.SUBMITTED,
    )
    client.force_login(staff)

    csv_response = client.get(reverse("roadmap:synthesis-export", args=[consultation.pk, "csv"]))
    xlsx_response = client.get(reverse("roadmap:synthesis-export", args=[consultation.pk, "xlsx"]))

    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode())))
    assert [row["Argumentaire"] for row in rows] == ['\'=HYPERLINK("http://evil.example","clic")']
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    assert sheet["F2"].value == '\'=HYPERLINK("http://evil.example","clic")'
