"""Access matrix of the library: every page and endpoint called by the wrong user refuses (login,
404 for what they may not see, 403 for what they see but may not change) and nothing changes."""

import pytest

from documents.enums import Visibility
from documents.models import Document, DocumentVersion
from documents.services import add_document

from ..factories import member_of
from ..groups.factories import WorkingGroupFactory, active_in, chair_of
from .conftest import stored_files
from .files import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(group, chair, member, seat, colleague, meeting):
    kept = add_document(group=group, by=member, title="Réservé", meeting=meeting, uploaded=pdf())
    shared = add_document(group=group, by=chair, title="Adhérents", visibility=Visibility.MEMBERS, uploaded=pdf())
    archived = WorkingGroupFactory(slug="archive", is_active=True)
    chair_of(archived, chair)
    old = add_document(group=archived, by=chair, title="Archivé", visibility=Visibility.PUBLIC, uploaded=pdf())
    type(archived).objects.filter(pk=archived.pk).update(is_active=False)
    return {"kept": kept, "shared": shared, "old": old}


def snapshot(root) -> dict:
    return {
        "documents": sorted(
            Document.objects.values_list("pk", "title", "description", "visibility", "meeting_id", "current_version_id")
        ),
        "versions": sorted(DocumentVersion.objects.values_list("document_id", "number", "filename")),
        "files": stored_files(root),
    }


PAGE_DATA = {"title": "Piraté", "description": "x", "visibility": "group"}


def _pages(w):
    kept = w["kept"].pk
    return [
        ("get", "/groupes/evaluation/documents/nouveau/", None),
        ("post", "/groupes/evaluation/documents/nouveau/", "file"),
        ("get", f"/documents/{kept}/", None),
        ("get", f"/documents/{kept}/modifier/", None),
        ("post", f"/documents/{kept}/modifier/", "words"),
        ("post", f"/documents/{kept}/versions/", "file"),
        ("get", f"/documents/{kept}/telecharger/", None),
        ("get", f"/documents/{kept}/telecharger/?version=1", None),
    ]


def _send(client, method, url, body):
    if body == "file":
        return client.post(url, {**PAGE_DATA, "file": pdf(), "note": "x"})
    if body == "words":
        return client.post(url, PAGE_DATA)
    return getattr(client, method)(url)


@pytest.mark.parametrize("index", range(8))
def test_pages_send_a_visitor_to_sign_in_and_change_nothing(client, world, private_root, index):
    method, url, body = _pages(world)[index]
    before = snapshot(private_root)

    response = _send(client, method, url, body)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/?next=")
    assert snapshot(private_root) == before


# What a member of another company (not in the group) gets: the add form is for the group's
# members (403: they see the group); a group document does not exist for them (404).
OUTSIDER_STATUS = [403, 403, 404, 404, 404, 404, 404, 404]
# A member of the group who is not the document's author: reads it, may not change it.
COLLEAGUE_STATUS = {3: 403, 4: 403, 5: 403}


@pytest.mark.parametrize("who", ["outsider", "lonely_user"])
@pytest.mark.parametrize("index", range(8))
def test_pages_refuse_people_outside_the_group_and_change_nothing(client, world, private_root, request, who, index):
    method, url, body = _pages(world)[index]
    client.force_login(request.getfixturevalue(who))
    before = snapshot(private_root)

    response = _send(client, method, url, body)

    assert response.status_code == OUTSIDER_STATUS[index]
    assert snapshot(private_root) == before


@pytest.mark.parametrize("index", sorted(COLLEAGUE_STATUS))
def test_pages_refuse_a_colleague_who_is_not_the_author(client, world, colleague, private_root, index):
    method, url, body = _pages(world)[index]
    client.force_login(colleague)
    before = snapshot(private_root)

    response = _send(client, method, url, body)

    assert response.status_code == COLLEAGUE_STATUS[index]
    assert snapshot(private_root) == before


def test_documents_of_an_archived_group_are_hidden_from_members(client, api_client, world, member, private_root):
    old = world["old"].pk
    client.force_login(member)
    api_client.force_authenticate(member)

    statuses = [
        client.get(f"/documents/{old}/").status_code,
        client.get(f"/documents/{old}/telecharger/").status_code,
        client.get("/groupes/archive/documents/").status_code,
        api_client.get(f"/api/v1/documents/{old}/").status_code,
        api_client.get("/api/v1/groups/archive/documents/").status_code,
    ]

    assert statuses == [404, 404, 404, 404, 404]
    assert old not in [d.pk for d in client.get("/publications/").context["documents"]]


def _api(w):
    kept = w["kept"].pk
    return [
        ("post", "/api/v1/groups/evaluation/documents/", {"title": "Piraté", "file": pdf()}, "multipart"),
        ("get", f"/api/v1/documents/{kept}/", None, None),
        ("patch", f"/api/v1/documents/{kept}/", {"title": "Piraté"}, "json"),
        ("post", f"/api/v1/documents/{kept}/versions/", {"file": pdf()}, "multipart"),
        ("get", f"/api/v1/documents/{kept}/download/", None, None),
    ]


API_ANONYMOUS = [401, 404, 401, 401, 404]
API_OUTSIDER = [403, 404, 404, 404, 404]
API_COLLEAGUE = {2: 403, 3: 403}


def _call(api_client, method, url, data, fmt):
    if data is None:
        return getattr(api_client, method)(url)
    return getattr(api_client, method)(url, data, format=fmt)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "lonely_user"])
@pytest.mark.parametrize("index", range(5))
def test_api_refuses_people_outside_the_group_and_changes_nothing(api_client, world, private_root, request, who, index):
    method, url, data, fmt = _api(world)[index]
    if who != "anonymous":
        api_client.force_authenticate(request.getfixturevalue(who))
    before = snapshot(private_root)

    response = _call(api_client, method, url, data, fmt)

    assert response.status_code == (API_ANONYMOUS if who == "anonymous" else API_OUTSIDER)[index]
    assert snapshot(private_root) == before


@pytest.mark.parametrize("index", sorted(API_COLLEAGUE))
def test_api_refuses_a_colleague_who_is_not_the_author(api_client, world, colleague, private_root, index):
    method, url, data, fmt = _api(world)[index]
    api_client.force_authenticate(colleague)
    before = snapshot(private_root)

    response = _call(api_client, method, url, data, fmt)

    assert response.status_code == API_COLLEAGUE[index]
    assert snapshot(private_root) == before


def test_a_member_of_another_group_of_the_same_company_sees_members_documents_only(api_client, world, company):
    elsewhere = member_of(company, user__email="elsewhere@company.example")
    active_in(WorkingGroupFactory(), elsewhere)
    api_client.force_authenticate(elsewhere)

    listed = api_client.get("/api/v1/groups/evaluation/documents/").json()["results"]

    assert [d["title"] for d in listed] == ["Adhérents"]
    assert api_client.get(f"/api/v1/documents/{world['kept'].pk}/").status_code == 404
