"""Threads on documents and minutes: read by exactly who reads the document or the minutes; minutes
take comments only while circulated."""

import pytest

from discussion.models import Comment
from documents.enums import Visibility
from documents.models import Document
from meetings.enums import MinutesStatus
from meetings.models import Minutes
from tests.groups.factories import MeetingFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/comments/"


@pytest.fixture
def group_document(group, chair):
    return Document.objects.create(group=group, title="Note interne", visibility=Visibility.GROUP, created_by=chair)


@pytest.fixture
def public_document(group, chair):
    return Document.objects.create(group=group, title="Livre blanc", visibility=Visibility.PUBLIC, created_by=chair)


def _minutes(group, status):
    return Minutes.objects.create(meeting=MeetingFactory(group=group), text="Relevé de décisions.", status=status)


def test_group_document_thread_is_its_groups(api_client, group_document, member, seat, outsider):
    api_client.force_authenticate(member)
    posted = api_client.post(f"{LIST}?on=document:{group_document.pk}", {"body": "Relu."}, format="json")
    api_client.force_authenticate(outsider)

    hidden = api_client.get(f"{LIST}?on=document:{group_document.pk}")
    refused = api_client.post(f"{LIST}?on=document:{group_document.pk}", {"body": "Intrusion"}, format="json")

    assert posted.status_code == 201
    assert (hidden.status_code, refused.status_code) == (404, 404)
    assert list(Comment.objects.values_list("body", flat=True)) == ["Relu."]


def test_public_document_thread_is_the_members_not_anyones(api_client, public_document, outsider, lonely_user):
    api_client.force_authenticate(outsider)
    member_answer = api_client.get(f"{LIST}?on=document:{public_document.pk}").status_code
    api_client.force_authenticate(lonely_user)

    lonely_answer = api_client.get(f"{LIST}?on=document:{public_document.pk}").status_code

    assert (member_answer, lonely_answer) == (200, 404)


def test_document_page_shows_its_thread(client, group_document, member, seat):
    Comment.objects.create(kind="document", object_id=group_document.pk, author=member, body="Sur le document.")
    client.force_login(member)

    page = client.get(group_document.get_absolute_url()).content.decode()

    assert "Sur le document." in page


def test_draft_minutes_thread_is_hidden_from_members_like_the_minutes(api_client, group, member, seat, chair):
    draft = _minutes(group, MinutesStatus.DRAFT)
    api_client.force_authenticate(member)
    member_answer = api_client.get(f"{LIST}?on=minutes:{draft.pk}").status_code
    api_client.force_authenticate(chair)

    chair_answer = api_client.get(f"{LIST}?on=minutes:{draft.pk}").status_code
    closed = api_client.post(f"{LIST}?on=minutes:{draft.pk}", {"body": "Trop tôt."}, format="json")

    assert (member_answer, chair_answer, closed.status_code) == (404, 200, 409)
    assert Comment.objects.count() == 0


def test_circulated_minutes_take_comments_and_approved_ones_do_not(api_client, group, member, seat, outsider):
    circulated = _minutes(group, MinutesStatus.CIRCULATED)
    approved = _minutes(group, MinutesStatus.APPROVED)
    api_client.force_authenticate(member)

    on_circulated = api_client.post(f"{LIST}?on=minutes:{circulated.pk}", {"body": "Une correction."}, format="json")
    on_approved = api_client.post(f"{LIST}?on=minutes:{approved.pk}", {"body": "Trop tard."}, format="json")
    api_client.force_authenticate(outsider)
    outside = api_client.get(f"{LIST}?on=minutes:{circulated.pk}")

    assert (on_circulated.status_code, on_approved.status_code, outside.status_code) == (201, 409, 404)
    assert list(Comment.objects.values_list("body", flat=True)) == ["Une correction."]


def test_minutes_page_shows_its_thread_to_the_groups_members(client, group, member, seat):
    minutes = _minutes(group, MinutesStatus.CIRCULATED)
    Comment.objects.create(kind="minutes", object_id=minutes.pk, author=member, body="Sur le compte rendu.")
    client.force_login(member)

    page = client.get(minutes.get_absolute_url()).content.decode()

    assert "Sur le compte rendu." in page
