import re

import pytest
from django.urls import reverse

from tests.groups.factories import MeetingFactory, WorkingGroupFactory, active_in
from tests.projects.factories import CallFactory

pytestmark = pytest.mark.django_db


def _trail(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Fil d’Ariane">(.*?)</nav>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>|\s+", " ", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", nav, re.S)]


def test_inner_pages_have_a_breadcrumb_ending_with_the_page(client, staff, member):
    call = CallFactory(title="Appel santé", slug="appel-sante")
    client.force_login(staff)

    call_page = client.get(reverse("projects:call-detail", args=[call.slug])).content.decode()
    ranking = client.get(reverse("projects:call-ranking", args=[call.slug])).content.decode()
    new_consultation = client.get(reverse("roadmap:consultation-create")).content.decode()

    assert _trail(call_page) == ["Appels à projets", "Appel santé"]
    assert _trail(ranking) == ["Appels à projets", "Appel santé", "Classement et décisions"]
    assert _trail(new_consultation) == ["Consultations", "Ouvrir une consultation"]
    assert 'aria-current="page">Classement et décisions</li>' in ranking


def test_empty_consultation_list_says_what_to_do_next(client, member):
    client.force_login(member)

    html = client.get(reverse("roadmap:consultation-list")).content.decode()

    assert "Aucune consultation pour l'instant." in html
    assert f'<a href="{reverse("roadmap:roadmap")}">Voir la feuille de route</a>' in html


def test_group_page_dates_meetings_relatively_with_the_exact_time(client, member):
    group = WorkingGroupFactory(slug="formation")
    active_in(group, member)
    meeting = MeetingFactory(group=group, title="Plénière")
    client.force_login(member)

    html = client.get(reverse("groups:group-detail", args=["formation"])).content.decode()

    assert re.search(r'<time datetime="[^"]+" title="[^"]+">dans \d+\s\w+, le [^<]+\(heure de Paris\)</time>', html)
    assert meeting.title in html
