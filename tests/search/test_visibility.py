"""Search shows exactly what the caller may see: a secret planted in each kind is found by those who
may open it, and by nobody else — not in the results, not in the counts, not in an extract.

Each secret is a rare word, in the part of the object that search reads (title or body).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from groups.enums import MembershipStatus
from projects.enums import CallStatus
from search.indexing import rebuild
from search.selectors import Search

from ..groups.factories import MeetingFactory, WorkingGroupFactory, active_in
from ..projects.factories import CallFactory
from ..roadmap.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

SECRETS = {
    "archived group": "ornithorynque",
    "meeting of a group": "quetzalcoatl",
    "consultation of a group": "xylophone",
    "draft call": "zorglub",
}


@pytest.fixture
def world(member, outsider, staff):
    group = WorkingGroupFactory(name="Groupe restreint", slug="restreint", is_open=False)
    active_in(group, member)
    archived = WorkingGroupFactory(name="Groupe archivé", slug="archive", is_active=False)
    archived.description = f"Travaux sur l'{SECRETS['archived group']}."
    archived.save()
    meeting = MeetingFactory(group=group, title="Réunion de travail", agenda=f"1. Le {SECRETS['meeting of a group']}")
    consultation = ConsultationFactory(group=group, question=f"Faut-il un {SECRETS['consultation of a group']} ?")
    call = CallFactory(
        title="Appel en préparation",
        slug="preparation",
        status=CallStatus.DRAFT,
        description=f"Le projet {SECRETS['draft call']}.",
    )
    rebuild()
    return {"archived": archived, "meeting": meeting, "consultation": consultation, "call": call}


def _kinds_found(user, word) -> tuple[dict, list]:
    search = Search(user, word)
    return search.counts, [(hit.kind, hit.id) for hit in search.ranked()[:10]]


def test_those_who_may_open_each_object_find_it(postgres_only, world, member, staff):
    found_by_member = {secret: _kinds_found(member, word)[0] for secret, word in SECRETS.items()}
    found_by_staff = {secret: _kinds_found(staff, word)[0] for secret, word in SECRETS.items()}

    assert found_by_member == {
        "archived group": {},
        "meeting of a group": {"meeting": 1},
        "consultation of a group": {"consultation": 1},
        "draft call": {},
    }
    assert found_by_staff == {
        "archived group": {"group": 1},
        "meeting of a group": {"meeting": 1},
        "consultation of a group": {"consultation": 1},
        "draft call": {"call": 1},
    }


@pytest.mark.parametrize("who", ["outsider", "lonely_user", "anonymous"])
@pytest.mark.parametrize("secret", sorted(SECRETS))
def test_others_find_nothing_of_a_secret(postgres_only, world, request, who, secret):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    word = SECRETS[secret]

    assert _kinds_found(user, word) == ({}, [])


@pytest.mark.parametrize("who", ["outsider", "lonely_user", "anonymous"])
def test_pages_and_api_show_nothing_of_the_secrets(postgres_only, world, client, api_client, request, who):
    if who != "anonymous":
        user = request.getfixturevalue(who)
        client.force_login(user)
        api_client.force_authenticate(user)
    urls = [world[name].get_absolute_url() for name in ("archived", "meeting", "consultation", "call")]

    for word in SECRETS.values():
        page = client.get(reverse("search:results"), {"q": word})
        overview = page.content.decode()
        one_kind = client.get(reverse("search:results"), {"q": word, "kind": "meeting"}).content.decode()
        api = api_client.get(reverse("api-search"), {"q": word}).json()

        assert page.status_code == 200
        assert [url for url in urls if url in overview or url in one_kind] == []
        assert "résultats pour" not in overview  # no count, not even zero of a kind
        assert "search-results" not in overview + one_kind  # no list of results, no extract
        assert "<mark>" not in overview + one_kind
        assert (api["count"], api["results"]) == (0, [])


def test_a_group_only_meeting_leaves_the_results_when_its_reader_leaves(postgres_only, world, member):
    assert _kinds_found(member, SECRETS["meeting of a group"])[0] == {"meeting": 1}

    member.group_memberships.update(status=MembershipStatus.LEFT)

    assert _kinds_found(member, SECRETS["meeting of a group"]) == ({}, [])
