from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from groups.enums import MembershipStatus
from groups.models import Meeting, Membership
from tests.factories import CompanyFactory, member_of

from .factories import MeetingFactory, WorkingGroupFactory, active_in, chair_of, pending_in


def _text(response) -> str:
    return response.content.decode()


def test_group_list_shows_tree_counts_and_my_groups(client, member, open_group, moderated_group, chair):
    sub = WorkingGroupFactory(name="Charte qualité", slug="charte", parent=open_group)
    WorkingGroupFactory(name="Sous-sous-groupe", slug="deep", parent=sub)
    active_in(open_group, member)
    client.force_login(member)

    response = client.get("/groupes/")

    assert response.status_code == 200
    roots = response.context["roots"]
    assert [g.slug for g in roots] == ["formation", "think-tank"]
    assert [g.slug for g in roots[0].subgroups] == ["charte"]
    assert [g.slug for g in roots[0].subgroups[0].subgroups] == ["deep"]
    assert [g.slug for g in response.context["my_groups"]] == ["formation"]
    assert "Sous-sous-groupe" in _text(response)


def test_group_list_is_public_and_invites_visitors_to_sign_in(client, member, open_group, moderated_group, chair):
    WorkingGroupFactory(name="Charte qualité", slug="charte", parent=open_group)
    WorkingGroupFactory(name="Groupe archivé", slug="archive", is_active=False)
    active_in(open_group, member)

    response = client.get("/groupes/")

    assert response.status_code == 200
    roots = response.context["roots"]
    assert [(g.slug, g.member_count) for g in roots] == [("formation", 1), ("think-tank", 1)]
    assert [g.slug for g in roots[0].subgroups] == ["charte"]
    text = _text(response)
    assert "Groupe archivé" not in text
    assert "Claire Présidente" not in text
    assert "Marie Membre" not in text
    assert "/compte/login/?next=/groupes/" in text


@pytest.mark.parametrize("count", [1, 10])
def test_group_list_query_budget_for_visitors(db, client, count, django_assert_num_queries):
    parent = WorkingGroupFactory()
    for _ in range(count):
        chair_of(WorkingGroupFactory(parent=parent), member_of(CompanyFactory()))

    with django_assert_num_queries(1):
        response = client.get("/groupes/")

    assert len(response.context["roots"][0].subgroups) == count


@pytest.mark.parametrize("count", [1, 10])
def test_group_list_query_budget(client, member, count, django_assert_num_queries):
    parent = WorkingGroupFactory()
    for _ in range(count):
        group = WorkingGroupFactory(parent=parent)
        chair_of(group, member_of(CompanyFactory()))
        active_in(group, member)
    client.force_login(member)

    # Session, user, the header's company and unread count (the bell), groups with their member
    # counts, the member's memberships (the page shows no chairs: none read).
    with django_assert_num_queries(6):
        response = client.get("/groupes/")

    assert len(response.context["my_groups"]) == count


def test_group_page_shows_members_and_meetings_to_members(client, member, outsider, moderated_group, chair):
    active_in(moderated_group, member)
    MeetingFactory(group=moderated_group, title="Plénière de rentrée")
    client.force_login(member)

    response = client.get("/groupes/think-tank/")

    assert response.status_code == 200
    assert [(m.user.full_name, m.company_name, m.role) for m in response.context["members"]] == [
        ("Claire Présidente", "Entreprise Présidente", "chair"),
        ("Marie Membre", "Demo Company 1", "member"),
    ]
    assert [m.title for m in response.context["meetings"]] == ["Plénière de rentrée"]
    assert "Plénière de rentrée" in _text(response)
    assert response.context["pending"] == []


def test_group_page_hides_members_and_meetings_from_non_members(client, member, outsider, moderated_group, chair):
    active_in(moderated_group, member)
    MeetingFactory(group=moderated_group, title="Plénière secrète")
    client.force_login(outsider)

    response = client.get("/groupes/think-tank/")

    assert response.status_code == 200
    text = _text(response)
    assert "Marie Membre" not in text
    assert "Plénière secrète" not in text
    assert (response.context["members"], response.context["meetings"]) == ([], [])
    assert "Claire Présidente" in text  # chairs are public


def test_group_page_shows_visitors_the_public_description_only(client, member, outsider, moderated_group, chair):
    moderated_group.description = "Un groupe de réflexion prospective."
    moderated_group.save()
    WorkingGroupFactory(name="Veille", slug="veille", parent=moderated_group)
    active_in(moderated_group, member)
    pending_in(moderated_group, outsider)
    MeetingFactory(group=moderated_group, title="Plénière secrète")

    response = client.get("/groupes/think-tank/")

    assert response.status_code == 200
    text = _text(response)
    assert "Un groupe de réflexion prospective." in text
    assert [g.slug for g in response.context["subgroups"]] == ["veille"]
    for private in ("Claire Présidente", "Marie Membre", "Plénière secrète", outsider.get_full_name()):
        assert private not in text
    assert (response.context["members"], response.context["meetings"], response.context["pending"]) == ([], [], [])
    assert "/compte/login/?next=/groupes/think-tank/" in text
    assert "Se connecter pour rejoindre" in text


def test_archived_group_page_is_404_for_visitors(client, open_group):
    open_group.is_active = False
    open_group.save()

    assert client.get("/groupes/formation/").status_code == 404


def test_archived_group_page_is_404_for_members(client, member, open_group):
    open_group.is_active = False
    open_group.save()
    client.force_login(member)

    assert client.get("/groupes/formation/").status_code == 404


def test_group_page_shows_pending_requests_to_chair(client, chair, member, moderated_group):
    pending_in(moderated_group, member)
    client.force_login(chair)

    response = client.get("/groupes/think-tank/")

    assert [p.user for p in response.context["pending"]] == [member]
    assert "Demandes d'adhésion à traiter" in _text(response)


@pytest.mark.parametrize("count", [1, 10])
def test_group_page_query_budget(client, chair, moderated_group, count, django_assert_num_queries):
    for _ in range(count):
        company = CompanyFactory()
        active_in(moderated_group, member_of(company))
        pending_in(moderated_group, member_of(company))
        MeetingFactory(group=moderated_group)
        WorkingGroupFactory(parent=moderated_group)
    client.force_login(chair)

    # +1: the header's unread notifications count (the bell); +1: the group's comment thread (read
    # whole in one query; the page tells it whether the viewer reads it).
    with django_assert_num_queries(12):
        response = client.get("/groupes/think-tank/")

    assert len(response.context["members"]) == count + 1
    assert len(response.context["pending"]) == count


@pytest.mark.parametrize("page", [1, 2])
def test_group_page_lists_members_and_requests_fifty_at_a_time(
    client, chair, moderated_group, page, django_assert_num_queries
):
    company = CompanyFactory()
    for _ in range(60):
        active_in(moderated_group, member_of(company))
        pending_in(moderated_group, member_of(company))
    client.force_login(chair)

    # +1: the header's unread notifications count (the bell); +1: the group's comment thread (read
    # whole in one query; the page tells it whether the viewer reads it).
    with django_assert_num_queries(12):
        response = client.get(f"/groupes/think-tank/?page={page}&demandes={page}")

    page_html = response.content.decode()
    assert len(response.context["members"]) == (50 if page == 1 else 11)  # 60 members and the chair
    assert len(response.context["pending"]) == (50 if page == 1 else 10)
    assert response.context["members_page"].paginator.count == 61
    assert response.context["pending_page"].paginator.count == 60
    assert (f'href="?page={page + 1}#members-title"' in page_html) == (page == 1)
    assert (f'href="?demandes={page + 1}#pending-title"' in page_html) == (page == 1)


def test_group_page_shows_no_member_list_to_a_non_member(client, member, moderated_group):
    active_in(moderated_group, member_of(CompanyFactory(), user__full_name="Nina Cachée"))
    client.force_login(member)

    response = client.get("/groupes/think-tank/")

    assert response.context["members"] == []
    assert response.context["pending"] == []
    assert "Nina Cachée" not in response.content.decode()


def test_join_and_leave_through_the_page(client, member, open_group):
    client.force_login(member)

    joined = client.post("/groupes/formation/rejoindre/", follow=True)
    state_after_join = Membership.objects.get(user=member).status
    client.post("/groupes/formation/quitter/")

    assert "Bienvenue dans le groupe « Formation »" in _text(joined)
    assert state_after_join == MembershipStatus.ACTIVE
    assert Membership.objects.get(user=member).status == MembershipStatus.LEFT


def test_join_refusal_is_shown_on_the_page(client, lonely_user, open_group):
    client.force_login(lonely_user)

    response = client.post("/groupes/formation/rejoindre/", follow=True)

    assert "Seuls les membres d&#x27;une entreprise adhérente active" in _text(response)
    assert not Membership.objects.exists()


def test_join_is_post_only(client, member, open_group):
    client.force_login(member)

    assert client.get("/groupes/formation/rejoindre/").status_code == 405
    assert not Membership.objects.exists()


def test_chair_approves_on_the_group_page(client, chair, member, moderated_group):
    request = pending_in(moderated_group, member)
    client.force_login(chair)

    response = client.post(
        f"/groupes/participations/{request.pk}/decision/", {"decision": "approve", "message": "Bienvenue"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/groupes/think-tank/"
    request.refresh_from_db()
    assert (request.status, request.decision_message) == (MembershipStatus.ACTIVE, "Bienvenue")


def test_decision_of_already_decided_request_warns(client, chair, member, moderated_group):
    request = pending_in(moderated_group, member)
    client.force_login(chair)
    client.post(f"/groupes/participations/{request.pk}/decision/", {"decision": "approve"})

    response = client.post(f"/groupes/participations/{request.pk}/decision/", {"decision": "reject"}, follow=True)

    assert "Cette demande a déjà été traitée" in _text(response)
    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE


def test_member_of_another_group_cannot_decide_on_the_page(client, outsider, member, moderated_group, open_group):
    chair_of(open_group, outsider)
    request = pending_in(moderated_group, member)
    client.force_login(outsider)

    response = client.post(f"/groupes/participations/{request.pk}/decision/", {"decision": "approve"})

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING


def test_plain_member_cannot_decide_on_the_page(client, outsider, member, moderated_group, chair):
    active_in(moderated_group, outsider)
    request = pending_in(moderated_group, member)
    client.force_login(outsider)

    response = client.post(f"/groupes/participations/{request.pk}/decision/", {"decision": "approve"})

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == MembershipStatus.PENDING


def test_meeting_page_and_ics_for_members(client, member, moderated_group, chair):
    active_in(moderated_group, member)
    starts = timezone.now().replace(month=6, day=1, hour=10, minute=0, second=0, microsecond=0)
    starts = starts.replace(year=timezone.now().year + 1)
    meeting = MeetingFactory(group=moderated_group, title="Plénière", starts_at=starts, agenda="1. Bilan")
    client.force_login(member)

    page = client.get(f"/groupes/think-tank/reunions/{meeting.pk}/")
    ics = client.get(f"/groupes/think-tank/reunions/{meeting.pk}/reunion.ics")

    assert page.status_code == 200
    assert f"1er juin {starts.year}, 12:00 (heure de Paris)" in _text(page)
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert str(event["summary"]) == "Think tank — Plénière"
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") == meeting.ends_at
    assert "1. Bilan" in str(event["description"])


@pytest.mark.parametrize(
    "path", ["/groupes/think-tank/reunions/{pk}/", "/groupes/think-tank/reunions/{pk}/reunion.ics"]
)
def test_meeting_is_404_for_non_members(client, outsider, moderated_group, chair, path):
    meeting = MeetingFactory(group=moderated_group)
    client.force_login(outsider)

    assert client.get(path.format(pk=meeting.pk)).status_code == 404


def test_meeting_under_wrong_group_slug_is_404(client, member, moderated_group, open_group, chair):
    active_in(moderated_group, member)
    meeting = MeetingFactory(group=moderated_group)
    client.force_login(member)

    assert client.get(f"/groupes/formation/reunions/{meeting.pk}/").status_code == 404


def test_chair_schedules_a_meeting_in_paris_time(client, chair, moderated_group):
    client.force_login(chair)
    year = timezone.now().year + 1

    response = client.post(
        "/groupes/think-tank/reunions/nouvelle/",
        {
            "title": "Atelier PREM/PROM",
            "starts_at": f"{year}-06-01T12:00",
            "ends_at": f"{year}-06-01T14:00",
            "video_url": "https://visio.example/abc",
            "agenda": "Tour de table",
        },
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at.isoformat() == f"{year}-06-01T10:00:00+00:00"


def test_meeting_form_errors_are_shown_and_nothing_saved(client, chair, moderated_group):
    client.force_login(chair)
    year = timezone.now().year + 1

    response = client.post(
        "/groupes/think-tank/reunions/nouvelle/",
        {"title": "", "starts_at": f"{year}-06-01T12:00", "ends_at": f"{year}-06-01T11:00"},
    )

    assert response.status_code == 200
    text = _text(response)
    assert "Donnez un titre à la réunion." in text
    assert "Indiquez un lieu ou un lien de visioconférence." in text
    assert not Meeting.objects.exists()


def test_meeting_end_before_start_is_refused(client, chair, moderated_group):
    client.force_login(chair)
    year = timezone.now().year + 1

    response = client.post(
        "/groupes/think-tank/reunions/nouvelle/",
        {
            "title": "X",
            "place": "Paris",
            "starts_at": f"{year}-06-01T12:00",
            "ends_at": f"{year}-06-01T11:00",
        },
    )

    assert response.status_code == 200
    assert "La fin de la réunion doit suivre son début." in _text(response)
    assert not Meeting.objects.exists()


def test_plain_member_cannot_schedule(client, member, moderated_group, chair):
    active_in(moderated_group, member)
    client.force_login(member)
    starts = timezone.now() + timedelta(days=2)

    response = client.post(
        "/groupes/think-tank/reunions/nouvelle/",
        {"title": "X", "place": "Paris", "starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "ends_at": ""},
    )

    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_my_company_groups_for_referent(client, referent, member, open_group, moderated_group, outsider, chair):
    active_in(open_group, member)
    pending_in(moderated_group, referent)
    active_in(open_group, outsider)
    client.force_login(referent)

    response = client.get("/groupes/mon-entreprise/")

    assert response.status_code == 200
    assert [(m.group.slug, m.user.full_name, m.status) for m in response.context["memberships"]] == [
        ("formation", "Marie Membre", "active"),
        ("think-tank", "Rémi Référent", "pending"),
    ]
    assert "Olga Autre" not in _text(response)


def test_my_company_groups_denied_to_plain_member(client, member):
    client.force_login(member)

    assert client.get("/groupes/mon-entreprise/").status_code == 403


@pytest.mark.parametrize("count", [1, 10])
def test_my_company_groups_query_budget(client, company, referent, count, django_assert_num_queries):
    for _ in range(count):
        active_in(WorkingGroupFactory(), member_of(company))
    client.force_login(referent)

    # +1: the header's unread notifications count (the bell).
    with django_assert_num_queries(5):
        response = client.get("/groupes/mon-entreprise/")

    assert len(response.context["memberships"]) == count


def test_dashboard_panels_for_chair_and_member(client, chair, member, moderated_group, open_group):
    pending_in(moderated_group, member)
    MeetingFactory(group=moderated_group, title="Plénière")
    client.force_login(chair)

    response = client.get("/tableau-de-bord/")

    titles = [panel.title for panel in response.context["panels"]]
    assert "Demandes d'adhésion aux groupes à traiter" in titles
    assert "Prochaines réunions" in titles
    assert "Mes groupes de travail" in titles
    assert "Plénière" in _text(response)


@pytest.mark.parametrize("count", [1, 10])
def test_dashboard_query_budget(client, chair, moderated_group, count, django_assert_num_queries):
    for _ in range(count):
        pending_in(moderated_group, member_of(CompanyFactory()))
        MeetingFactory(group=moderated_group)
        active_in(WorkingGroupFactory(), chair)
    client.force_login(chair)

    # 9 for the groups, roadmap and projects panels, 5 for the reminders panel (one per deadline source),
    # 3 for the meetings panels (my action items, meetings awaiting my answer, minutes to review).
    # +1: the header's unread notifications count (the bell).
    with django_assert_num_queries(18):
        response = client.get("/tableau-de-bord/")

    assert response.status_code == 200
